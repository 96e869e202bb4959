package io.shoplens.frame;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.InflaterInputStream;

/**
 * The frame's columns as bytes, for the stored snapshot: each array as its length and values, deflated at the fastest
 * level (the columns are repetitive, and the snapshot is written once per dataset version). A snapshot of another
 * format version is refused, so that a changed layout is rebuilt from the orders rather than misread.
 */
final class FrameCodec {
    private static final int MAGIC = 0x53464D31; // "SFM1"
    private static final int FORMAT = 3;

    private FrameCodec() {
    }

    static void write(OrderFrame f, OutputStream target) throws IOException {
        Deflater deflater = new Deflater(Deflater.BEST_SPEED);
        try {
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(
                    new DeflaterOutputStream(target, deflater, 1 << 16), 1 << 16));
            out.writeInt(MAGIC);
            out.writeInt(FORMAT);
            out.writeLong(f.version);
            out.writeLong(f.appended);
            out.writeLong(f.end.toEpochMilli());
            out.writeBoolean(f.simulated);
            out.writeInt(f.firstMonth.getYear());
            out.writeInt(f.firstMonth.getMonthValue());
            strings(out, f.customerIds);
            strings(out, f.customerNames);
            strings(out, f.customerEmails);
            strings(out, f.customerCities);
            strings(out, f.customerCountry);
            strings(out, f.productIds);
            strings(out, f.productNames);
            ints(out, f.productCategory);
            booleans(out, f.productFee);
            strings(out, f.categories);
            strings(out, f.countries);
            strings(out, f.promoCodes);
            bytes(out, f.orderIds.bytes);
            ints(out, f.orderIds.offsets);
            longs(out, f.orderDate);
            ints(out, f.orderMonth);
            ints(out, f.orderCustomer);
            ints(out, f.orderCountry);
            ints(out, f.orderPromo);
            longs(out, f.orderTotal);
            longs(out, f.orderDiscount);
            ints(out, f.orderItems);
            ints(out, f.lineStart);
            ints(out, f.lineProduct);
            ints(out, f.lineQuantity);
            longs(out, f.lineUnitPrice);
            ints(out, f.customerStart);
            ints(out, f.customerOrders);
            Returns r = f.returns;
            bytes(out, r.ids.bytes);
            ints(out, r.ids.offsets);
            longs(out, r.date);
            ints(out, r.month);
            ints(out, r.customer);
            ints(out, r.country);
            longs(out, r.amount);
            ints(out, r.lineStart);
            ints(out, r.lineProduct);
            ints(out, r.lineQuantity);
            longs(out, r.lineUnitPrice);
            out.close();
        } finally {
            deflater.end();
        }
    }

    static OrderFrame read(InputStream source) throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(new InflaterInputStream(source), 1 << 16));
        if (in.readInt() != MAGIC || in.readInt() != FORMAT) {
            throw new IOException("not a frame snapshot of format " + FORMAT);
        }
        long version = in.readLong();
        long appended = in.readLong();
        java.time.Instant end = java.time.Instant.ofEpochMilli(in.readLong());
        boolean simulated = in.readBoolean();
        YearMonth firstMonth = YearMonth.of(in.readInt(), in.readInt());
        String[] customerIds = strings(in);
        String[] names = strings(in);
        String[] emails = strings(in);
        String[] cities = strings(in);
        String[] customerCountry = strings(in);
        String[] productIds = strings(in);
        String[] productNames = strings(in);
        int[] productCategory = ints(in);
        boolean[] productFee = booleans(in);
        String[] categories = strings(in);
        String[] countries = strings(in);
        String[] promoCodes = strings(in);
        StringColumn orderIds = new StringColumn(bytes(in), ints(in));
        long[] orderDate = longs(in);
        int[] orderMonth = ints(in);
        int[] orderCustomer = ints(in);
        int[] orderCountry = ints(in);
        int[] orderPromo = ints(in);
        long[] orderTotal = longs(in);
        long[] orderDiscount = longs(in);
        int[] orderItems = ints(in);
        int[] lineStart = ints(in);
        int[] lineProduct = ints(in);
        int[] lineQuantity = ints(in);
        long[] lineUnitPrice = longs(in);
        int[] customerStart = ints(in);
        int[] customerOrders = ints(in);
        Returns returns = new Returns(new StringColumn(bytes(in), ints(in)), longs(in), ints(in), ints(in), ints(in),
                longs(in), ints(in), ints(in), ints(in), longs(in), customerIds.length);
        Map<String, Integer> codes = new HashMap<>(customerIds.length * 2);
        for (int c = 0; c < customerIds.length; c++) {
            codes.put(customerIds[c], c);
        }
        return new OrderFrame(version, appended, end, simulated, customerIds, codes, names, emails, cities, customerCountry,
                productIds,
                productNames, productCategory, productFee, categories, countries, promoCodes, orderIds, orderDate, orderMonth,
                orderCustomer, orderCountry, orderPromo, orderTotal, orderDiscount, orderItems, lineStart,
                lineProduct, lineQuantity, lineUnitPrice, customerStart, customerOrders, firstMonth, returns);
    }

    private static void strings(DataOutputStream out, String[] values) throws IOException {
        out.writeInt(values.length);
        for (String value : values) {
            out.writeBoolean(value != null);
            if (value != null) {
                byte[] bytes = value.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                out.writeInt(bytes.length);
                out.write(bytes);
            }
        }
    }

    private static String[] strings(DataInputStream in) throws IOException {
        String[] values = new String[in.readInt()];
        for (int i = 0; i < values.length; i++) {
            if (in.readBoolean()) {
                byte[] bytes = new byte[in.readInt()];
                in.readFully(bytes);
                values[i] = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
            }
        }
        return values;
    }

    private static void booleans(DataOutputStream out, boolean[] values) throws IOException {
        out.writeInt(values.length);
        for (boolean v : values) {
            out.writeBoolean(v);
        }
    }

    private static boolean[] booleans(DataInputStream in) throws IOException {
        boolean[] values = new boolean[in.readInt()];
        for (int i = 0; i < values.length; i++) {
            values[i] = in.readBoolean();
        }
        return values;
    }

    private static void bytes(DataOutputStream out, byte[] values) throws IOException {
        out.writeInt(values.length);
        out.write(values);
    }

    private static byte[] bytes(DataInputStream in) throws IOException {
        byte[] values = new byte[in.readInt()];
        in.readFully(values);
        return values;
    }

    private static void ints(DataOutputStream out, int[] values) throws IOException {
        out.writeInt(values.length);
        for (int v : values) {
            out.writeInt(v);
        }
    }

    private static int[] ints(DataInputStream in) throws IOException {
        int[] values = new int[in.readInt()];
        for (int i = 0; i < values.length; i++) {
            values[i] = in.readInt();
        }
        return values;
    }

    private static void longs(DataOutputStream out, long[] values) throws IOException {
        out.writeInt(values.length);
        for (long v : values) {
            out.writeLong(v);
        }
    }

    private static long[] longs(DataInputStream in) throws IOException {
        long[] values = new long[in.readInt()];
        for (int i = 0; i < values.length; i++) {
            values[i] = in.readLong();
        }
        return values;
    }
}

package io.shoplens.frame;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.shoplens.store.Customer;
import io.shoplens.store.Order;
import io.shoplens.store.OrderLine;
import io.shoplens.store.Product;

/**
 * Collects customers, products and orders (in any order, as a cursor streams them) into an {@link OrderFrame}.
 * Memory grows with the data: {@link #estimatedBytes} lets the caller refuse a dataset that would not fit.
 */
public final class FrameBuilder {
    static final String UNCATEGORISED = "Uncategorised";

    private final long version;
    private long appended;
    private final Instant end;
    private final boolean simulated;
    private final Map<String, Customer> customers = new HashMap<>();
    private final Map<String, Product> products = new HashMap<>();
    private final Dictionary customerIds = new Dictionary();
    private final Dictionary productIds = new Dictionary();
    private final Map<String, String> firstProductName = new HashMap<>();
    private final Dictionary countries = new Dictionary();
    private final Dictionary promoCodes = new Dictionary();

    private final Rows sales = new Rows();
    private final Rows returns = new Rows();

    /** For dataset {@code version}, whose data ends (exclusive) at {@code end}. */
    public FrameBuilder(long version, Instant end, boolean simulated) {
        this.version = version;
        this.end = end;
        this.simulated = simulated;
    }

    /**
     * A builder holding everything {@code base} holds, under dataset {@code version} ending at {@code end}, so that
     * orders appended after it make, with {@link #build()}, the frame a full read of the collections would: base rows
     * come first in date order (as the older documents come first in a collection), dictionaries keep the base's
     * codes, and each product keeps the first name its lines gave it. A customer's profile country is taken to be the
     * one the base shows, which it is whenever the customer document has a country (every writer here sets one).
     * Copies columns, no documents: linear in the base's size.
     */
    static FrameBuilder extending(OrderFrame base, Instant end) {
        FrameBuilder b = new FrameBuilder(base.version, end, base.simulated);
        b.appended = base.appended;
        boolean[] hasLines = new boolean[base.productCount()];
        for (int product : base.lineProduct) {
            hasLines[product] = true;
        }
        for (int l = 0; l < base.returns.lineCount(); l++) {
            hasLines[base.returns.lineProduct(l)] = true;
        }
        for (int c = 0; c < base.customerCount(); c++) {
            Customer profile = new Customer();
            profile.id = base.customerIds[c];
            profile.firstName = base.customerNames[c];
            profile.email = base.customerEmails[c];
            profile.city = base.customerCities[c];
            profile.country = base.customerCountry[c];
            b.customer(profile);
        }
        for (int p = 0; p < base.productCount(); p++) {
            Product product = new Product();
            product.id = base.productIds[p];
            product.name = base.productNames[p];
            product.category = base.categories[base.productCategory[p]];
            product.fee = base.productFee[p];
            b.product(product);
            if (hasLines[p]) {
                // As in a full read, where the older documents' lines named it first.
                b.firstProductName.put(product.id, product.name);
            }
        }
        for (String country : base.countries) {
            b.countries.code(country);
        }
        for (String promo : base.promoCodes) {
            b.promoCodes.code(promo);
        }
        // The builder's codes are the base's (dictionaries filled in code order above), so columns copy as they are.
        int[] noPromo = new int[base.returns.count()];
        Arrays.fill(noPromo, OrderFrame.NONE);
        Returns r = base.returns;
        b.sales.copy(base.orderIds, base.orderDate, base.orderCustomer, base.orderCountry, base.orderPromo,
                base.orderTotal, base.orderDiscount, base.lineStart, base.lineProduct, base.lineQuantity,
                base.lineUnitPrice);
        b.returns.copy(r.ids, r.date, r.customer, r.country, noPromo, r.amount, new long[r.count()], r.lineStart,
                r.lineProduct, r.lineQuantity, r.lineUnitPrice);
        return b;
    }

    public void customer(Customer c) {
        customers.put(c.id, c);
        customerIds.code(c.id);
    }

    public void product(Product p) {
        products.put(p.id, p);
        productIds.code(p.id);
    }

    /**
     * An order document's lines with positive quantities are a sale, those with negative quantities a return on the
     * same date (Online Retail cancellation invoices hold only those). Both parts add up to the document's total: the
     * sale takes the discount, and a document with no sale lines returns minus its total. An appended order's
     * {@code seq} moves the frame's {@link OrderFrame#appended()} up to it.
     */
    public void order(Order o) {
        if (o.seq != null) {
            appended = Math.max(appended, o.seq);
        }
        int customerCode = customerIds.code(o.customerId);
        int countryCode = o.country == null || o.country.isBlank() ? OrderFrame.NONE : countries.code(o.country);
        long date = o.date.toEpochMilli();
        List<OrderLine> orderLines = o.lines == null ? List.of() : o.lines;
        long returned = 0;
        boolean sold = orderLines.isEmpty();
        for (OrderLine line : orderLines) {
            firstProductName.putIfAbsent(line.productId, line.productName);
            if (line.quantity < 0) {
                returned -= cents(line.unitPrice) * line.quantity;
            } else {
                sold = true;
            }
        }
        long total = cents(o.total);
        if (sold) {
            sales.start(o.id, date, customerCode, countryCode,
                    o.promoCode == null ? OrderFrame.NONE : promoCodes.code(o.promoCode), total + returned,
                    cents(o.discount));
            for (OrderLine line : orderLines) {
                if (line.quantity >= 0) {
                    sales.line(productIds.code(line.productId), line.quantity, cents(line.unitPrice));
                }
            }
            sales.end();
        }
        if (returned != 0 || !sold) {
            returns.start(o.id, date, customerCode, countryCode, OrderFrame.NONE, sold ? returned : -total, 0);
            for (OrderLine line : orderLines) {
                if (line.quantity < 0) {
                    returns.line(productIds.code(line.productId), -line.quantity, cents(line.unitPrice));
                }
            }
            returns.end();
        }
    }

    /** Sales and returns read so far. */
    public int orders() {
        return sales.size + returns.size;
    }

    public int lines() {
        return sales.lines + returns.lines;
    }

    /** The bytes the columns take at {@code orders} orders and {@code lines} lines (see {@link #ORDER_BYTES}). */
    public static long estimatedBytes(long orders, long lines) {
        return orders * ORDER_BYTES + lines * LINE_BYTES;
    }

    /** Columns of one order: date 8, month 4, customer 4, country 4, promo 4, total 8, discount 8, items 4,
     * line start 4, customer index 4, country index 4, id about 13 (bytes and offset). */
    public static final int ORDER_BYTES = 69;
    /** Columns of one line: product 4, quantity 4, unit price 8. */
    public static final int LINE_BYTES = 16;

    public OrderFrame build() {
        Rows.Sorted sale = sales.sortedByDate();
        Rows.Sorted back = returns.sortedByDate();

        // Sorted dictionaries: codes then compare as the names do, and per-customer lists come out sorted by id.
        Dictionary.Sorted customerDict = customerIds.sorted();
        Dictionary.Sorted productDict = productIds.sorted();
        Dictionary.Sorted countryDict = countries.sorted();
        Dictionary.Sorted promoDict = promoCodes.sorted();
        int orders = sale.date.length;
        int[] sortedCustomer = customerDict.remap(sale.customer);
        int[] sortedCountry = countryDict.remap(sale.country);
        int[] sortedPromo = promoDict.remap(sale.promo);
        int[] sortedLineProduct = productDict.remap(sale.lineProduct);
        long[] sortedDate = sale.date;

        int customerCount = customerDict.values().length;
        int[] lastCountry = new int[customerCount];
        Arrays.fill(lastCountry, OrderFrame.NONE);
        int[] customerStart = new int[customerCount + 1];
        for (int i = 0; i < orders; i++) {
            customerStart[sortedCustomer[i] + 1]++;
            if (sortedCountry[i] != OrderFrame.NONE) {
                lastCountry[sortedCustomer[i]] = sortedCountry[i];
            }
        }
        for (int c = 0; c < customerCount; c++) {
            customerStart[c + 1] += customerStart[c];
        }
        int[] fill = Arrays.copyOf(customerStart, customerCount);
        int[] customerOrders = new int[orders];
        for (int i = 0; i < orders; i++) {
            customerOrders[fill[sortedCustomer[i]]++] = i;
        }

        String[] countryValues = countryDict.values();
        String[] names = new String[customerCount];
        String[] emails = new String[customerCount];
        String[] cities = new String[customerCount];
        String[] customerCountry = new String[customerCount];
        String[] customerIdValues = customerDict.values();
        for (int c = 0; c < customerCount; c++) {
            Customer profile = customers.get(customerIdValues[c]);
            customerCountry[c] = lastCountry[c] == OrderFrame.NONE ? null : countryValues[lastCountry[c]];
            if (profile != null) {
                String name = profile.displayName();
                names[c] = name.equals(profile.id) ? null : name;
                emails[c] = profile.email;
                cities[c] = profile.city;
                if (profile.country != null && !profile.country.isBlank()) {
                    customerCountry[c] = profile.country;
                }
            }
        }

        String[] productIdValues = productDict.values();
        String[] productNames = new String[productIdValues.length];
        int[] productCategory = new int[productIdValues.length];
        boolean[] productFee = new boolean[productIdValues.length];
        TreeMap<String, Integer> categoryCodes = new TreeMap<>();
        String[] productCategoryNames = new String[productIdValues.length];
        for (int p = 0; p < productIdValues.length; p++) {
            Product product = products.get(productIdValues[p]);
            String name = firstProductName.get(productIdValues[p]);
            productNames[p] = name != null ? name : product != null ? product.name : productIdValues[p];
            String category = product == null || product.category == null || product.category.isBlank()
                    ? UNCATEGORISED : product.category;
            productCategoryNames[p] = category;
            productFee[p] = product != null && product.fee;
            categoryCodes.put(category, 0);
        }
        String[] categories = categoryCodes.keySet().toArray(String[]::new);
        for (int p = 0; p < productIdValues.length; p++) {
            productCategory[p] = Arrays.binarySearch(categories, productCategoryNames[p]);
        }

        // Month codes count from the earliest sale or return, which may come first (a cancelled order from before
        // the file's start).
        long earliest = Math.min(orders == 0 ? Long.MAX_VALUE : sortedDate[0],
                back.date.length == 0 ? Long.MAX_VALUE : back.date[0]);
        YearMonth firstMonth = earliest == Long.MAX_VALUE ? YearMonth.of(1970, 1) : month(earliest);
        int[] orderMonth = monthCodes(sortedDate, firstMonth);
        Returns returnTable = new Returns(back.ids, back.date, monthCodes(back.date, firstMonth),
                customerDict.remap(back.customer), countryDict.remap(back.country), back.total, back.lineStart,
                productDict.remap(back.lineProduct), back.lineQuantity, back.lineUnitPrice, customerCount);

        Map<String, Integer> codes = new HashMap<>(customerCount * 2);
        for (int c = 0; c < customerCount; c++) {
            codes.put(customerIdValues[c], c);
        }
        return new OrderFrame(version, appended, end, simulated, customerIdValues, codes, names, emails, cities, customerCountry,
                productIdValues, productNames, productCategory, productFee, categories, countryValues,
                promoDict.values(), sale.ids, sortedDate, orderMonth, sortedCustomer, sortedCountry, sortedPromo,
                sale.total, sale.discount, sale.items, sale.lineStart, sortedLineProduct, sale.lineQuantity,
                sale.lineUnitPrice, customerStart, customerOrders, firstMonth, returnTable);
    }

    /**
     * Dates in date order to month numbers from {@code firstMonth}, worked out once per day: through a
     * {@code ZonedDateTime} per order (each making its own {@code ZoneRules}) this was most of an extension pass's
     * time at 700,000 orders.
     */
    private static int[] monthCodes(long[] dates, YearMonth firstMonth) {
        int[] codes = new int[dates.length];
        long firstKey = firstMonth.getYear() * 12L + firstMonth.getMonthValue() - 1;
        long day = Long.MIN_VALUE;
        int code = 0;
        for (int i = 0; i < dates.length; i++) {
            long d = Math.floorDiv(dates[i], MILLIS_PER_DAY);
            if (d != day) {
                day = d;
                LocalDate date = LocalDate.ofEpochDay(d);
                code = (int) (date.getYear() * 12L + date.getMonthValue() - 1 - firstKey);
            }
            codes[i] = code;
        }
        return codes;
    }

    private static final long MILLIS_PER_DAY = 86_400_000L;

    private static YearMonth month(long millis) {
        return YearMonth.from(LocalDate.ofEpochDay(Math.floorDiv(millis, MILLIS_PER_DAY)));
    }

    /** Money to whole cents; amounts with finer fractions (a foreign writer's data) round half up. */
    static long cents(BigDecimal amount) {
        return amount == null ? 0 : amount.setScale(2, RoundingMode.HALF_UP).unscaledValue().longValueExact();
    }

    /** Orders (sales or returns) with their lines, as they arrive; {@link #sortedByDate} puts them in date order. */
    private static final class Rows {
        private final StringColumn.Builder ids = new StringColumn.Builder();
        private long[] date = new long[1024];
        private int[] customer = new int[1024];
        private int[] country = new int[1024];
        private int[] promo = new int[1024];
        private long[] total = new long[1024];
        private long[] discount = new long[1024];
        private int[] lineEnd = new int[1024];
        private int size;
        private int[] lineProduct = new int[4096];
        private int[] lineQuantity = new int[4096];
        private long[] lineUnitPrice = new long[4096];
        private int lines;

        void start(String id, long orderDate, int customerCode, int countryCode, int promoCode, long totalCents,
                long discountCents) {
            if (size == date.length) {
                grow(size * 2);
            }
            ids.add(id);
            date[size] = orderDate;
            customer[size] = customerCode;
            country[size] = countryCode;
            promo[size] = promoCode;
            total[size] = totalCents;
            discount[size] = discountCents;
        }

        /**
         * Takes a frame's columns of {@code date.length} rows, already in date order: what {@link #start},
         * {@link #line} and {@link #end} row by row would hold, with room for more. An extension pass copied them
         * row by row in 50 to 150 ms at 500,000 orders.
         */
        void copy(StringColumn rowIds, long[] rowDate, int[] rowCustomer, int[] rowCountry, int[] rowPromo,
                long[] rowTotal, long[] rowDiscount, int[] rowLineStart, int[] product, int[] quantity,
                long[] unitPrice) {
            int n = rowDate.length;
            ids.addAll(rowIds);
            date = rowDate;
            customer = rowCustomer;
            country = rowCountry;
            promo = rowPromo;
            total = rowTotal;
            discount = rowDiscount;
            lineEnd = Arrays.copyOfRange(rowLineStart, 1, n + 1);
            size = n;
            lines = rowLineStart[n];
            lineProduct = product;
            lineQuantity = quantity;
            lineUnitPrice = unitPrice;
            // Copies: the frame's own columns are never written to.
            grow(n + Math.max(1024, n / 16));
            growLines(lines + Math.max(4096, lines / 16));
        }

        private void grow(int capacity) {
            date = Arrays.copyOf(date, capacity);
            customer = Arrays.copyOf(customer, capacity);
            country = Arrays.copyOf(country, capacity);
            promo = Arrays.copyOf(promo, capacity);
            total = Arrays.copyOf(total, capacity);
            discount = Arrays.copyOf(discount, capacity);
            lineEnd = Arrays.copyOf(lineEnd, capacity);
        }

        private void growLines(int capacity) {
            lineProduct = Arrays.copyOf(lineProduct, capacity);
            lineQuantity = Arrays.copyOf(lineQuantity, capacity);
            lineUnitPrice = Arrays.copyOf(lineUnitPrice, capacity);
        }

        void line(int product, int quantity, long unitPriceCents) {
            if (lines == lineProduct.length) {
                growLines(lines * 2);
            }
            lineProduct[lines] = product;
            lineQuantity[lines] = quantity;
            lineUnitPrice[lines] = unitPriceCents;
            lines++;
        }

        void end() {
            lineEnd[size++] = lines;
        }

        /**
         * Row numbers in date order, ties in arrival order. A builder {@link #extending} a frame holds the frame's
         * rows in date order already, so only the rows after the longest sorted start are sorted (boxed, stable),
         * then merged with it: linear in the frame per append pass rather than a boxed sort of every row, which
         * took 100 to 600 ms of each pass at 400,000 orders in bench/append-load.sh.
         */
        private int[] dateOrder() {
            int sorted = size == 0 ? 0 : 1;
            while (sorted < size && date[sorted - 1] <= date[sorted]) {
                sorted++;
            }
            Integer[] rest = new Integer[size - sorted];
            for (int i = 0; i < rest.length; i++) {
                rest[i] = sorted + i;
            }
            Arrays.sort(rest, (a, b) -> Long.compare(date[a], date[b]));
            int[] order = new int[size];
            int i = 0;
            int j = 0;
            int k = 0;
            while (i < sorted && j < rest.length) {
                // Strictly earlier only: on a tie the row that arrived first (the sorted start's) goes first.
                order[k++] = date[rest[j]] < date[i] ? rest[j++] : i++;
            }
            while (i < sorted) {
                order[k++] = i++;
            }
            while (j < rest.length) {
                order[k++] = rest[j++];
            }
            return order;
        }

        /** Columns in date order (then arrival order, which a cursor keeps stable); codes not yet remapped. */
        record Sorted(StringColumn ids, long[] date, int[] customer, int[] country, int[] promo, long[] total,
                long[] discount, int[] items, int[] lineStart, int[] lineProduct, int[] lineQuantity,
                long[] lineUnitPrice) {
        }

        Sorted sortedByDate() {
            int[] byDate = dateOrder();
            Sorted s = new Sorted(ids.build().permute(byDate), new long[size], new int[size], new int[size],
                    new int[size], new long[size], new long[size], new int[size], new int[size + 1], new int[lines],
                    new int[lines], new long[lines]);
            int at = 0;
            for (int i = 0; i < size; i++) {
                int o = byDate[i];
                s.date[i] = date[o];
                s.customer[i] = customer[o];
                s.country[i] = country[o];
                s.promo[i] = promo[o];
                s.total[i] = total[o];
                s.discount[i] = discount[o];
                s.lineStart[i] = at;
                int items = 0;
                for (int l = o == 0 ? 0 : lineEnd[o - 1]; l < lineEnd[o]; l++) {
                    s.lineProduct[at] = lineProduct[l];
                    s.lineQuantity[at] = lineQuantity[l];
                    s.lineUnitPrice[at] = lineUnitPrice[l];
                    items += lineQuantity[l];
                    at++;
                }
                s.items[i] = items;
            }
            s.lineStart[size] = at;
            return s;
        }
    }

    /** Strings to codes in first-seen order while building; {@link #sorted} renumbers them in natural order. */
    static final class Dictionary {
        private final Map<String, Integer> codes = new HashMap<>();
        private final java.util.ArrayList<String> values = new java.util.ArrayList<>();

        int code(String value) {
            Integer code = codes.get(value);
            if (code == null) {
                code = values.size();
                codes.put(value, code);
                values.add(value);
            }
            return code;
        }

        Sorted sorted() {
            String[] sortedValues = values.toArray(String[]::new);
            Arrays.sort(sortedValues);
            int[] newCode = new int[values.size()];
            for (int i = 0; i < sortedValues.length; i++) {
                newCode[codes.get(sortedValues[i])] = i;
            }
            return new Sorted(sortedValues, newCode);
        }

        record Sorted(String[] values, int[] newCode) {
            int[] remap(int[] oldCodes) {
                int[] result = new int[oldCodes.length];
                for (int i = 0; i < oldCodes.length; i++) {
                    result[i] = oldCodes[i] == OrderFrame.NONE ? OrderFrame.NONE : newCode[oldCodes[i]];
                }
                return result;
            }

        }
    }
}

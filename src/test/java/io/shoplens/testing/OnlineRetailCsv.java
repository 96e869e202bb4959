package io.shoplens.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Random;

/** A large Online Retail II file, for the CSV bench and for tests that need an import to take a while. */
public final class OnlineRetailCsv {
    private OnlineRetailCsv() {
    }

    /**
     * Online Retail II: about three lines per invoice, 30,000 customers, 2 % cancellations, 0.5 % without a customer,
     * descriptions quoted when they hold a comma (a third), some with doubled quotes, one in 20,000 with a line break
     * inside its quotes. Returns the number of physical lines.
     */
    public static int write(Path file, int lines, long seed) throws IOException {
        Random random = new Random(seed);
        String[] words = {"CHRISTMAS", "GLASS", "BALL", "LIGHTS", "PINK", "CHERRY", "CAT", "BOWL", "PAPER", "BUNTING",
            "WHITE", "LACE", "HEART", "T-LIGHT", "HOLDER", "VINTAGE", "JUMBO", "BAG", "RED", "RETROSPOT", "CAKE",
            "STAND", "WOODEN", "FRAME", "ANTIQUE", "REGENCY", "TEACUP", "SAUCER", "LUNCH", "BOX", "SET", "OF", "3",
            "6", "12", "HANGING", "STAR", "ZINC", "METAL", "SIGN"};
        String[] countries = {"United Kingdom", "United Kingdom", "United Kingdom", "United Kingdom", "France",
            "Germany", "EIRE", "Netherlands", "Spain", "Belgium", "Switzerland", "Portugal", "Australia", "Norway"};
        DateTimeFormatter format = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
        LocalDateTime time = LocalDateTime.of(2009, 12, 1, 7, 45);
        int physical = 1;
        StringBuilder out = new StringBuilder(1 << 20);
        try (OutputStream os = Files.newOutputStream(file)) {
            out.append("Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Country\n");
            int invoice = 489434;
            int written = 0;
            while (written < lines) {
                int items = 1 + random.nextInt(5);
                boolean cancelled = random.nextInt(50) == 0;
                boolean anonymous = random.nextInt(200) == 0;
                String customer = anonymous ? "" : (12346 + random.nextInt(30_000)) + ".0";
                String country = countries[random.nextInt(countries.length)];
                time = time.plusMinutes(random.nextInt(4));
                String date = time.format(format);
                for (int i = 0; i < items && written < lines; i++, written++) {
                    if (cancelled) {
                        out.append('C');
                    }
                    out.append(invoice).append(',').append(10000 + random.nextInt(90000));
                    if (random.nextInt(10) == 0) {
                        out.append((char) ('A' + random.nextInt(26)));
                    }
                    out.append(',');
                    StringBuilder description = new StringBuilder();
                    int length = 2 + random.nextInt(4);
                    for (int w = 0; w < length; w++) {
                        if (w > 0) {
                            description.append(w == length - 1 && random.nextInt(3) == 0 ? ", " : " ");
                        }
                        description.append(words[random.nextInt(words.length)]);
                    }
                    if (random.nextInt(25) == 0) {
                        description.append(" 12\" RULER");
                    }
                    if (random.nextInt(20_000) == 0) {
                        description.append("\nSECOND LINE");
                        physical++;
                    }
                    String d = description.toString();
                    if (d.indexOf(',') >= 0 || d.indexOf('"') >= 0 || d.indexOf('\n') >= 0) {
                        out.append('"').append(d.replace("\"", "\"\"")).append('"');
                    } else {
                        out.append(d);
                    }
                    int quantity = 1 + random.nextInt(24);
                    out.append(',').append(cancelled ? -quantity : quantity).append(',').append(date).append(',');
                    int cents = 19 + random.nextInt(1500);
                    out.append(cents / 100).append('.').append((char) ('0' + cents / 10 % 10))
                            .append((char) ('0' + cents % 10));
                    out.append(',').append(customer).append(',').append(country).append('\n');
                    physical++;
                    if (out.length() > (1 << 20) - 1000) {
                        os.write(out.toString().getBytes(StandardCharsets.UTF_8));
                        out.setLength(0);
                    }
                }
                invoice++;
            }
            os.write(out.toString().getBytes(StandardCharsets.UTF_8));
        }
        return physical;
    }
}

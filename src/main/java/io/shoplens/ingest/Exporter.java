package io.shoplens.ingest;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.shoplens.common.FormulaGuard;

import io.shoplens.store.Order;
import io.shoplens.store.OrderLine;
import io.shoplens.store.ShopRepository;

/**
 * Writes every order line in the generic layout, which the importer reads back unchanged: an order's discount stands
 * on its first line, and the importer sums the discounts of an order's lines. Text columns that a spreadsheet would
 * run as a formula get a leading apostrophe, which the importer removes ({@link FormulaGuard}).
 */
@ApplicationScoped
public class Exporter {
    @Inject
    ShopRepository shop;

    static final List<String> HEADER = List.of("order_id", "customer_id", "date", "product_id", "product_name",
            "quantity", "unit_price", "country", "promo_code", "discount");

    /**
     * Streams the orders in cursor batches: one unbatched query (Panache's streamAll) asked the embedded server for a
     * first reply of 175 MB at 410,000 orders, over its 48 MB limit, and the export failed.
     */
    public void writeCsv(OutputStream out) throws IOException {
        Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        line(writer, HEADER);
        try {
            shop.forEachOrder(order -> {
                try {
                    write(writer, order);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        writer.flush();
    }

    private static void write(Writer writer, Order order) throws IOException {
        boolean first = true;
        for (OrderLine l : order.lines) {
            line(writer, List.of(text(order.id), text(order.customerId), order.date.toString(), text(l.productId),
                    text(l.productName), String.valueOf(l.quantity), l.unitPrice.toPlainString(),
                    text(order.country), text(order.promoCode),
                    (first ? order.discount : BigDecimal.ZERO.setScale(2)).toPlainString()));
            first = false;
        }
    }

    private static String text(String value) {
        return value == null ? "" : FormulaGuard.escape(value);
    }

    private static void line(Writer writer, List<String> fields) throws IOException {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                writer.write(',');
            }
            String f = fields.get(i);
            if (f.indexOf(',') >= 0 || f.indexOf('"') >= 0 || f.indexOf('\n') >= 0 || f.indexOf('\r') >= 0) {
                writer.write('"');
                writer.write(f.replace("\"", "\"\""));
                writer.write('"');
            } else {
                writer.write(f);
            }
        }
        writer.write("\r\n");
    }
}

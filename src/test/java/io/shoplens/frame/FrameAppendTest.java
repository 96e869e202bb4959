package io.shoplens.frame;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.shoplens.store.Customer;
import io.shoplens.store.Order;
import io.shoplens.store.OrderLine;
import io.shoplens.store.Product;
import io.shoplens.testing.SimulatedShop;

/**
 * A frame extended by appended orders is the frame a full read of the same documents makes: byte for byte in its
 * snapshot form, whatever the appends bring (new customers, products, countries and promo codes that sort before the
 * old ones, dates tied with or earlier than older orders, a product seen only now with a line name).
 */
class FrameAppendTest {
    private static final Instant LATER_END = FrameTest.END.plus(3, ChronoUnit.DAYS);

    @Test
    void anExtendedFrameIsTheRebuiltFrame() throws IOException {
        for (long seed : new long[] { 1, 2 }) {
            SimulatedShop shop = FrameTest.shop(seed);
            OrderFrame base = shop.frame(5, FrameTest.END);

            List<Customer> newCustomers = List.of(customer("A-NEW", "Aaland"));
            Product unsold = new Product();
            unsold.id = "0-UNSOLD";
            unsold.name = "Catalogue name";
            unsold.category = "Aardvarks";
            List<Product> newProducts = List.of(unsold);
            List<Order> appended = new ArrayList<>();
            String existing = shop.customers.get(3).id;
            Instant tie = Instant.ofEpochMilli(base.date(base.orderCount() - 1));
            appended.add(order("Z1", "A-NEW", tie, "Aaland", "AAA-PROMO", line("0-UNSOLD", "Line name", 2, "3.50")));
            appended.add(order("Z2", existing, FrameTest.END.plus(1, ChronoUnit.DAYS), "France", null,
                    line(shop.products.get(0).id, "Renamed in the append", 1, "9.99"),
                    line("0-NEW", "Brand new", 3, "1.00")));
            appended.add(order("Z3", existing, Instant.ofEpochMilli(base.date(10)), null, null,
                    line(shop.products.get(1).id, null, 1, "2.00")));
            for (int i = 0; i < appended.size(); i++) {
                appended.get(i).seq = i + 1L;
            }

            FrameBuilder extending = FrameBuilder.extending(base, LATER_END);
            newCustomers.forEach(extending::customer);
            newProducts.forEach(extending::product);
            appended.forEach(extending::order);
            OrderFrame extended = extending.build();

            FrameBuilder full = new FrameBuilder(5, LATER_END, true);
            shop.products.forEach(full::product);
            newProducts.forEach(full::product);
            shop.customers.forEach(full::customer);
            newCustomers.forEach(full::customer);
            shop.orders.forEach(full::order);
            appended.forEach(full::order);
            OrderFrame rebuilt = full.build();

            assertEquals(base.orderCount() + 3, extended.orderCount());
            assertEquals(3, extended.appended());
            assertEquals("Line name", extended.productName(index(extended, "0-UNSOLD")),
                    "a product first sold now takes its line's name, as in a full read");
            assertArrayEquals(bytes(rebuilt), bytes(extended), "seed " + seed);
            assertEquals(Behaviours.before(rebuilt, LATER_END), Behaviours.before(extended, LATER_END));
            assertTrue(extended.stamp() != base.stamp());
        }
    }

    @Test
    void extendingTwiceIsExtendingOnce() throws IOException {
        SimulatedShop shop = FrameTest.shop(3);
        OrderFrame base = shop.frame(2, FrameTest.END);
        String c = shop.customers.get(0).id;
        Order first = order("N1", c, FrameTest.END, "Spain", null, line("P-X", "X", 1, "5.00"));
        Order second = order("N2", "B-NEW", FrameTest.END.plus(1, ChronoUnit.HOURS), "Spain", "SAVE",
                line("P-Y", "Y", 2, "7.25"));
        first.seq = 1L;
        second.seq = 2L;

        FrameBuilder step1 = FrameBuilder.extending(base, LATER_END);
        step1.order(first);
        FrameBuilder step2 = FrameBuilder.extending(step1.build(), LATER_END);
        step2.customer(customer("B-NEW", "Spain"));
        step2.order(second);

        FrameBuilder once = FrameBuilder.extending(base, LATER_END);
        once.customer(customer("B-NEW", "Spain"));
        once.order(first);
        once.order(second);
        assertArrayEquals(bytes(once.build()), bytes(step2.build()));
    }

    private static int index(OrderFrame frame, String productId) {
        for (int p = 0; p < frame.productCount(); p++) {
            if (frame.productId(p).equals(productId)) {
                return p;
            }
        }
        throw new AssertionError(productId + " not in the frame");
    }

    private static byte[] bytes(OrderFrame frame) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FrameCodec.write(frame, out);
        return out.toByteArray();
    }

    private static Customer customer(String id, String country) {
        Customer c = new Customer();
        c.id = id;
        c.country = country;
        return c;
    }

    private static OrderLine line(String product, String name, int quantity, String price) {
        return new OrderLine(product, name, quantity, new BigDecimal(price));
    }

    private static Order order(String id, String customer, Instant date, String country, String promo,
            OrderLine... lines) {
        Order o = new Order();
        o.id = id;
        o.customerId = customer;
        o.date = date;
        o.country = country;
        o.promoCode = promo;
        o.lines = List.of(lines);
        o.discount = promo == null ? BigDecimal.ZERO : new BigDecimal("1.00");
        o.total = o.subtotal().subtract(o.discount);
        return o;
    }
}

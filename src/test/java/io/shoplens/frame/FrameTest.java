package io.shoplens.frame;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.shoplens.simulate.SimulationSettings;
import io.shoplens.store.Customer;
import io.shoplens.store.Order;
import io.shoplens.store.OrderLine;
import io.shoplens.store.Product;
import io.shoplens.testing.SimulatedShop;

/** The frame built from raw orders, checked against those orders; and its snapshot read back unchanged. */
class FrameTest {
    static final LocalDate AS_OF = LocalDate.of(2025, 6, 30);
    static final Instant END = AS_OF.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();

    static SimulatedShop shop(long seed) {
        return SimulatedShop.of(new SimulationSettings(null, 400, 25, 6000, seed, 500, AS_OF,
                SimulationSettings.DEFAULT_MIX));
    }

    @Test
    void theFrameHoldsEveryOrderLineAndCentOfTheRawOrders() {
        for (long seed : new long[] { 1, 2, 3 }) {
            SimulatedShop shop = shop(seed);
            OrderFrame frame = shop.frame(7, END);
            assertEquals(7, frame.version());
            assertEquals(END, frame.end());
            List<Order> sales = shop.sales();
            List<Order> returns = shop.returns();
            assertTrue(returns.size() > 0.02 * sales.size(), "the simulated shop returns a few percent");
            assertEquals(sales.size(), frame.orderCount(), "returns are not orders");
            assertEquals(returns.size(), frame.returns().count());
            assertEquals(sales.stream().mapToInt(o -> o.lines.size()).sum(), frame.lineCount());
            assertEquals(returns.stream().mapToInt(o -> o.lines.size()).sum(), frame.returns().lineCount());
            assertEquals(shop.customers.size(), frame.customerCount(), "customers without orders are in it too");
            assertEquals(shop.products.size(), frame.productCount());

            BigDecimal revenue = sales.stream().map(o -> o.total).reduce(BigDecimal.ZERO, BigDecimal::add);
            long cents = 0;
            for (int o = 0; o < frame.orderCount(); o++) {
                cents += frame.totalCents(o);
            }
            assertEquals(revenue, OrderFrame.money(cents), "revenue to the cent");
            BigDecimal given = returns.stream().map(o -> o.total.negate()).reduce(BigDecimal.ZERO, BigDecimal::add);
            long returnedCents = 0;
            for (int r = 0; r < frame.returns().count(); r++) {
                returnedCents += frame.returns().amountCents(r);
            }
            assertEquals(given, OrderFrame.money(returnedCents), "returns to the cent");

            assertEquals(new TreeSet<>(shop.orders.stream().map(o -> o.country).toList()).stream().toList(),
                    frame.countries(), "one sorted dictionary entry per country");
            for (int o = 1; o < frame.orderCount(); o++) {
                assertTrue(frame.date(o - 1) <= frame.date(o), "orders by date");
            }

            Map<String, Order> byId = shop.orders.stream().collect(Collectors.toMap(o -> o.id, o -> o));
            for (int o = 0; o < frame.orderCount(); o++) {
                assertSameOrder(byId.get(frame.orderId(o)), frame.order(o));
            }
            Map<String, Product> products = shop.products.stream().collect(Collectors.toMap(p -> p.id, p -> p));
            for (int p = 0; p < frame.productCount(); p++) {
                assertEquals(products.get(frame.productId(p)).category, frame.productCategory(p));
            }
            Map<String, List<Order>> perCustomer = new HashMap<>();
            shop.orders.forEach(o -> perCustomer.computeIfAbsent(o.customerId, k -> new java.util.ArrayList<>())
                    .add(o));
            Map<String, Order> returnById = returns.stream().collect(Collectors.toMap(o -> o.id, o -> o));
            for (Customer c : shop.customers) {
                List<Order> expected = perCustomer.getOrDefault(c.id, List.of()).stream()
                        .sorted(Comparator.comparing((Order o) -> o.date)).toList();
                assertEquals(expected.stream().filter(o -> o.total.signum() >= 0).map(o -> o.id).toList(),
                        frame.ordersOf(c.id).stream().map(o -> o.id).toList(), c.id + "'s orders in date order");
                List<Order> history = frame.historyOf(c.id);
                assertEquals(expected.stream().map(o -> o.id).toList(), history.stream().map(o -> o.id).toList(),
                        c.id + "'s sales and returns in date order");
                frame.returnsOf(c.id).forEach(r -> assertSameOrder(returnById.get(r.id), r));
                int code = frame.customerCode(c.id).getAsInt();
                assertEquals(c.displayName(), frame.customerName(code));
                assertEquals(c.email, frame.customerEmail(code));
                assertEquals(c.country, frame.customerCountry(code));
            }
        }
    }

    @Test
    void aSnapshotReadsBackAsTheSameFrame() throws IOException {
        SimulatedShop shop = shop(4);
        OrderFrame frame = shop.frame(3, END);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        FrameCodec.write(frame, bytes);
        OrderFrame back = FrameCodec.read(new ByteArrayInputStream(bytes.toByteArray()));
        assertEquals(frame.version(), back.version());
        assertEquals(frame.end(), back.end());
        assertEquals(frame.simulated(), back.simulated());
        assertEquals(frame.countries(), back.countries());
        assertEquals(frame.orderCount(), back.orderCount());
        for (int o = 0; o < frame.orderCount(); o++) {
            assertSameOrder(frame.order(o), back.order(o));
            assertEquals(frame.month(o), back.month(o));
        }
        for (int c = 0; c < frame.customerCount(); c++) {
            assertEquals(frame.customerId(c), back.customerId(c));
            assertEquals(frame.customerName(c), back.customerName(c));
            assertEquals(frame.customerCountry(c), back.customerCountry(c));
            assertEquals(frame.orderCountOf(c), back.orderCountOf(c));
        }
        assertEquals(frame.returns().count(), back.returns().count());
        assertTrue(frame.returns().count() > 0);
        for (int c = 0; c < frame.customerCount(); c++) {
            List<Order> expected = frame.returnsOf(frame.customerId(c));
            List<Order> actual = back.returnsOf(frame.customerId(c));
            assertEquals(expected.size(), actual.size());
            for (int k = 0; k < expected.size(); k++) {
                assertSameOrder(expected.get(k), actual.get(k));
            }
        }
        for (int p = 0; p < frame.productCount(); p++) {
            assertEquals(frame.fee(p), back.fee(p));
        }
        assertEquals(Behaviours.before(frame, END), Behaviours.before(back, END));
        System.out.printf("frame snapshot: %d orders, %d lines -> %d bytes deflated%n", frame.orderCount(),
                frame.lineCount(), bytes.size());
    }

    @Test
    void moneyWithFinerFractionsRoundsToTheCentAndMissingPartsAreNone() {
        FrameBuilder builder = new FrameBuilder(1, END, false);
        Order o = new Order();
        o.id = "X1";
        o.customerId = "C9";
        o.date = Instant.parse("2025-01-02T03:04:05Z");
        o.total = new BigDecimal("10.005");
        o.discount = null;
        o.lines = List.of(new OrderLine("P", "Thing", 2, new BigDecimal("5.0025")));
        builder.order(o);
        OrderFrame frame = builder.build();
        assertEquals(1001, frame.totalCents(0));
        assertEquals(0, frame.discountCents(0));
        assertEquals(500, frame.lineUnitPriceCents(0));
        assertEquals(OrderFrame.NONE, frame.countryOf(0));
        assertEquals(OrderFrame.NONE, frame.promoOf(0));
        assertEquals("C9", frame.customerName(0), "an imported customer without a profile is named by id");
        assertEquals(FrameBuilder.UNCATEGORISED, frame.productCategory(0));
    }

    /**
     * An order document with sold and returned lines is a sale and a return on the same date; a document with
     * returned lines only is a return of minus its total; together they add up to the documents' totals.
     */
    @Test
    void negativeLinesAreReturnsApartFromTheSales() {
        FrameBuilder builder = new FrameBuilder(1, END, false);
        Product postage = new Product();
        postage.id = "POST";
        postage.name = "Postage";
        postage.fee = true;
        builder.product(postage);
        Order mixed = new Order();
        mixed.id = "A1";
        mixed.customerId = "C1";
        mixed.date = Instant.parse("2025-03-02T10:00:00Z");
        mixed.country = "France";
        mixed.discount = new BigDecimal("1.00");
        mixed.lines = List.of(new OrderLine("P1", "Mug", 3, new BigDecimal("4.50")),
                new OrderLine("P2", "Plate", -2, new BigDecimal("2.25")), new OrderLine("POST", "Postage", 1,
                        new BigDecimal("5.00")));
        mixed.total = new BigDecimal("13.00"); // 13.50 + 5.00 - 4.50 - 1.00
        Order cancellation = new Order();
        cancellation.id = "C2";
        cancellation.customerId = "C2";
        cancellation.date = Instant.parse("2025-01-05T09:00:00Z");
        cancellation.country = "Spain";
        cancellation.discount = BigDecimal.ZERO;
        cancellation.lines = List.of(new OrderLine("P1", "Mug", -1, new BigDecimal("4.50")));
        cancellation.total = new BigDecimal("-4.50");
        builder.order(mixed);
        builder.order(cancellation);
        OrderFrame frame = builder.build();

        assertEquals(1, frame.orderCount(), "one sale: the cancellation is no order");
        assertEquals(1750, frame.totalCents(0), "the sale keeps its lines and discount: 13.50 + 5.00 - 1.00");
        assertEquals(2, frame.lineCount());
        Returns returns = frame.returns();
        assertEquals(2, returns.count());
        assertEquals("C2", returns.id(0), "returns by date");
        assertEquals(450, returns.amountCents(0));
        assertEquals(450, returns.amountCents(1));
        assertEquals(2, returns.lineQuantity(returns.firstLine(1)), "units given back, positive");
        assertEquals(1750 - 900, frame.totalCents(0) - returns.amountCents(0) - returns.amountCents(1),
                "sale minus returns is the documents' 13.00 - 4.50");
        assertEquals(0, frame.orderCountOf(frame.customerCode("C2").getAsInt()),
                "a customer whose only invoice is a cancellation has no order");
        assertEquals(YearMonth.of(2025, 1), frame.yearMonth(0), "months start at the earliest return");
        assertEquals(3, frame.monthCount());
        for (int p = 0; p < frame.productCount(); p++) {
            assertEquals(frame.productId(p).equals("POST"), frame.fee(p), frame.productId(p));
        }
        List<CustomerBehaviour> behaviour = Behaviours.before(frame, END);
        assertEquals(1, behaviour.size(), "only customers with a sale have a behaviour");
        assertEquals(new BigDecimal("13.00"), behaviour.get(0).revenue(), "net: 17.50 - 4.50");
    }

    static void assertSameOrder(Order expected, Order actual) {
        assertEquals(expected.id, actual.id);
        assertEquals(expected.customerId, actual.customerId);
        assertEquals(expected.date.toEpochMilli(), actual.date.toEpochMilli(), expected.id);
        assertEquals(expected.country, actual.country);
        assertEquals(expected.promoCode, actual.promoCode);
        assertEquals(expected.total, actual.total);
        assertEquals(expected.discount, actual.discount);
        assertEquals(expected.lines.size(), actual.lines.size());
        for (int i = 0; i < expected.lines.size(); i++) {
            assertEquals(expected.lines.get(i).productId, actual.lines.get(i).productId);
            assertEquals(expected.lines.get(i).quantity, actual.lines.get(i).quantity);
            assertEquals(expected.lines.get(i).unitPrice, actual.lines.get(i).unitPrice);
        }
    }
}

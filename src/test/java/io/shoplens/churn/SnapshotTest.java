package io.shoplens.churn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.shoplens.frame.CustomerBehaviour;
import io.shoplens.store.Order;
import io.shoplens.store.OrderLine;
import io.shoplens.testing.PlainBehaviours;

/** Labels and features on hand-built order histories. */
class SnapshotTest {
    static final Instant T0 = Instant.parse("2025-06-01T00:00:00Z");
    static final Instant END = Instant.parse("2025-08-30T00:00:00Z"); // T0 + 90 days

    static Order order(String id, String customer, String date, String total) {
        Order o = new Order();
        o.id = id;
        o.customerId = customer;
        o.date = Instant.parse(date + "T12:00:00Z");
        o.country = "France";
        o.discount = BigDecimal.ZERO.setScale(2);
        o.total = new BigDecimal(total);
        o.lines = List.of(new OrderLine("P1", "Thing", 1, new BigDecimal(total)));
        return o;
    }

    static List<Order> history() {
        List<Order> orders = new ArrayList<>();
        orders.add(order("O1", "stays", "2025-03-01", "10.00"));
        orders.add(order("O2", "stays", "2025-05-20", "20.00"));
        orders.add(order("O3", "stays", "2025-07-01", "30.00")); // inside the horizon: not churned
        orders.add(order("O4", "leaves", "2025-04-10", "40.00")); // nothing after T0: churned
        orders.add(order("O5", "late", "2025-06-15", "50.00")); // first order after T0: not labelled at T0
        return orders;
    }

    @Test
    void labelsComeFromTheHorizonAfterTheCutoff() {
        List<Order> orders = history();
        List<CustomerBehaviour> atT0 = PlainBehaviours.before(orders, T0);
        Set<String> ordering = ChurnTrainer.orderingSince(PlainBehaviours.before(orders, END), T0);
        Snapshot snapshot = Snapshot.of(T0, atT0, List.of("France"), ordering);
        assertEquals(List.of("leaves", "stays"), atT0.stream().map(CustomerBehaviour::customerId).toList(),
                "only customers with an order before t0 are labelled");
        assertTrue(snapshot.churned()[0], "no order in the horizon");
        assertFalse(snapshot.churned()[1], "ordered in the horizon");
        assertEquals(0.5, snapshot.baseRate(), 1e-12);
    }

    @Test
    void ordersAfterTheCutoffChangeNoFeature() {
        List<Order> orders = history();
        List<String> countries = List.of("France");
        double[][] before = Snapshot.of(T0, PlainBehaviours.before(orders, T0), countries, null).features();
        orders.add(order("O6", "stays", "2025-06-02", "999.00"));
        orders.add(order("O7", "leaves", "2025-08-01", "999.00"));
        orders.add(order("O8", "leaves", "2025-06-01", "5.00"));
        double[][] after = Snapshot.of(T0, PlainBehaviours.before(orders, T0), countries, null).features();
        assertEquals(before.length, after.length);
        for (int i = 0; i < before.length; i++) {
            assertArrayEquals(before[i], after[i]);
        }
    }

    @Test
    void featuresByHand() {
        List<CustomerBehaviour> atT0 = PlainBehaviours.before(history(), T0);
        double[] stays = Snapshot.vector(atT0.get(1), T0, List.of("Germany", "France"));
        assertEquals(12, stays[0], 1e-9, "recency: 20 May 12:00 to 1 June 00:00 is 11.5 days, 2 digits → 12");
        assertEquals(2, stays[1]);
        assertEquals(30, stays[2], 1e-9);
        assertEquals(80, stays[5], 1e-9, "one gap of 80 days");
        assertEquals(0, stays[6], 1e-9, "a single gap has no spread");
        assertEquals(1, stays[12]);
        assertEquals(0, stays[15], "not Germany");
        assertEquals(1, stays[16], "France");
    }

    /** An import without a country column: no country indicator is set, and nothing fails. */
    @Test
    void aCustomerWithoutACountryHasNoCountryIndicator() {
        List<Order> orders = history();
        orders.forEach(o -> o.country = null);
        List<CustomerBehaviour> atT0 = PlainBehaviours.before(orders, T0);
        double[] stays = Snapshot.vector(atT0.get(1), T0, Snapshot.countries(atT0));
        assertEquals(Snapshot.BASE_FEATURES.size(), stays.length, "no countries, no indicators");
        double[] withOthers = Snapshot.vector(atT0.get(1), T0, List.of("France", "Germany"));
        assertEquals(0, withOthers[Snapshot.BASE_FEATURES.size()]);
        assertEquals(0, withOthers[Snapshot.BASE_FEATURES.size() + 1]);
    }

    @Test
    void twoSignificantDigits() {
        assertEquals(730, Snapshot.twoSignificantDigits(728), 1e-9);
        assertEquals(0.0012, Snapshot.twoSignificantDigits(0.00123), 1e-12);
        assertEquals(-1, Snapshot.twoSignificantDigits(-1), 1e-12);
        assertEquals(0, Snapshot.twoSignificantDigits(0), 1e-12);
    }
}

package io.shoplens.simulate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.shoplens.store.Customer;
import io.shoplens.store.CustomerTruth;
import io.shoplens.store.Order;
import io.shoplens.testing.SimulatedShop;

/** The live shop continues the generated one: deterministically, resumably, and at the generated shop's pace. */
class LiveShopTest {
    private static final LocalDate AS_OF = LocalDate.of(2025, 12, 31);
    private static final SimulationSettings SETTINGS = new SimulationSettings(null, 2_000, 40, 60_000, 9, 730, AS_OF,
            SimulationSettings.DEFAULT_MIX);

    /** A live shop starting after the generated one, its customers as the service finds them in MongoDB. */
    private static LiveShop start(SimulatedShop shop, Map<String, CustomerTruth> truth, LocalDate dayStart,
            long ordersMade, int customersMade, List<Order> recentSales) {
        Set<String> ordered = new HashSet<>();
        shop.sales().forEach(o -> ordered.add(o.customerId));
        Instant start = dayStart.atStartOfDay(ZoneOffset.UTC).toInstant();
        List<LiveShop.Shopper> shoppers = new ArrayList<>();
        for (Customer c : shop.customers) {
            CustomerTruth t = copy(truth.get(c.id));
            boolean gone = t.dropoutDate != null && t.dropoutDate.isBefore(start);
            boolean brought = LiveShop.broughtIn(c.id, SETTINGS.customers());
            shoppers.add(new LiveShop.Shopper(c.id, c.country, t, (brought || ordered.contains(c.id)) && !gone));
        }
        return new LiveShop(SETTINGS.seed(), shop.products, shoppers, SETTINGS.customers(), 2_000 / 730.0,
                SimulationSettings.DEFAULT_MIX, ordersMade, customersMade, recentSales);
    }

    private static CustomerTruth copy(CustomerTruth t) {
        CustomerTruth c = new CustomerTruth();
        c.id = t.id;
        c.persona = t.persona;
        c.purchaseRatePerDay = t.purchaseRatePerDay;
        c.dropoutProbability = t.dropoutProbability;
        c.dropoutDate = t.dropoutDate;
        c.returnRate = t.returnRate;
        c.returns = t.returns;
        return c;
    }

    /**
     * Restarts before day 11 (the sales of days 1 to 10 handed over as they were made) and before day 75 (the last 60
     * days' sales read back from the analysis frame as the service does, with two appended orders named like live
     * sales among them): the days after each are the straight run's, sales and returns, returns of sales made before
     * the restart included.
     */
    @Test
    void resumingAtAnyMidnightGivesTheSameOrdersAndReturns() {
        SimulatedShop shop = SimulatedShop.of(SETTINGS);
        LiveShop straight = start(shop, shop.truth, AS_OF.plusDays(1), 0, 0, List.of());
        List<LiveShop.Day> days = new ArrayList<>();
        for (int d = 1; d <= 90; d++) {
            days.add(straight.next(AS_OF.plusDays(d)));
        }
        for (int restartDay : new int[] { 11, 75 }) {
            // The stored truth holds the drop-outs and new customers of the days before, and the orders collection
            // their sales, whose returns after the restart are still to come.
            Map<String, CustomerTruth> stored = new HashMap<>(shop.truth);
            SimulatedShop withNew = SimulatedShop.of(SETTINGS);
            int customersMade = 0;
            List<Order> sales = new ArrayList<>();
            for (LiveShop.Day day : days.subList(0, restartDay - 1)) {
                day.truths().forEach(t -> stored.put(t.id, t));
                withNew.customers.addAll(day.newCustomers());
                withNew.orders.addAll(day.orders());
                day.orders().stream().filter(Order::sells).forEach(sales::add);
                customersMade += day.newCustomers().size();
            }
            Instant dayStart = AS_OF.plusDays(restartDay).atStartOfDay(ZoneOffset.UTC).toInstant();
            List<Order> handedOver = sales;
            if (restartDay == 75) {
                Order named = sales.get(sales.size() - 1);
                withNew.orders.add(appended("L99999999", named));
                withNew.orders.add(appended("L0" + named.id.substring(1), named));
                handedOver = LiveSimulation.liveSales(withNew.frame(1, dayStart), dayStart);
                assertTrue(handedOver.size() < sales.size(), "only the last 60 days: " + handedOver.size());
            }
            LiveShop resumed = start(withNew, stored, AS_OF.plusDays(restartDay), sales.size(), customersMade,
                    handedOver);
            Set<String> soldBefore = new HashSet<>();
            sales.forEach(o -> soldBefore.add("R" + o.id));
            int returnsOfEarlierSales = 0;
            for (int d = restartDay; d <= 90; d++) {
                List<Order> again = resumed.next(AS_OF.plusDays(d)).orders();
                assertEquals(describe(days.get(d - 1).orders()), describe(again), "restart " + restartDay + ", day "
                        + d);
                returnsOfEarlierSales += (int) again.stream().filter(o -> soldBefore.contains(o.id)).count();
            }
            assertTrue(returnsOfEarlierSales > 0, "some sales before day " + restartDay + " come back after it");
        }
    }

    /** An order appended through the API, named like a live sale and made like {@code like}, a day before it. */
    private static Order appended(String id, Order like) {
        Order o = new Order();
        o.id = id;
        o.customerId = like.customerId;
        o.country = like.country;
        o.date = like.date.minusSeconds(86_400);
        o.lines = like.lines;
        o.discount = like.discount;
        o.total = like.total;
        return o;
    }

    @Test
    void theShopsReturnRateIsReadBackFromTheTruth() {
        SimulatedShop shop = SimulatedShop.of(SETTINGS);
        List<LiveShop.Shopper> shoppers = shop.customers.stream()
                .map(c -> new LiveShop.Shopper(c.id, c.country, shop.truth.get(c.id), true)).toList();
        assertEquals(SETTINGS.returnRate(), LiveShop.baseReturnRate(shoppers, PersonaProfile.DEFAULTS), 1e-12);
    }

    /**
     * Live sales come back as the generator's do: at each customer's return chance (against the chances summed over
     * the sales, within four standard deviations), a day or more later, by the same customer, for no more than was
     * paid, and a sale at most once.
     */
    @Test
    void liveSalesComeBackAtTheCustomersReturnChance() {
        SimulatedShop shop = SimulatedShop.of(SETTINGS);
        LiveShop live = start(shop, shop.truth, AS_OF.plusDays(1), 0, 0, List.of());
        Map<String, CustomerTruth> truth = new HashMap<>(shop.truth);
        Map<String, Order> sales = new HashMap<>();
        Map<String, Order> returns = new HashMap<>();
        for (int d = 1; d <= 90; d++) {
            LiveShop.Day day = live.next(AS_OF.plusDays(d));
            day.truths().forEach(t -> truth.put(t.id, t));
            for (Order o : day.orders()) {
                if (o.sells()) {
                    sales.put(o.id, o);
                } else {
                    assertTrue(returns.put(o.id, o) == null, "one return per sale: " + o.id);
                }
            }
        }
        // Sales of the first 30 days: their returns (at most 60 days later) have all come by day 90.
        Instant day31 = AS_OF.plusDays(31).atStartOfDay(ZoneOffset.UTC).toInstant();
        double expected = 0;
        double variance = 0;
        int returned = 0;
        for (Order sale : sales.values()) {
            if (!sale.date.isBefore(day31)) {
                continue;
            }
            double chance = truth.get(sale.customerId).returnRate;
            expected += chance;
            variance += chance * (1 - chance);
            Order back = returns.get("R" + sale.id);
            if (back != null) {
                returned++;
                assertEquals(sale.customerId, back.customerId);
                assertEquals(sale.country, back.country);
                assertTrue(!back.date.isBefore(sale.date.plus(1, java.time.temporal.ChronoUnit.DAYS)), back.id);
                assertTrue(back.total.signum() < 0 && back.total.negate().compareTo(sale.total) <= 0, back.id);
            }
        }
        assertTrue(expected > 50, "enough sales to tell: " + expected);
        assertTrue(truth.values().stream().filter(t -> LiveShop.broughtIn(t.id, SETTINGS.customers()))
                .allMatch(t -> t.returnRate > 0), "new customers have a return chance");
        assertEquals(expected, returned, 4 * Math.sqrt(variance), "returns of the first 30 days' sales");
        returns.keySet().forEach(id -> assertTrue(sales.containsKey(id.substring(1)), "a return of a live sale: " + id));
    }

    @Test
    void theLiveShopBuysAtTheGeneratedShopsPace() {
        SimulatedShop shop = SimulatedShop.of(SETTINGS);
        LiveShop live = start(shop, shop.truth, AS_OF.plusDays(1), 0, 0, List.of());
        int liveOrders = 0;
        int newCustomers = 0;
        for (int d = 1; d <= 60; d++) {
            LiveShop.Day day = live.next(AS_OF.plusDays(d));
            liveOrders += (int) day.orders().stream().filter(Order::sells).count();
            newCustomers += day.newCustomers().size();
            day.orders().forEach(o -> assertTrue(!o.date.isBefore(day.date().atStartOfDay(ZoneOffset.UTC)
                    .toInstant()) && o.date.isBefore(day.date().plusDays(1).atStartOfDay(ZoneOffset.UTC)
                            .toInstant()), "an order of " + day.date() + " on that day"));
        }
        // The last 60 generated days (November and December) against the next 60 (January and February): the
        // calendar makes the second a quarter quieter, more drop-outs than new customers a little more.
        Instant from = AS_OF.minusDays(59).atStartOfDay(ZoneOffset.UTC).toInstant();
        long generated = shop.sales().stream().filter(o -> !o.date.isBefore(from)).count();
        double ratio = liveOrders / (double) generated;
        System.out.printf("live shop: %d orders in 60 days after the as-of date, %d in the 60 before (%.2f); %d new"
                + " customers%n", liveOrders, generated, ratio, newCustomers);
        assertTrue(ratio > 0.5 && ratio < 1.1, "ratio " + ratio);
        assertTrue(newCustomers > 60 && newCustomers < 300, "about 2.7 a day: " + newCustomers);
    }

    private static List<String> describe(List<Order> orders) {
        return orders.stream().map(o -> o.id + " " + o.customerId + " " + o.date + " " + o.total + " " + o.promoCode
                + " " + o.lines.size()).toList();
    }
}

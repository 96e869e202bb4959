package io.shoplens.clv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.shoplens.frame.FrameBuilder;
import io.shoplens.frame.OrderFrame;
import io.shoplens.lifetimes.BgNbd;
import io.shoplens.lifetimes.GammaGamma;
import io.shoplens.lifetimes.PurchaseModel;
import io.shoplens.simulate.SimulationSettings;
import io.shoplens.store.Order;
import io.shoplens.testing.SimulatedShop;

/** The analysis against plain recomputations over the simulated orders themselves (not the frame's summaries). */
class ClvModelTest {
    static final LocalDate AS_OF = LocalDate.of(2025, 9, 30);
    static final PurchaseModel MODEL = PurchaseModel.BGNBD;
    static final boolean SEASONAL = true;
    static final ClvModel.Settings SETTINGS = new ClvModel.Settings(0.01, 180, 0, 0, 1, 1, MODEL, SEASONAL);
    static SimulatedShop shop;
    static OrderFrame frame;
    static ClvModel.Result result;

    @BeforeAll
    static void analyse() {
        shop = SimulatedShop.of(new SimulationSettings(null, 600, 30, 12_000, 5, 730, AS_OF,
                SimulationSettings.DEFAULT_MIX));
        frame = shop.frame(1, AS_OF.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
        result = ClvModel.analyse(frame, SETTINGS);
    }

    /** Each customer's sales by day (totals of the day), from the order entities; returns are not orders. */
    static Map<String, TreeMap<LocalDate, BigDecimal>> days(LocalDate before) {
        Map<String, TreeMap<LocalDate, BigDecimal>> days = new TreeMap<>();
        for (Order o : shop.sales()) {
            LocalDate day = LocalDate.ofInstant(o.date, ZoneOffset.UTC);
            if (day.isBefore(before)) {
                days.computeIfAbsent(o.customerId, c -> new TreeMap<>()).merge(day, o.total, BigDecimal::add);
            }
        }
        return days;
    }

    /**
     * Operational time from the start of day {@code from} to {@code days} days later (a fraction of the last day
     * counts that share of it): each day weighs its month-of-year index times its weekday index.
     */
    static double operational(ClvSummary.TimeScale scale, LocalDate from, double days) {
        double sum = 0;
        LocalDate day = from;
        for (double left = days; left > 0; left -= 1, day = day.plusDays(1)) {
            double weight = scale.monthIndex().get(day.getMonthValue() - 1)
                    * scale.weekdayIndex().get(day.getDayOfWeek().getValue() - 1);
            sum += Math.min(1, left) * weight;
        }
        return sum;
    }

    static double operational(ClvSummary.TimeScale scale, LocalDate from, LocalDate to) {
        return operational(scale, from, to.toEpochDay() - from.toEpochDay());
    }

    @Test
    void theDefaultsAreBgNbdOnTheShopsSeason() {
        assertEquals("BG/NBD", result.summary().purchaseModel());
        assertTrue(result.summary().timeScale().seasonal(), result.summary().timeScale().note());
        assertTrue(result.summary().holdout().timeScale().seasonal(), result.summary().holdout().timeScale().note());
        ClvConfig defaults = ClvQuality.config();
        assertEquals(PurchaseModel.BGNBD, defaults.purchaseModel());
        assertTrue(defaults.seasonal());
    }

    @Test
    void holdoutMatchesAPlainRecomputation() {
        checkHoldout(result.summary().holdout(), MODEL);
    }

    @Test
    void holdoutOfMbgNbdOnPlainDaysMatchesAPlainRecomputation() {
        ClvSummary.Holdout holdout = ClvModel.analyse(frame, SETTINGS.with(PurchaseModel.MBGNBD, false)).summary()
                .holdout();
        assertTrue(!holdout.timeScale().seasonal());
        assertEquals(180, holdout.operationalDays());
        checkHoldout(holdout, PurchaseModel.MBGNBD);
    }

    static void checkHoldout(ClvSummary.Holdout holdout, PurchaseModel model) {
        assertEquals(180, holdout.days());
        assertEquals(AS_OF.minusDays(179), holdout.cutoff());
        ClvSummary.PurchaseParams p = holdout.params();
        BgNbd.Params params = new BgNbd.Params(p.r(), p.alpha(), p.a(), p.b());
        ClvSummary.TimeScale scale = holdout.timeScale();
        double length = operational(scale, holdout.cutoff(), 180);
        assertEquals(length, holdout.operationalDays(), 1e-6);
        Map<String, TreeMap<LocalDate, BigDecimal>> before = days(holdout.cutoff());
        Map<String, TreeMap<LocalDate, BigDecimal>> all = days(AS_OF.plusDays(1));
        long[] customers = new long[8];
        double[] predicted = new double[8];
        double[] actual = new double[8];
        for (var e : before.entrySet()) {
            TreeMap<LocalDate, BigDecimal> calibration = e.getValue();
            int x = calibration.size() - 1;
            double tx = operational(scale, calibration.firstKey(), calibration.lastKey());
            double T = operational(scale, calibration.firstKey(), holdout.cutoff().minusDays(1));
            int row = Math.min(7, x);
            customers[row]++;
            predicted[row] += model.expectedPurchases(params, length, x, tx, T);
            actual[row] += all.get(e.getKey()).tailMap(holdout.cutoff()).size();
        }
        assertEquals(before.size(), holdout.customers());
        assertArrayEquals(customers, holdout.byFrequency().stream().mapToLong(ClvSummary.FrequencyRow::customers)
                .toArray());
        assertArrayEquals(actual, holdout.byFrequency().stream().mapToDouble(ClvSummary.FrequencyRow::actual)
                .toArray());
        assertArrayEquals(predicted, holdout.byFrequency().stream().mapToDouble(ClvSummary.FrequencyRow::predicted)
                .toArray(), 1e-6);
        assertEquals(List.of("0", "1", "2", "3", "4", "5", "6", "7+"),
                holdout.byFrequency().stream().map(ClvSummary.FrequencyRow::label).toList());
        assertEquals(java.util.Arrays.stream(actual).sum(), holdout.actualOrders());
        assertEquals(java.util.Arrays.stream(predicted).sum(), holdout.predictedOrders(), 1e-6);
        assertTrue(holdout.actualOrders() > 0);
    }

    @Test
    void eachCustomersFiguresFollowTheirDefinitions() {
        ClvSummary.Params p = result.summary().params();
        BgNbd.Params purchases = new BgNbd.Params(p.r(), p.alpha(), p.a(), p.b());
        GammaGamma.Params spend = new GammaGamma.Params(p.p(), p.q(), p.v());
        ClvSummary.TimeScale scale = result.summary().timeScale();
        LocalDate next = AS_OF.plusDays(1);
        Map<String, TreeMap<LocalDate, BigDecimal>> days = days(AS_OF.plusDays(1));
        BigDecimal total = BigDecimal.ZERO;
        for (var e : days.entrySet()) {
            TreeMap<LocalDate, BigDecimal> history = e.getValue();
            int x = history.size() - 1;
            double tx = operational(scale, history.firstKey(), history.lastKey());
            double T = operational(scale, history.firstKey(), AS_OF);
            double gross = history.values().stream().mapToDouble(BigDecimal::doubleValue).sum();
            double returned = shop.returns().stream().filter(r -> r.customerId.equals(e.getKey()))
                    .mapToDouble(r -> -r.total.doubleValue()).sum();
            double repeatSpend = history.tailMap(history.firstKey(), false).values().stream()
                    .mapToDouble(BigDecimal::doubleValue).sum() * (gross - returned) / gross;
            double value = GammaGamma.conditionalExpectedAverageValue(spend, x, x == 0 ? 0 : repeatSpend / x);
            double clv = 0;
            for (int m = 1; m <= 12; m++) {
                double inMonth = MODEL.expectedPurchases(purchases, operational(scale, next, m * 365.25 / 12), x, tx, T)
                        - MODEL.expectedPurchases(purchases, operational(scale, next, (m - 1) * 365.25 / 12), x, tx,
                                T);
                clv += inMonth * value / Math.pow(1.01, m);
            }
            CustomerClv actual = result.byCustomer()[frame.customerCode(e.getKey()).getAsInt()];
            assertEquals(MODEL.pAlive(purchases, x, tx, T), actual.pAlive(), 1e-9, e.getKey());
            assertEquals(x == 0 ? 1 : actual.pAlive(), actual.pAlive(), e.getKey());
            assertEquals(MODEL.expectedPurchases(purchases, operational(scale, next, 90), x, tx, T),
                    actual.expectedOrders90d(), 1e-9);
            assertEquals(MODEL.expectedPurchases(purchases, operational(scale, next, 365), x, tx, T),
                    actual.expectedOrders365d(), 1e-9);
            assertEquals(value, actual.expectedOrderValue().doubleValue(), 0.005, e.getKey());
            assertEquals(clv, actual.clv12m().doubleValue(), 0.005, e.getKey());
            total = total.add(actual.clv12m());
        }
        assertEquals(days.size(), result.summary().customers());
        assertEquals(total, result.summary().totalClv12m());
        for (int c = 0; c < frame.customerCount(); c++) {
            if (!days.containsKey(frame.customerId(c))) {
                assertNull(result.byCustomer()[c], "a customer without orders has no value");
            }
        }
    }

    @Test
    void topDistributionAndSampleAddUp() {
        ClvSummary s = result.summary();
        assertEquals(ClvModel.TOP, s.top().size());
        List<BigDecimal> values = new ArrayList<>();
        for (CustomerClv c : result.byCustomer()) {
            if (c != null) {
                values.add(c.clv12m());
            }
        }
        values.sort(Comparator.reverseOrder());
        assertEquals(values.subList(0, ClvModel.TOP), s.top().stream().map(t -> t.clv().clv12m()).toList());
        assertEquals(s.customers(), s.distribution().stream().mapToLong(ClvSummary.Bin::customers).sum());
        assertEquals(s.customers(), s.fitCustomers(), "all fitted when no limit is set");

        ClvModel.Result sampled = ClvModel.analyse(frame, new ClvModel.Settings(0.01, 180, 0, 200, 1, 1, MODEL, SEASONAL));
        assertEquals(200, sampled.summary().fitCustomers());
        assertEquals(s.customers(), sampled.summary().customers(), "everyone is still scored");
        assertNotNull(sampled.byCustomer()[frame.customerCode(s.top().get(0).id()).getAsInt()]);
    }

    @Test
    void tooFewRepeatBuyersAreRefusedWithTheReason() {
        long repeaters = java.util.Arrays.stream(ClvModel.histories(frame, frame.end().toEpochMilli()).x())
                .filter(x -> x > 0).count();
        ClvModel.Settings strict = new ClvModel.Settings(0.01, 180, 0, 0, (int) repeaters + 1, 1, MODEL, SEASONAL);
        IllegalStateException refused = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> ClvModel.analyse(frame, strict));
        assertTrue(refused.getMessage().startsWith("only " + repeaters + " customers ordered on two days or more"),
                refused.getMessage());
        assertTrue(refused.getMessage().contains("shoplens.clv.min-repeat-customers"));
        ClvModel.analyse(frame, new ClvModel.Settings(0.01, 180, 0, 0, (int) repeaters, 1, MODEL, SEASONAL));
    }

    @Test
    void repeatPurchasesAreCountedInOrderDays() {
        Map<String, Long> orders = shop.orders.stream().collect(Collectors.groupingBy(o -> o.customerId,
                Collectors.counting()));
        Map<String, TreeMap<LocalDate, BigDecimal>> days = days(AS_OF.plusDays(1));
        ClvModel.Histories h = ClvModel.histories(frame, frame.end().toEpochMilli());
        for (int i = 0; i < h.size(); i++) {
            String id = frame.customerId(h.customer()[i]);
            assertEquals(days.get(id).size() - 1, h.x()[i], id);
            assertTrue(h.x()[i] <= orders.get(id) - 1);
        }
    }

    @Test
    void aCalibrationWithoutRepeatOrderDaysStillGivesACheck() {
        // Ten days of data: the last five are held out, and before them nobody has a repeat order day, so the
        // calibration fit sees only x = 0 (its likelihood rises as r falls to 0: the simplex stops at a tiny r).
        FrameBuilder builder = new FrameBuilder(1, Instant.parse("2025-01-11T00:00:00Z"), false);
        int n = 0;
        for (String[] order : new String[][] { { "c1", "01", "20" }, { "c1", "08", "30" }, { "c2", "02", "15" },
                { "c2", "09", "25" }, { "c2", "10", "10" }, { "c3", "03", "40" }, { "c3", "07", "35" } }) {
            Order o = new Order();
            o.id = "o" + n++;
            o.customerId = order[0];
            o.date = Instant.parse("2025-01-" + order[1] + "T10:00:00Z");
            o.total = new BigDecimal(order[2]);
            o.discount = BigDecimal.ZERO;
            builder.order(o);
        }
        ClvSummary s = ClvModel.analyse(builder.build(), SETTINGS).summary();
        assertEquals(3, s.customers());
        assertEquals(5, s.holdout().days());
        assertEquals(LocalDate.of(2025, 1, 6), s.holdout().cutoff());
        assertEquals(3, s.holdout().byFrequency().get(0).customers());
        assertEquals(4, s.holdout().actualOrders(), "c1 on the 8th, c2 on the 9th and 10th, c3 on the 7th");
        assertTrue(s.holdout().predictedOrders() >= 0 && s.holdout().predictedOrders() < 4,
                "without a repeat buyer to learn from, little is predicted: " + s.holdout().predictedOrders());
    }
}

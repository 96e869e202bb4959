package io.shoplens.clv;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

import io.shoplens.frame.OrderFrame;
import io.shoplens.lifetimes.BgNbd;
import io.shoplens.lifetimes.PurchaseModel;
import io.shoplens.simulate.SimulationSettings;
import io.shoplens.store.CustomerTruth;
import io.shoplens.store.Order;
import io.shoplens.store.Persona;
import io.shoplens.testing.SimulatedShop;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * The lifetime-value analysis on a simulated shop without a database: the app's own frame and models on the simulated
 * orders held in memory, with the configuration's defaults (or system properties). For the README's figures.
 */
public final class ClvQuality {
    private ClvQuality() {
    }

    public static ClvConfig config() {
        SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(ClvConfig.class).addSystemSources().build();
        return config.getConfigMapping(ClvConfig.class);
    }

    /**
     * The analysis of a simulated shop and, beside it, the simulator's truth about the customers with orders.
     *
     * @param truthOrdersPerYear mean purchase rate a year while alive
     * @param truthDropOutChance mean drop-out chance per purchase
     * @param droppedAtFirstOrder share who dropped out right at their first order, which BG/NBD does not allow
     * @param sameDayShare share of orders placed on a day the customer had already ordered
     */
    public record Result(ClvSummary summary, double truthOrdersPerYear, double truthDropOutChance,
            double droppedAtFirstOrder, double sameDayShare) {
    }

    /** The analysis of a simulated shop of the given size, as of 2025-12-31 over 730 days. */
    public static Result measure(int customers, long orders, long seed) {
        Simulated s = simulate(customers, orders, seed);
        return new Result(analyse(s.frame()), s.truthOrdersPerYear(), s.truthDropOutChance(), s.droppedAtFirstOrder(),
                s.sameDayShare());
    }

    /**
     * A simulated shop's frame and, beside it, the simulator's truth (as {@link Result}'s), with the settings and
     * the truth of every customer.
     */
    public record Simulated(OrderFrame frame, double truthOrdersPerYear, double truthDropOutChance,
            double droppedAtFirstOrder, double sameDayShare, SimulationSettings settings,
            Map<String, CustomerTruth> truth) {
    }

    /** The analysis with the configuration's settings but the given purchase model, calendar and holdout. */
    public static ClvSummary analyse(OrderFrame frame, PurchaseModel model, boolean seasonal, int holdoutDays) {
        return ClvModel.analyse(frame, ClvModel.Settings.of(config()).with(model, seasonal)
                .withHoldoutDays(holdoutDays)).summary();
    }

    /**
     * Diagnostic only, never the app's: the holdout check with the calendar estimated from all the order days, the
     * holdout's included, i.e. with the holdout's own season known. Tells the calendar's estimation error from the
     * purchase model's.
     */
    public static ClvSummary.Holdout holdoutKnowingTheSeason(OrderFrame frame, PurchaseModel model, int days) {
        long end = frame.end().toEpochMilli();
        long endDay = Math.floorDiv(end, ClvModel.DAY_MILLIS);
        long cutoff = (endDay - days) * ClvModel.DAY_MILLIS;
        OperationalTime clock = OperationalTime.estimate(ClvModel.histories(frame, end).orderDays(), endDay);
        ClvModel.Histories calibration = ClvModel.histories(frame, cutoff).on(clock);
        BgNbd.Params params = ClvModel.fitPurchases(model, calibration,
                ClvModel.sample(calibration.size(), 0, 1), 0);
        return ClvModel.holdout(frame, model, calibration, params, cutoff, days, clock);
    }

    /**
     * Log-likelihood per customer of each purchase model fitted on the histories before the holdout cutoff, on the
     * configured calendar: both have four parameters, so the higher fits the calibration data better.
     */
    public static double[] calibrationLogLikelihoods(OrderFrame frame, boolean seasonal, int days) {
        long endDay = Math.floorDiv(frame.end().toEpochMilli(), ClvModel.DAY_MILLIS);
        long cutoffDay = endDay - days;
        ClvModel.Histories raw = ClvModel.histories(frame, cutoffDay * ClvModel.DAY_MILLIS);
        ClvModel.Histories h = raw.on(seasonal ? OperationalTime.estimate(raw.orderDays(), cutoffDay)
                : OperationalTime.plain("plain"));
        double[] result = new double[2];
        for (PurchaseModel model : PurchaseModel.values()) {
            BgNbd.Params p = ClvModel.fitPurchases(model, h, ClvModel.sample(h.size(), 0, 1), 0);
            double sum = 0;
            for (int i = 0; i < h.size(); i++) {
                sum += model.logLikelihood(p, h.x()[i], h.tx()[i], h.T()[i]);
            }
            result[model.ordinal()] = sum / h.size();
        }
        return result;
    }

    /** A simulated shop of the given size, as of 2025-12-31 over 730 days. */
    public static Simulated simulate(int customers, long orders, long seed) {
        return simulate(customers, orders, seed, SimulationSettings.DEFAULT_MIX);
    }

    /** The same with another persona mix (a diagnostic: one persona is closer to one Gamma and one Beta). */
    public static Simulated simulate(int customers, long orders, long seed, Map<Persona, Double> mix) {
        LocalDate asOf = LocalDate.of(2025, 12, 31);
        SimulationSettings settings = new SimulationSettings(null, customers, 200, orders, seed, 730, asOf, mix);
        SimulatedShop shop = SimulatedShop.of(settings);
        OrderFrame frame = shop.frame(1, asOf.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
        Map<String, Instant> first = new HashMap<>();
        for (Order o : shop.orders) {
            first.merge(o.customerId, o.date, (x, y) -> x.isBefore(y) ? x : y);
        }
        double rate = 0;
        double dropOut = 0;
        int atFirst = 0;
        for (CustomerTruth t : shop.truth.values()) {
            if (first.containsKey(t.id)) {
                rate += t.purchaseRatePerDay * 365.25;
                dropOut += t.dropoutProbability;
                atFirst += first.get(t.id).equals(t.dropoutDate) ? 1 : 0;
            }
        }
        int n = first.size();
        return new Simulated(frame, rate / n, dropOut / n, (double) atFirst / n, sameDayShare(frame), settings,
                shop.truth);
    }

    public static ClvSummary analyse(OrderFrame frame) {
        return ClvModel.analyse(frame, ClvModel.Settings.of(config())).summary();
    }

    /** Share of orders placed on a day on which the same customer had already ordered. */
    public static double sameDayShare(OrderFrame frame) {
        long repeats = 0;
        for (int c = 0; c < frame.customerCount(); c++) {
            for (int k = 1; k < frame.orderCountOf(c); k++) {
                long day = Math.floorDiv(frame.date(frame.orderOf(c, k)), ClvModel.DAY_MILLIS);
                repeats += day == Math.floorDiv(frame.date(frame.orderOf(c, k - 1)), ClvModel.DAY_MILLIS) ? 1 : 0;
            }
        }
        return frame.orderCount() == 0 ? 0 : (double) repeats / frame.orderCount();
    }

}

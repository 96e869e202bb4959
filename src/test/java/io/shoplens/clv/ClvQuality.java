package io.shoplens.clv;

import java.time.LocalDate;
import java.time.ZoneOffset;

import io.shoplens.frame.OrderFrame;
import io.shoplens.simulate.SimulationSettings;
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

    /** The analysis of a simulated shop of the given size, as of 2025-12-31 over 730 days. */
    public static ClvSummary measure(int customers, long orders, long seed) {
        LocalDate asOf = LocalDate.of(2025, 12, 31);
        SimulatedShop shop = SimulatedShop.of(new SimulationSettings(null, customers, 200, orders, seed, 730, asOf,
                SimulationSettings.DEFAULT_MIX));
        OrderFrame frame = shop.frame(1, asOf.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
        return analyse(frame);
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

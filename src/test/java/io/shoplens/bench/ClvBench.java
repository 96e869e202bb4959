package io.shoplens.bench;

import io.shoplens.clv.ClvQuality;
import io.shoplens.clv.ClvSummary;

/**
 * Lifetime-value holdout check on the medium preset for three seeds: order days predicted in the holdout window by
 * the purchase model fitted before it, against the actual ones, and the time the fits took.
 */
final class ClvBench {
    private ClvBench() {
    }

    static void run(String[] args) {
        int customers = Integer.getInteger("customers", 10_000);
        long orders = Long.getLong("orders", 200_000L);
        int seeds = Integer.getInteger("seeds", 3);
        for (long seed = 1; seed <= seeds; seed++) {
            ClvSummary s = ClvQuality.measure(customers, orders, seed);
            ClvSummary.Holdout h = s.holdout();
            System.out.printf("%,d customers, seed %d: holdout %d days from %s, %,d customers | predicted %,.0f"
                    + " | actual %,.0f | ratio %.3f | fits %.2f s on %,d customers, analysis %.2f s"
                    + " | r %.3f α %.2f a %.3f b %.3f p %.2f q %.2f v %.2f | total CLV 12m %s%n", customers, seed,
                    h.days(), h.cutoff(), h.customers(), h.predictedOrders(), h.actualOrders(), h.ratio(),
                    s.fitSeconds(), s.fitCustomers(), s.computeSeconds(), s.params().r(), s.params().alpha(),
                    s.params().a(), s.params().b(), s.params().p(), s.params().q(), s.params().v(), s.totalClv12m());
            for (ClvSummary.FrequencyRow row : h.byFrequency()) {
                System.out.printf("    %s repeat order days: %,d customers, predicted %,.0f, actual %,.0f%n",
                        row.label(), row.customers(), row.predicted(), row.actual());
            }
        }
    }
}

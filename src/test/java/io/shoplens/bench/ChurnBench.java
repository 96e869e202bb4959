package io.shoplens.bench;

import java.time.LocalDate;
import java.util.Arrays;

import io.shoplens.churn.ChurnQuality;
import io.shoplens.churn.ModelCard;
import io.shoplens.simulate.Preset;

/**
 * Churn model quality on a preset (-Dpreset=, default medium; or -Dcustomers= -Dproducts= -Dorders=) for a list of
 * seeds (-Dseeds=1,2,3), data ending on -DasOf= (default 2025-12-31): our out-of-time ROC AUC next to the recency
 * baseline, the oracle and the ceiling of any model of the order history, the Brier score before and after
 * calibration (and BG/NBD's), and the forest's training time.
 */
final class ChurnBench {
    private ChurnBench() {
    }

    static void run(String[] args) {
        Preset preset = Preset.byId(System.getProperty("preset", "medium")).orElseThrow();
        int customers = Integer.getInteger("customers", preset.customers);
        int products = Integer.getInteger("products", preset.products);
        long orders = Long.getLong("orders", preset.orders);
        long[] seeds = Arrays.stream(System.getProperty("seeds", "1,2,3").split(",")).map(String::trim)
                .mapToLong(Long::parseLong).toArray();
        LocalDate asOf = LocalDate.parse(System.getProperty("asOf", "2025-12-31"));
        for (long seed : seeds) {
            ChurnQuality.Result r = ChurnQuality.measure(customers, products, orders, seed, asOf);
            ModelCard.Calibration c = r.calibration();
            System.out.printf("%,d customers, seed %d: ROC AUC %.3f | recency %.3f | oracle %.3f | ours/oracle %.3f"
                    + " | history ceiling %.3f (%.3f of the oracle), ours/ceiling %.3f | Brier raw %.4f, calibrated"
                    + " %.4f, stacked %.4f (cross-fitted), served %s %.4f%s | churn rate %.3f | train %,d / eval %,d"
                    + " rows, depth %d | forest trained in %,d ms%n", customers, seed, r.rocAuc(), r.recencyAuc(),
                    r.oracleAuc(), r.rocAuc() / r.oracleAuc(), r.historyCeilingAuc(),
                    r.historyCeilingAuc() / r.oracleAuc(), r.rocAuc() / r.historyCeilingAuc(), c.brierBefore(),
                    c.brierCalibrated(), c.brierStacked() == null ? Double.NaN : c.brierStacked(), c.method(),
                    c.brierAfter(),
                    c.bgNbd() == null ? "" : String.format(", BG/NBD %.4f (ROC AUC %.3f)", c.bgNbd().brier(),
                            c.bgNbd().rocAuc()),
                    r.baseRate(), r.trainSize(), r.evalSize(), r.evaluatedDepth(), r.trainMillis());
        }
    }
}

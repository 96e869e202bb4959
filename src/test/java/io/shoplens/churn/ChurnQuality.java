package io.shoplens.churn;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.tribuo.Model;
import org.tribuo.classification.Label;

import io.shoplens.frame.CustomerBehaviour;
import io.shoplens.simulate.SimulationSettings;
import io.shoplens.store.CustomerTruth;
import io.shoplens.testing.SimulatedShop;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * The churn protocol on a simulated shop without a database: the app's own frame, snapshots, forest and metrics on
 * the simulated orders held in memory. For the README's quality figures.
 */
public final class ChurnQuality {
    private ChurnQuality() {
    }

    /**
     * @param historyCeilingAuc the best any model of the order history could do if it also knew each customer's true
     *     purchase rate and drop-out chance (but not whether the drop-out has happened): P(no order in H) from Bayes,
     *     with P(alive) = (1 − p)·e^(−λ·recency) / ((1 − p)·e^(−λ·recency) + p)
     */
    public record Result(double rocAuc, double recencyAuc, double oracleAuc, double historyCeilingAuc, double baseRate,
            int trainSize, int evalSize, long trainMillis) {
    }

    public static ChurnConfig config() {
        SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(ChurnConfig.class).addSystemSources().build();
        return config.getConfigMapping(ChurnConfig.class);
    }

    public static Result measure(int customers, long orders, long seed) {
        ChurnConfig config = config();
        LocalDate asOf = LocalDate.of(2025, 12, 31);
        SimulationSettings settings = new SimulationSettings(null, customers, 200, orders, seed, 730, asOf,
                SimulationSettings.DEFAULT_MIX);
        SimulatedShop shop = SimulatedShop.of(settings);
        Map<String, CustomerTruth> truth = shop.truth;
        int h = config.horizonDays();
        Instant end = asOf.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        ChurnTrainer.Snapshots snapshots = ChurnTrainer.snapshots(shop.frame(1, end), h);
        Instant t0 = snapshots.evaluation().cutoff();
        List<String> names = snapshots.featureNames();
        Snapshot train = snapshots.train();
        Snapshot eval = snapshots.evaluation();
        long started = System.nanoTime();
        Model<Label> model = ChurnTrainer.fit(names, train, config.forest());
        long millis = (System.nanoTime() - started) / 1_000_000;
        double[] p = Forest.predict(model, names, eval.features());
        double[] recency = eval.recency();
        double[] oracle = new double[eval.size()];
        double[] historyCeiling = new double[eval.size()];
        for (int i = 0; i < eval.size(); i++) {
            CustomerBehaviour c = eval.customers().get(i);
            CustomerTruth t = truth.get(c.customerId());
            double silentForNothing = Math.exp(-t.purchaseRatePerDay * h);
            oracle[i] = t.dropoutDate != null && t.dropoutDate.isBefore(t0) ? 1 : silentForNothing;
            double stillSilent = (1 - t.dropoutProbability) * Math.exp(-t.purchaseRatePerDay * c.recencyDays(t0));
            double alive = stillSilent / (stillSilent + t.dropoutProbability);
            historyCeiling[i] = 1 - alive * (1 - silentForNothing);
        }
        return new Result(Metrics.rocAuc(p, eval.churned()), Metrics.rocAuc(recency, eval.churned()),
                Metrics.rocAuc(oracle, eval.churned()), Metrics.rocAuc(historyCeiling, eval.churned()),
                eval.baseRate(), train.size(), eval.size(), millis);
    }
}

package io.shoplens.churn;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;

import org.tribuo.Model;
import org.tribuo.classification.Label;

import io.shoplens.simulate.SimulationSettings;
import io.shoplens.store.CustomerTruth;
import io.shoplens.testing.SimulatedShop;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * The churn protocol on a simulated shop without a database: the app's own frame, snapshots, forest, evaluation
 * (metrics, calibration, oracle and history ceiling) on the simulated orders held in memory. For the README's
 * quality figures.
 */
public final class ChurnQuality {
    private ChurnQuality() {
    }

    /**
     * @param evaluation what the app would put on the model card
     * @param evaluatedDepth the tree depth the small-data rule chose for the evaluated forest
     */
    public record Result(ChurnEvaluation evaluation, int trainSize, int evalSize, int evaluatedDepth,
            long trainMillis) {
        public double rocAuc() {
            return evaluation.metrics().rocAuc();
        }

        public double recencyAuc() {
            return evaluation.baselines().recency().rocAuc();
        }

        public double oracleAuc() {
            return evaluation.oracle().rocAuc();
        }

        public double historyCeilingAuc() {
            return evaluation.oracle().historyCeiling().rocAuc();
        }

        public double baseRate() {
            return evaluation.baselines().baseRate();
        }

        public ModelCard.Calibration calibration() {
            return evaluation.calibration();
        }
    }

    public static ChurnConfig config() {
        SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(ChurnConfig.class).addSystemSources().build();
        return config.getConfigMapping(ChurnConfig.class);
    }

    /** @param asOf the simulated data's last day (the app's default is yesterday) */
    public static Result measure(int customers, int products, long orders, long seed, LocalDate asOf) {
        ChurnConfig config = config();
        SimulationSettings settings = new SimulationSettings(null, customers, products, orders, seed, 730, asOf,
                SimulationSettings.DEFAULT_MIX);
        SimulatedShop shop = SimulatedShop.of(settings);
        Map<String, CustomerTruth> truth = shop.truth;
        Instant end = asOf.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        ChurnTrainer.Snapshots snapshots = ChurnTrainer.snapshots(shop.frame(1, end), config.horizonDays());
        long started = System.nanoTime();
        Model<Label> model = ChurnTrainer.fit(snapshots.featureNames(), snapshots.train(), config.forest());
        long millis = (System.nanoTime() - started) / 1_000_000;
        ChurnEvaluation evaluation = ChurnEvaluation.of(model, snapshots, truth, config);
        return new Result(evaluation, snapshots.train().size(), snapshots.evaluation().size(),
                ChurnTrainer.shape(snapshots.train(), config.forest()).maxDepth(), millis);
    }
}

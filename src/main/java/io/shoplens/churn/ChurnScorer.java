package io.shoplens.churn;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.tribuo.Model;
import org.tribuo.classification.Label;

import io.shoplens.frame.CustomerBehaviour;
import io.shoplens.frame.OrderFrame;

/**
 * Scores today's customers with the served forest, its probabilities calibrated (or stacked with BG/NBD's), and
 * counts whom the model and the rule of thumb flag.
 */
final class ChurnScorer {
    private ChurnScorer() {
    }

    record Scoring(List<ChurnPrediction> predictions, long modelFlagged, long ruleFlagged, long bothFlagged) {
    }

    /**
     * @param values each customer's expected 12-month revenue (empty when the lifetime values are not available: the
     *        revenue at risk then falls back to the past daily net spend over the horizon)
     */
    static Scoring score(Model<Label> serving, ChurnTrainer.Snapshots s, OrderFrame frame, long modelVersion,
            Instant scoredAt, Calibrator calibrator, StackedCalibrator stacked, Map<String, BigDecimal> values,
            ChurnConfig config) {
        Snapshot scoring = s.scoring();
        double[] risk = served(CompiledForest.of(serving, s.featureNames()).predict(scoring.features()), scoring,
                s.horizon(), calibrator, stacked);
        Instant end = scoring.cutoff();
        long modelFlagged = 0;
        long ruleFlagged = 0;
        long both = 0;
        List<ChurnPrediction> predictions = new ArrayList<>(scoring.size());
        for (int i = 0; i < scoring.size(); i++) {
            CustomerBehaviour c = scoring.customers().get(i);
            predictions.add(prediction(c, risk[i], modelVersion, scoredAt, end, s.horizon(),
                    frame.customerCode(c.customerId()).stream().mapToObj(frame::customerName).findFirst()
                            .orElse(c.customerId()), values.isEmpty() ? null
                                    : values.getOrDefault(c.customerId(), BigDecimal.ZERO.setScale(2))));
            boolean model = risk[i] >= config.threshold();
            boolean rule = c.recencyDays(end) > config.ruleDays();
            modelFlagged += model ? 1 : 0;
            ruleFlagged += rule ? 1 : 0;
            both += model && rule ? 1 : 0;
        }
        return new Scoring(predictions, modelFlagged, ruleFlagged, both);
    }

    /**
     * The served probabilities from the served forest's raw ones: the stacked map's with BG/NBD's P(no order in H)
     * as of the scoring snapshot's cutoff, when it is served, else the calibration map's.
     */
    static double[] served(double[] raw, Snapshot scoring, int horizon, Calibrator calibrator,
            StackedCalibrator stacked) {
        return stacked == null ? calibrator.apply(raw)
                : stacked.apply(raw, BgNbdBaseline.noOrderProbability(stacked.bgNbd(), scoring, horizon));
    }

    private static ChurnPrediction prediction(CustomerBehaviour c, double probability, long version,
            Instant scoredAt, Instant end, int horizon, String name, BigDecimal clv12m) {
        ChurnPrediction p = new ChurnPrediction();
        p.customerId = c.customerId();
        p.probability = probability;
        p.modelVersion = version;
        p.scoredAt = scoredAt;
        p.name = name;
        p.country = c.country();
        p.orders = c.orders();
        p.revenue = c.revenue();
        p.recencyDays = c.recencyDays(end);
        p.clv12m = clv12m;
        double expected = clv12m != null ? clv12m.doubleValue()
                : c.revenue().doubleValue() / Math.max(c.tenureDays(end), 1.0) * horizon;
        p.revenueAtRisk = BigDecimal.valueOf(probability * expected).setScale(2, RoundingMode.HALF_UP);
        return p;
    }
}

package io.shoplens.churn;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.shoplens.churn.Metrics.ClassifierMetrics;
import io.shoplens.churn.Metrics.ConfusionMatrix;
import io.shoplens.churn.Metrics.CurvePoint;
import io.shoplens.churn.Metrics.ReliabilityBin;
import io.shoplens.lifetimes.BgNbd;

/**
 * Everything known about one trained model: settings, data sizes, out-of-time metrics beside the baselines and the
 * oracle. Stored in {@code churn_models}; the forest itself is in GridFS under {@code modelFile}. Jackson maps it
 * to and from the stored document, so a native image needs it and its parts registered for reflection.
 *
 * @param cutoff t0: evaluation features end here, its labels cover the horizon after it
 * @param trainCutoff t0 − H: the training snapshot's cutoff
 * @param oracle the ceiling from the simulator's truth; null for imported data
 * @param beatsBaseline whether the forest's out-of-time ROC AUC is above that of days since the last order; when it
 *     is not, sorting customers by recency would have done as well, and the page says so; null on a failed card
 * @param calibration how well the served probabilities match the observed churn rates, before and after calibration
 * @param calibrator the map from the served forest's raw probabilities to the served (stored) ones
 * @param stacked the stacked map with the BG/NBD parameters it serves with, when it is served (else null)
 * @param dataEnd the end of the data trained on (exclusive): the scoring date of the served predictions, which say
 *     P(no order in [dataEnd, dataEnd + H)); null on cards from before it (then cutoff + H)
 * @param trainingOrders sales orders in the frame the training worked on; the retraining after new orders compares the
 *     current frame with it (null on cards from before it)
 * @param featureBins the served forest's training snapshot (features at t0) as decile bins and shares per feature,
 *     what the population stability index against later data needs; empty on failed and older cards
 */
@RegisterForReflection(targets = { ModelCard.class, ModelCard.Settings.class, ModelCard.Baselines.class,
        ModelCard.Baseline.class, ModelCard.Oracle.class, ModelCard.FeatureImportance.class, ModelCard.Curves.class,
        ModelCard.RuleOfThumb.class, ModelCard.HistoryCeiling.class, ModelCard.Calibration.class,
        ModelCard.ProbabilityScore.class, Calibrator.class, StackedCalibrator.class, BgNbd.Params.class,
        ConfusionMatrix.class, ClassifierMetrics.class, CurvePoint.class, ReliabilityBin.class,
        Drift.FeatureBins.class })
public record ModelCard(long version, long datasetVersion, String status, Instant trainedAt, long trainingMillis,
        LocalDate cutoff, LocalDate trainCutoff, int horizonDays, Settings settings, int trainSize, int evalSize,
        double trainBaseRate, double baseRate, ClassifierMetrics metrics, Baselines baselines, Oracle oracle,
        List<FeatureImportance> featureImportance, Curves curves, RuleOfThumb rule, long scoredCustomers,
        String modelFile, long modelBytes, String error, Boolean beatsBaseline, Calibration calibration,
        Calibrator calibrator, StackedCalibrator stacked, Instant dataEnd, Long trainingOrders,
        List<Drift.FeatureBins> featureBins) {

    /** A card stored before {@code beatsBaseline} existed gets it from its metrics when read back. */
    public ModelCard {
        if (beatsBaseline == null && metrics != null && baselines != null) {
            beatsBaseline = metrics.rocAuc() > baselines.recency().rocAuc();
        }
        if (dataEnd == null && cutoff != null) {
            dataEnd = cutoff.atStartOfDay(java.time.ZoneOffset.UTC).toInstant()
                    .plus(java.time.Duration.ofDays(horizonDays));
        }
        featureBins = featureBins == null ? List.of() : featureBins;
    }

    public static final String SERVING = "serving";
    public static final String RETIRED = "retired";
    public static final String FAILED = "failed";

    /**
     * @param maxDepth the configured deepest tree
     * @param evaluatedDepth the depth the small-data rule gave the evaluated forest (its training rows)
     * @param servedDepth the same for the served forest
     */
    public record Settings(int trees, int maxDepth, float featureFraction, long seed, double threshold,
            int minLeafRows, int evaluatedDepth, int servedDepth) {
    }

    /**
     * @param recency days since the last order used as the score
     * @param baseRate the evaluation snapshot's churn rate
     * @param baseRateModel predicting the training base rate for everyone
     */
    public record Baselines(Baseline recency, double baseRate, Baseline baseRateModel) {
    }

    /** @param brier null where the score is not a probability (days since the last order) */
    public record Baseline(double rocAuc, double prAuc, Double brier, double topDecileLift) {
    }

    /**
     * @param share our ROC AUC as a share of the oracle's
     * @param historyCeiling the best a model of the order history could reach on simulated data
     */
    public record Oracle(double rocAuc, double prAuc, double brier, double share, HistoryCeiling historyCeiling) {
    }

    /**
     * P(no order in H) from Bayes with each customer's true purchase rate and drop-out chance, not knowing whether
     * the drop-out has happened: what the order history can tell at best.
     *
     * @param share our ROC AUC as a share of the ceiling's
     */
    public record HistoryCeiling(double rocAuc, double brier, double share) {
        /**
         * Whether our ROC AUC shows above the ceiling (to the page's tenth of a percent): the ceiling is the best on
         * average, so on a small evaluation snapshot a model can pass it by chance, and the page says so.
         */
        public boolean passedByChance() {
            return Math.round(share * 1000) > 1000;
        }
    }

    /**
     * Calibration on the evaluation snapshot. "After" is cross-fitted: each half of the snapshot is calibrated by a
     * map fitted on the other half, so no row is scored by a map it helped fit.
     *
     * @param method the served map's method, {@link Calibrator#PLATT} or {@link Calibrator#ISOTONIC},
     *        {@link StackedCalibrator#STACKED}, {@link StackedCalibrator#BG_NBD} when BG/NBD alone is served, or
     *        {@link Calibrator#NONE} when no candidate lowered the raw forest's Brier score
     *        out of time
     * @param brierBefore the forest's raw probabilities
     * @param brierAfter what serving does: the cross-fitted calibrated probabilities, or the raw ones with
     *        {@link Calibrator#NONE}
     * @param brierCalibrated the cross-fitted calibrated probabilities, served or not (0 on cards from before it)
     * @param reliability reliability curve of what is served
     * @param bgNbd the BG/NBD model's P(no order in H) on the same customers; null until it is available
     * @param brierStacked the cross-fitted stacked map's, served or not; null where BG/NBD could not be fitted and
     *        on cards from before it
     * @param rocAucServed ROC AUC of what is served (as {@code brierAfter}): the estimate realized outcomes are
     *        compared with; null on cards from before it
     */
    public record Calibration(String method, int rows, double brierBefore, double brierAfter, double brierCalibrated,
            List<ReliabilityBin> reliability, ProbabilityScore bgNbd, Double brierStacked, Double rocAucServed) {
    }

    /** A probability scored against the labels. */
    public record ProbabilityScore(double rocAuc, double brier, List<ReliabilityBin> reliability) {
    }

    public record FeatureImportance(String feature, double importance) {
    }

    public record Curves(List<CurvePoint> roc, List<CurvePoint> recencyRoc, List<CurvePoint> oracleRoc,
            List<CurvePoint> pr, List<ReliabilityBin> reliability) {
    }

    /**
     * The seed's rule "no order for more than N days", scored as if it were a prediction on the evaluation snapshot,
     * and how many of today's customers it flags next to the model.
     */
    public record RuleOfThumb(int days, ConfusionMatrix onEvaluation, double precision, double recall,
            long flaggedToday, long modelFlaggedToday, long bothFlaggedToday, long customersToday) {
    }
}

package io.shoplens.churn;

import java.time.Instant;
import java.time.LocalDate;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One kept model version as {@code GET /api/churn/models} lists it: a summary of its card.
 *
 * @param cutoff t0 (null for a failed training)
 * @param scoredAsOf the scoring date of its served predictions: the end of the data it was trained on (exclusive)
 * @param trainingOrders sales orders in the frame it was trained on; null on cards from before it was recorded
 * @param metrics null for a failed training
 * @param error why the training failed; null otherwise
 */
@RegisterForReflection(targets = { ModelVersion.class, ModelVersion.Sizes.class, ModelVersion.Scores.class })
public record ModelVersion(long version, String status, Instant trainedAt, LocalDate cutoff, LocalDate scoredAsOf,
        int horizonDays, long datasetVersion, Long trainingOrders, Sizes sizes, Double baseRate, Scores metrics,
        String error) {

    /**
     * @param train rows of the training snapshot (features before t0 − H)
     * @param evaluation rows of the evaluation snapshot (features before t0), on which the metrics are measured
     * @param scored customers scored as of {@code scoredAsOf}
     */
    public record Sizes(int train, int evaluation, long scored) {
    }

    /**
     * Out of time, on the evaluation snapshot.
     *
     * @param rocAuc, prAuc, brier of the forest's raw probabilities
     * @param servedBrier of the served probabilities (calibrated, stacked or BG/NBD's); null on cards from before it
     */
    public record Scores(double rocAuc, double prAuc, double brier, Double servedBrier) {
    }

    public static ModelVersion of(ModelCard card) {
        boolean trained = card.metrics() != null;
        return new ModelVersion(card.version(), card.status(), card.trainedAt(), card.cutoff(),
                card.dataEnd() == null ? null : ChurnEvaluation.date(card.dataEnd()), card.horizonDays(),
                card.datasetVersion(), card.trainingOrders(),
                new Sizes(card.trainSize(), card.evalSize(), card.scoredCustomers()),
                trained ? card.baseRate() : null,
                trained ? new Scores(card.metrics().rocAuc(), card.metrics().prAuc(), card.metrics().brier(),
                        card.calibration() == null ? null : card.calibration().brierAfter()) : null,
                card.error());
    }
}

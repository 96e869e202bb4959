package io.shoplens.churn;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.OptionalInt;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.shoplens.churn.Metrics.ReliabilityBin;
import io.shoplens.frame.OrderFrame;

/**
 * A model's served predictions scored against what happened: its sample of scored customers (P(no order in the H
 * days from its scoring date)) labelled from the current frame once the data has moved H days past that date, beside
 * the out-of-time estimate the model had at training.
 *
 * @param scoredAsOf the model's scoring date: the end of the data it was trained on (exclusive)
 * @param labelledUntil scoredAsOf + H: a sampled customer churned when they placed no sales order in between
 * @param customers sampled customers labelled (found in the current frame)
 * @param notFound sampled customers the current frame does not know (none within one dataset version)
 * @param rocAuc null when every sampled customer churned or none did
 * @param estimate what the model expected at training, of the same served probabilities
 * @param rocAucGap realized minus estimated ROC AUC
 * @param verdict {@link #AS_ESTIMATED} when the realized ROC AUC is within {@link #TOLERANCE} of the estimate,
 *     {@link #DRIFT_OR_BUG} when not, {@link #NOT_MEASURABLE} without a ROC AUC
 * @param driftedFeatures the features whose PSI against the current data is above 0.2, most drifted first
 */
@RegisterForReflection(targets = { Realized.class, Realized.Estimate.class, ReliabilityBin.class })
public record Realized(long version, LocalDate scoredAsOf, LocalDate labelledUntil, int horizonDays, int customers,
        int notFound, double baseRate, Double rocAuc, double brier, List<ReliabilityBin> reliability,
        Estimate estimate, Double rocAucGap, String verdict, List<String> driftedFeatures) {

    public static final String AS_ESTIMATED = "as estimated";
    public static final String DRIFT_OR_BUG = "drift or bug";
    public static final String NOT_MEASURABLE = "not measurable";
    /** Largest gap between realized and estimated ROC AUC still called "as estimated". */
    public static final double TOLERANCE = 0.03;
    static final int RELIABILITY_BINS = 10;

    /**
     * The out-of-time estimate at training: ROC AUC and Brier score of the served probabilities on the evaluation
     * snapshot (cross-fitted where a map is served).
     */
    public record Estimate(double rocAuc, double brier) {
        static Estimate of(ModelCard card) {
            ModelCard.Calibration c = card.calibration();
            double auc = c != null && c.rocAucServed() != null ? c.rocAucServed()
                    : c != null && StackedCalibrator.BG_NBD.equals(c.method()) && c.bgNbd() != null ? c.bgNbd().rocAuc()
                            : card.metrics().rocAuc();
            return new Estimate(auc, c != null ? c.brierAfter() : card.metrics().brier());
        }
    }

    /** The stored sample of one model's served predictions. */
    record Sample(long version, long datasetVersion, Instant scoredAt, List<String> customerIds,
            double[] probabilities) {
    }

    /** Whether the data now reaches H days past the model's scoring date. */
    static boolean due(Instant scoredAt, int horizonDays, Instant dataEnd) {
        return !dataEnd.isBefore(Snapshot.minus(scoredAt, -horizonDays));
    }

    /**
     * The sample labelled from {@code frame}: churned = no sales order in [scoredAt, scoredAt + H). Customers the frame
     * does not know are counted in {@code notFound} and left out.
     */
    static Realized of(ModelCard card, Sample sample, OrderFrame frame, List<String> drifted) {
        long from = sample.scoredAt().toEpochMilli();
        long to = Snapshot.minus(sample.scoredAt(), -card.horizonDays()).toEpochMilli();
        int n = sample.customerIds().size();
        double[] p = new double[n];
        boolean[] churned = new boolean[n];
        int found = 0;
        for (int i = 0; i < n; i++) {
            OptionalInt code = frame.customerCode(sample.customerIds().get(i));
            if (code.isEmpty()) {
                continue;
            }
            int c = code.getAsInt();
            long[] dates = new long[frame.orderCountOf(c)];
            for (int k = 0; k < dates.length; k++) {
                dates[k] = frame.date(frame.orderOf(c, k));
            }
            p[found] = sample.probabilities()[i];
            churned[found] = churned(dates, from, to);
            found++;
        }
        return measure(card.version(), sample.scoredAt(), card.horizonDays(), java.util.Arrays.copyOf(p, found),
                java.util.Arrays.copyOf(churned, found), n - found, Estimate.of(card), drifted);
    }

    /** No order date in [from, to). */
    static boolean churned(long[] orderDates, long from, long to) {
        for (long date : orderDates) {
            if (date >= from && date < to) {
                return false;
            }
        }
        return true;
    }

    static Realized measure(long version, Instant scoredAt, int horizonDays, double[] p, boolean[] churned,
            int notFound, Estimate estimate, List<String> drifted) {
        long positives = Metrics.count(churned);
        Double auc = positives == 0 || positives == churned.length ? null : Metrics.rocAuc(p, churned);
        Double gap = auc == null ? null : auc - estimate.rocAuc();
        String verdict = gap == null ? NOT_MEASURABLE : Math.abs(gap) <= TOLERANCE ? AS_ESTIMATED : DRIFT_OR_BUG;
        return new Realized(version, ChurnEvaluation.date(scoredAt),
                ChurnEvaluation.date(Snapshot.minus(scoredAt, -horizonDays)), horizonDays, churned.length, notFound,
                churned.length == 0 ? 0 : (double) positives / churned.length, auc,
                churned.length == 0 ? 0 : Metrics.brier(p, churned), Metrics.reliability(p, churned, RELIABILITY_BINS),
                estimate, gap, verdict, List.copyOf(drifted));
    }
}

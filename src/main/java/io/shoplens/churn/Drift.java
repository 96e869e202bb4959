package io.shoplens.churn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Feature drift by the population stability index: PSI = Σ (current share − reference share) × ln(current share /
 * reference share) over fixed bins of the reference (the served forest's training snapshot). The bins are the
 * reference's deciles: edges at its k/10 lower empirical quantiles (the value at rank ⌈k·n/10⌉), a value v in bin j
 * when edge[j−1] < v ≤ edge[j]. Edges that coincide (a feature with few distinct values, a country indicator) merge, so
 * a feature gets at most ten bins (a 0/1 indicator two or three); the last bin holds what lies above the last edge, so
 * values beyond the reference's range land there. Empty bins would make the logarithm infinite, so every
 * share, reference and current, is floored at {@link #EPSILON} before the sum. Above {@link #FLAG} a feature is flagged
 * (the usual rule of thumb: under 0.1 stable, 0.1–0.2 moderate, above 0.2 a significant shift).
 */
public final class Drift {
    /** Bins of the reference snapshot per feature. */
    static final int BINS = 10;
    /** Smallest share a bin counts with, so that an empty bin adds a large but finite term. */
    public static final double EPSILON = 1e-4;
    /** PSI above which a feature is flagged as drifted. */
    public static final double FLAG = 0.2;

    private Drift() {
    }

    /**
     * One feature's reference bins, kept on the model card instead of the snapshot.
     *
     * @param edges the upper edges of every bin but the last, ascending and distinct
     * @param shares the reference's share of rows in each bin (edges.size() + 1 of them)
     */
    @RegisterForReflection
    public record FeatureBins(String feature, List<Double> edges, List<Double> shares) {
    }

    /** One feature's PSI against the current data. */
    @RegisterForReflection
    public record FeatureDrift(String feature, double psi, boolean flagged) {
    }

    /**
     * A model's drift against the current data.
     *
     * @param asOf the current data's end, where its features are read
     * @param flagged the features whose PSI is above 0.2, most drifted first
     */
    @RegisterForReflection
    public record ModelDrift(long version, java.time.LocalDate asOf, int customers, List<FeatureDrift> features,
            List<String> flagged) {
    }

    /** Decile bins of every column of {@code features}, named by {@code names}. */
    static List<FeatureBins> reference(List<String> names, double[][] features) {
        List<FeatureBins> bins = new ArrayList<>(names.size());
        for (int j = 0; j < names.size(); j++) {
            bins.add(bins(names.get(j), column(features, j)));
        }
        return bins;
    }

    static FeatureBins bins(String feature, double[] values) {
        if (values.length == 0) {
            return new FeatureBins(feature, List.of(), List.of(1.0));
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        List<Double> edges = new ArrayList<>();
        for (int k = 1; k < BINS; k++) {
            int rank = (int) Math.ceil((double) k * sorted.length / BINS);
            double edge = sorted[Math.max(0, rank - 1)];
            if (edges.isEmpty() || edge > edges.get(edges.size() - 1)) {
                edges.add(edge);
            }
        }
        // An edge at the reference's maximum leaves its last bin empty; kept, since current values above everything
        // the model was trained on are drift worth seeing (and an empty bin on both sides adds nothing).
        return new FeatureBins(feature, List.copyOf(edges), shares(edges, values));
    }

    /** Share of {@code values} in each bin of {@code edges}. */
    static List<Double> shares(List<Double> edges, double[] values) {
        long[] counts = new long[edges.size() + 1];
        double[] e = edges.stream().mapToDouble(Double::doubleValue).toArray();
        for (double v : values) {
            counts[bin(e, v)]++;
        }
        List<Double> shares = new ArrayList<>(counts.length);
        for (long c : counts) {
            shares.add(values.length == 0 ? 0.0 : (double) c / values.length);
        }
        return shares;
    }

    /** The first bin whose upper edge is at or above v; the last bin when none is. */
    static int bin(double[] edges, double v) {
        int lo = 0;
        int hi = edges.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (v <= edges[mid]) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /** PSI of the current values against the reference bins. */
    static double psi(FeatureBins reference, double[] current) {
        List<Double> now = shares(reference.edges(), current);
        double psi = 0;
        for (int b = 0; b < now.size(); b++) {
            double expected = Math.max(EPSILON, reference.shares().get(b));
            double actual = Math.max(EPSILON, now.get(b));
            psi += (actual - expected) * Math.log(actual / expected);
        }
        return psi;
    }

    /**
     * Every feature's PSI, in the card's feature order; a feature missing from {@code names} (none should be) is left
     * out.
     */
    static List<FeatureDrift> of(List<FeatureBins> reference, List<String> names, double[][] current) {
        List<FeatureDrift> result = new ArrayList<>(reference.size());
        for (FeatureBins bins : reference) {
            int j = names.indexOf(bins.feature());
            if (j < 0) {
                continue;
            }
            double psi = psi(bins, column(current, j));
            result.add(new FeatureDrift(bins.feature(), psi, psi > FLAG));
        }
        return result;
    }

    /** The flagged features' names, most drifted first. */
    static List<String> flagged(List<FeatureDrift> features) {
        return features.stream().filter(FeatureDrift::flagged)
                .sorted(java.util.Comparator.comparingDouble(FeatureDrift::psi).reversed()).map(FeatureDrift::feature)
                .toList();
    }

    private static double[] column(double[][] rows, int j) {
        double[] values = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            values[i] = rows[i][j];
        }
        return values;
    }
}

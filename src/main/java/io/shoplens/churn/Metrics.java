package io.shoplens.churn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** Scores of a binary classifier against labels, computed exactly (no sampling). */
public final class Metrics {
    private Metrics() {
    }

    /** Area under the ROC curve: the chance a random churner scores above a random stayer, ties counting half. */
    public static double rocAuc(double[] scores, boolean[] positive) {
        Integer[] order = sortedAscending(scores);
        long positives = count(positive);
        long negatives = positive.length - positives;
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        double rankSum = 0;
        int i = 0;
        while (i < order.length) {
            int j = i;
            while (j + 1 < order.length && scores[order[j + 1]] == scores[order[i]]) {
                j++;
            }
            double midRank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                if (positive[order[k]]) {
                    rankSum += midRank;
                }
            }
            i = j + 1;
        }
        return (rankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }

    /** Area under the precision-recall curve as average precision, tied scores taken as one threshold. */
    public static double prAuc(double[] scores, boolean[] positive) {
        long positives = count(positive);
        if (positives == 0) {
            return Double.NaN;
        }
        Integer[] order = sortedDescending(scores);
        double ap = 0;
        long tp = 0;
        long seen = 0;
        int i = 0;
        while (i < order.length) {
            int j = i;
            long groupTp = 0;
            while (j < order.length && scores[order[j]] == scores[order[i]]) {
                groupTp += positive[order[j]] ? 1 : 0;
                j++;
            }
            tp += groupTp;
            seen += j - i;
            ap += (double) groupTp / positives * ((double) tp / seen);
            i = j;
        }
        return ap;
    }

    public static double brier(double[] probabilities, boolean[] positive) {
        double sum = 0;
        for (int i = 0; i < probabilities.length; i++) {
            double d = probabilities[i] - (positive[i] ? 1 : 0);
            sum += d * d;
        }
        return probabilities.length == 0 ? Double.NaN : sum / probabilities.length;
    }

    public static ConfusionMatrix confusion(double[] scores, boolean[] positive, double threshold) {
        long tp = 0;
        long fp = 0;
        long tn = 0;
        long fn = 0;
        for (int i = 0; i < scores.length; i++) {
            boolean flagged = scores[i] >= threshold;
            if (flagged && positive[i]) {
                tp++;
            } else if (flagged) {
                fp++;
            } else if (positive[i]) {
                fn++;
            } else {
                tn++;
            }
        }
        return new ConfusionMatrix(tp, fp, tn, fn);
    }

    /** Churn rate among the top 10% by score divided by the overall churn rate. */
    public static double topDecileLift(double[] scores, boolean[] positive) {
        double base = (double) count(positive) / positive.length;
        if (positive.length == 0 || base == 0) {
            return Double.NaN;
        }
        Integer[] order = sortedDescending(scores);
        int top = Math.max(1, (int) Math.ceil(order.length * 0.1));
        long hits = 0;
        for (int i = 0; i < top; i++) {
            hits += positive[order[i]] ? 1 : 0;
        }
        return ((double) hits / top) / base;
    }

    /** Observed churn rate per predicted-probability decile bin; empty bins are left out. */
    public static List<ReliabilityBin> reliability(double[] probabilities, boolean[] positive, int bins) {
        long[] count = new long[bins];
        long[] hits = new long[bins];
        double[] sum = new double[bins];
        for (int i = 0; i < probabilities.length; i++) {
            int b = Math.min(bins - 1, (int) (probabilities[i] * bins));
            count[b]++;
            hits[b] += positive[i] ? 1 : 0;
            sum[b] += probabilities[i];
        }
        List<ReliabilityBin> result = new ArrayList<>();
        for (int b = 0; b < bins; b++) {
            if (count[b] > 0) {
                result.add(new ReliabilityBin((double) b / bins, (double) (b + 1) / bins, sum[b] / count[b],
                        (double) hits[b] / count[b], count[b]));
            }
        }
        return result;
    }

    /** ROC curve points (false positive rate, true positive rate), at most about {@code maxPoints}. */
    public static List<CurvePoint> rocCurve(double[] scores, boolean[] positive, int maxPoints) {
        long positives = count(positive);
        long negatives = positive.length - positives;
        List<CurvePoint> points = new ArrayList<>();
        points.add(new CurvePoint(0, 0));
        if (positives == 0 || negatives == 0) {
            return points;
        }
        Integer[] order = sortedDescending(scores);
        long tp = 0;
        long fp = 0;
        int step = Math.max(1, order.length / maxPoints);
        int sinceLast = 0;
        for (int i = 0; i < order.length; i++) {
            if (positive[order[i]]) {
                tp++;
            } else {
                fp++;
            }
            sinceLast++;
            // A point at the first tie boundary once a step's worth of rows has passed: a score with many ties
            // (whole days) has few boundaries, and requiring them to fall on a multiple of the step kept almost none.
            boolean boundary = i + 1 == order.length || scores[order[i + 1]] != scores[order[i]];
            if (boundary && (sinceLast >= step || i + 1 == order.length)) {
                points.add(new CurvePoint((double) fp / negatives, (double) tp / positives));
                sinceLast = 0;
            }
        }
        return points;
    }

    /** Precision-recall curve points (recall, precision), at most about {@code maxPoints}. */
    public static List<CurvePoint> prCurve(double[] scores, boolean[] positive, int maxPoints) {
        long positives = count(positive);
        List<CurvePoint> points = new ArrayList<>();
        if (positives == 0) {
            return points;
        }
        Integer[] order = sortedDescending(scores);
        long tp = 0;
        int step = Math.max(1, order.length / maxPoints);
        int sinceLast = 0;
        for (int i = 0; i < order.length; i++) {
            tp += positive[order[i]] ? 1 : 0;
            sinceLast++;
            boolean boundary = i + 1 == order.length || scores[order[i + 1]] != scores[order[i]];
            if (boundary && (sinceLast >= step || i + 1 == order.length)) {
                sinceLast = 0;
                points.add(new CurvePoint((double) tp / positives, (double) tp / (i + 1)));
            }
        }
        return points;
    }

    public static ClassifierMetrics all(double[] probabilities, boolean[] positive, double threshold) {
        ConfusionMatrix cm = confusion(probabilities, positive, threshold);
        return new ClassifierMetrics(rocAuc(probabilities, positive), prAuc(probabilities, positive),
                brier(probabilities, positive), cm.accuracy(), cm.precision(), cm.recall(), cm.f1(), cm,
                topDecileLift(probabilities, positive));
    }

    static long count(boolean[] values) {
        long n = 0;
        for (boolean v : values) {
            n += v ? 1 : 0;
        }
        return n;
    }

    private static Integer[] sortedAscending(double[] scores) {
        Integer[] order = new Integer[scores.length];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.comparingDouble(i -> scores[i]));
        return order;
    }

    private static Integer[] sortedDescending(double[] scores) {
        Integer[] order = new Integer[scores.length];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> scores[i]).reversed());
        return order;
    }

    public record ConfusionMatrix(long tp, long fp, long tn, long fn) {
        public long total() {
            return tp + fp + tn + fn;
        }

        public double accuracy() {
            return total() == 0 ? Double.NaN : (double) (tp + tn) / total();
        }

        public double precision() {
            return tp + fp == 0 ? 0 : (double) tp / (tp + fp);
        }

        public double recall() {
            return tp + fn == 0 ? 0 : (double) tp / (tp + fn);
        }

        public double f1() {
            double p = precision();
            double r = recall();
            return p + r == 0 ? 0 : 2 * p * r / (p + r);
        }
    }

    public record ClassifierMetrics(double rocAuc, double prAuc, double brier, double accuracy, double precision,
            double recall, double f1, ConfusionMatrix confusionMatrix, double topDecileLift) {
    }

    public record CurvePoint(double x, double y) {
    }

    public record ReliabilityBin(double from, double to, double meanPredicted, double observedRate, long customers) {
    }
}

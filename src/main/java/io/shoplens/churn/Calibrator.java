package io.shoplens.churn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A monotone map from the forest's raw probability to a calibrated one, fitted on out-of-time predictions and their
 * labels. Isotonic (pool adjacent violators) needs many rows; on fewer, Platt scaling's two parameters overfit less
 * (the usual guidance: isotonic from about 1,000 calibration rows). Stored on the model card, so that a reloaded
 * forest gives what was served.
 *
 * @param method {@link #PLATT} or {@link #ISOTONIC}
 * @param slope Platt: the weight of the raw probability's log-odds (0 for isotonic)
 * @param intercept Platt: the constant (0 for isotonic)
 * @param x isotonic: raw probabilities at the ends of each pooled block, ascending (null for Platt)
 * @param y isotonic: the calibrated probability at each of {@code x}; linear in between, flat outside
 */
@RegisterForReflection
public record Calibrator(String method, double slope, double intercept, double[] x, double[] y) {
    public static final String PLATT = "platt";
    public static final String ISOTONIC = "isotonic";
    /** The forest's own probabilities: served when calibrating did not lower the out-of-time Brier score. */
    public static final String NONE = "none";
    /** Raw probabilities are clipped this far from 0 and 1 before taking log-odds. */
    private static final double EDGE = 1e-6;

    /** Isotonic from {@code isotonicFromRows} rows on, Platt below. */
    static Calibrator fit(double[] p, boolean[] churned, int isotonicFromRows) {
        return p.length >= isotonicFromRows ? isotonic(p, churned) : platt(p, churned);
    }

    static Calibrator none() {
        return new Calibrator(NONE, 1, 0, null, null);
    }

    double apply(double p) {
        if (NONE.equals(method)) {
            return p;
        }
        if (PLATT.equals(method)) {
            return sigmoid(slope * logit(p) + intercept);
        }
        int i = Arrays.binarySearch(x, p);
        if (i >= 0) {
            return y[i];
        }
        int above = -i - 1;
        if (above == 0) {
            return y[0];
        }
        if (above == x.length) {
            return y[x.length - 1];
        }
        double share = (p - x[above - 1]) / (x[above] - x[above - 1]);
        return y[above - 1] + share * (y[above] - y[above - 1]);
    }

    double[] apply(double[] p) {
        double[] calibrated = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            calibrated[i] = apply(p[i]);
        }
        return calibrated;
    }

    /**
     * Calibrated probabilities that no row helped fit: the rows are split in two halves (seeded), and each half is
     * calibrated by a map fitted on the other. The Brier score of these is an honest "after".
     */
    static double[] crossFitted(double[] p, boolean[] churned, int isotonicFromRows, long seed) {
        List<List<Integer>> halves = halves(p.length, seed);
        double[] calibrated = new double[p.length];
        calibrate(calibrated, p, churned, halves.get(1), halves.get(0), isotonicFromRows);
        calibrate(calibrated, p, churned, halves.get(0), halves.get(1), isotonicFromRows);
        return calibrated;
    }

    /** The two halves (seeded) the cross-fitting uses; the stacked map is cross-fitted on the same ones. */
    static List<List<Integer>> halves(int rows, long seed) {
        List<Integer> order = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(seed));
        int half = rows / 2;
        return List.of(order.subList(0, half), order.subList(half, rows));
    }

    private static void calibrate(double[] into, double[] p, boolean[] churned, List<Integer> fitOn,
            List<Integer> applyTo, int isotonicFromRows) {
        double[] fp = new double[fitOn.size()];
        boolean[] fy = new boolean[fitOn.size()];
        for (int k = 0; k < fp.length; k++) {
            fp[k] = p[fitOn.get(k)];
            fy[k] = churned[fitOn.get(k)];
        }
        Calibrator map = fit(fp, fy, isotonicFromRows);
        applyTo.forEach(i -> into[i] = map.apply(p[i]));
    }

    /**
     * Platt scaling on the log-odds: P = 1 / (1 + exp(−(slope · logit(p) + intercept))), fitted by maximum likelihood
     * against Platt's smoothed targets (N₊ + 1) / (N₊ + 2) and 1 / (N₋ + 2), which keep the fit finite when the
     * scores separate the classes. Newton's method with step halving (Lin, Lin and Weng's variant of Platt's
     * algorithm): a full Newton step from far away can overshoot and diverge.
     */
    static Calibrator platt(double[] p, boolean[] churned) {
        long positives = Metrics.count(churned);
        double hit = (positives + 1.0) / (positives + 2.0);
        double miss = 1.0 / (churned.length - positives + 2.0);
        double[] s = new double[p.length];
        double[] t = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            s[i] = logit(p[i]);
            t[i] = churned[i] ? hit : miss;
        }
        double a = 1;
        double b = 0;
        double loss = loss(s, t, a, b);
        for (int iteration = 0; iteration < 100; iteration++) {
            double ga = 0;
            double gb = 0;
            double haa = 1e-12;
            double hab = 0;
            double hbb = 1e-12;
            for (int i = 0; i < p.length; i++) {
                double q = sigmoid(a * s[i] + b);
                double residual = q - t[i];
                double w = q * (1 - q);
                ga += residual * s[i];
                gb += residual;
                haa += w * s[i] * s[i];
                hab += w * s[i];
                hbb += w;
            }
            double det = haa * hbb - hab * hab;
            double da = -(hbb * ga - hab * gb) / det;
            double db = -(haa * gb - hab * ga) / det;
            double step = 1;
            double next = loss(s, t, a + da, b + db);
            while (!(next <= loss + 1e-4 * step * (ga * da + gb * db)) && step > 1e-10) {
                step /= 2;
                next = loss(s, t, a + step * da, b + step * db);
            }
            a += step * da;
            b += step * db;
            boolean converged = Math.abs(loss - next) < 1e-12 * Math.max(1, Math.abs(loss));
            loss = next;
            if (converged || step <= 1e-10) {
                break;
            }
        }
        return new Calibrator(PLATT, a, b, null, null);
    }

    /** Cross-entropy of σ(a·s + b) against the targets, computed without overflow for large |a·s + b|. */
    private static double loss(double[] s, double[] t, double a, double b) {
        double sum = 0;
        for (int i = 0; i < s.length; i++) {
            double z = a * s[i] + b;
            double logOnePlusExpMinusZ = Math.max(-z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
            // −[t·log σ(z) + (1 − t)·log(1 − σ(z))] = log(1 + e^−z) + (1 − t)·z
            sum += logOnePlusExpMinusZ + (1 - t[i]) * z;
        }
        return sum;
    }

    /**
     * Isotonic regression by pool adjacent violators: rows sorted by raw probability (equal ones pooled first, so
     * that equal scores stay equal), then neighbouring blocks whose churn rates go down are merged until the rates
     * only rise. Each block keeps its lowest and highest raw probability as the points of the map.
     */
    static Calibrator isotonic(double[] p, boolean[] churned) {
        Integer[] order = new Integer[p.length];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, (i, j) -> Double.compare(p[i], p[j]));
        List<double[]> blocks = new ArrayList<>(); // {low x, high x, positives, rows}
        for (Integer i : order) {
            double[] last = blocks.isEmpty() ? null : blocks.get(blocks.size() - 1);
            if (last != null && last[1] == p[i]) {
                last[2] += churned[i] ? 1 : 0;
                last[3]++;
            } else {
                blocks.add(new double[] { p[i], p[i], churned[i] ? 1 : 0, 1 });
            }
            while (blocks.size() > 1) {
                double[] top = blocks.get(blocks.size() - 1);
                double[] below = blocks.get(blocks.size() - 2);
                if (below[2] / below[3] < top[2] / top[3]) {
                    break;
                }
                below[1] = top[1];
                below[2] += top[2];
                below[3] += top[3];
                blocks.remove(blocks.size() - 1);
            }
        }
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (double[] block : blocks) {
            double rate = block[2] / block[3];
            xs.add(block[0]);
            ys.add(rate);
            if (block[1] > block[0]) {
                xs.add(block[1]);
                ys.add(rate);
            }
        }
        return new Calibrator(ISOTONIC, 0, 0, xs.stream().mapToDouble(Double::doubleValue).toArray(),
                ys.stream().mapToDouble(Double::doubleValue).toArray());
    }

    static double logit(double p) {
        double clipped = Math.min(1 - EDGE, Math.max(EDGE, p));
        return Math.log(clipped / (1 - clipped));
    }

    static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }
}

package io.shoplens.churn;

import java.util.List;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.shoplens.lifetimes.BgNbd;

/**
 * Platt scaling on two inputs: P = σ(forestSlope · logit(forest) + bgNbdSlope · logit(BG/NBD) + intercept), where
 * BG/NBD is its P(no order in H). On small shops BG/NBD's four parameters are better calibrated than a forest of a
 * few dozen rows, while the forest ranks on features BG/NBD does not see; a logistic regression of the label on both
 * log-odds lets the out-of-time data weigh them. Stored on the model card with the BG/NBD parameters it was served
 * with, so that a reloaded forest gives what was served.
 *
 * @param bgNbd BG/NBD fitted on the scoring snapshot's histories (it uses no labels); null until it is fitted for
 *     serving, as in the evaluation, where each customer's BG/NBD probability is given
 */
@RegisterForReflection
public record StackedCalibrator(double forestSlope, double bgNbdSlope, double intercept, BgNbd.Params bgNbd) {
    /** {@link ModelCard.Calibration#method()} when this map is served. */
    public static final String STACKED = "stacked";
    /** {@link ModelCard.Calibration#method()} when BG/NBD's probabilities are served alone. */
    public static final String BG_NBD = "bgnbd";
    /** BG/NBD's P(no order in H) unchanged: the forest's weight is zero. */
    static final StackedCalibrator BG_NBD_ALONE = new StackedCalibrator(0, 1, 0, null);

    double apply(double forest, double noOrder) {
        return Calibrator.sigmoid(
                forestSlope * Calibrator.logit(forest) + bgNbdSlope * Calibrator.logit(noOrder) + intercept);
    }

    double[] apply(double[] forest, double[] noOrder) {
        double[] stacked = new double[forest.length];
        for (int i = 0; i < stacked.length; i++) {
            stacked[i] = apply(forest[i], noOrder[i]);
        }
        return stacked;
    }

    StackedCalibrator with(BgNbd.Params params) {
        return new StackedCalibrator(forestSlope, bgNbdSlope, intercept, params);
    }

    /** Stacked probabilities that no row helped fit, on the same halves as {@link Calibrator#crossFitted}. */
    static double[] crossFitted(double[] forest, double[] noOrder, boolean[] churned, long seed) {
        List<List<Integer>> halves = Calibrator.halves(forest.length, seed);
        double[] stacked = new double[forest.length];
        for (int h = 0; h < 2; h++) {
            List<Integer> fitOn = halves.get(1 - h);
            double[] f = new double[fitOn.size()];
            double[] q = new double[fitOn.size()];
            boolean[] y = new boolean[fitOn.size()];
            for (int k = 0; k < f.length; k++) {
                f[k] = forest[fitOn.get(k)];
                q[k] = noOrder[fitOn.get(k)];
                y[k] = churned[fitOn.get(k)];
            }
            StackedCalibrator map = fit(f, q, y);
            halves.get(h).forEach(i -> stacked[i] = map.apply(forest[i], noOrder[i]));
        }
        return stacked;
    }

    /**
     * Maximum likelihood against Platt's smoothed targets, by Newton's method with step halving as
     * {@link Calibrator#platt}, started from the forest alone (slopes 1 and 0).
     */
    static StackedCalibrator fit(double[] forest, double[] noOrder, boolean[] churned) {
        long positives = Metrics.count(churned);
        double hit = (positives + 1.0) / (positives + 2.0);
        double miss = 1.0 / (churned.length - positives + 2.0);
        double[][] x = new double[forest.length][];
        double[] t = new double[forest.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = new double[] { Calibrator.logit(forest[i]), Calibrator.logit(noOrder[i]), 1 };
            t[i] = churned[i] ? hit : miss;
        }
        RealVector w = new ArrayRealVector(new double[] { 1, 0, 0 });
        double loss = loss(x, t, w);
        for (int iteration = 0; iteration < 100; iteration++) {
            RealVector gradient = new ArrayRealVector(3);
            // A ridge on the Hessian only (the gradient has none, so the optimum is unchanged) keeps the LU
            // decomposition solvable when BG/NBD's probabilities barely vary.
            RealMatrix hessian = new Array2DRowRealMatrix(3, 3);
            for (int j = 0; j < 3; j++) {
                hessian.setEntry(j, j, 1e-9);
            }
            for (int i = 0; i < x.length; i++) {
                RealVector xi = new ArrayRealVector(x[i], false);
                double q = Calibrator.sigmoid(w.dotProduct(xi));
                gradient = gradient.add(xi.mapMultiply(q - t[i]));
                hessian = hessian.add(xi.outerProduct(xi).scalarMultiply(q * (1 - q)));
            }
            RealVector direction = new LUDecomposition(hessian).getSolver().solve(gradient).mapMultiply(-1);
            double slope = gradient.dotProduct(direction);
            double step = 1;
            double next = loss(x, t, w.add(direction));
            while (!(next <= loss + 1e-4 * step * slope) && step > 1e-10) {
                step /= 2;
                next = loss(x, t, w.add(direction.mapMultiply(step)));
            }
            w = w.add(direction.mapMultiply(step));
            boolean converged = Math.abs(loss - next) < 1e-12 * Math.max(1, Math.abs(loss));
            loss = next;
            if (converged || step <= 1e-10) {
                break;
            }
        }
        return new StackedCalibrator(w.getEntry(0), w.getEntry(1), w.getEntry(2), null);
    }

    /** Cross-entropy of σ(w · x) against the targets, without overflow for large |w · x|. */
    private static double loss(double[][] x, double[] t, RealVector w) {
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            double z = w.dotProduct(new ArrayRealVector(x[i], false));
            sum += Math.max(-z, 0) + Math.log1p(Math.exp(-Math.abs(z))) + (1 - t[i]) * z;
        }
        return sum;
    }
}

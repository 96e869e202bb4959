package io.shoplens.lifetimes;

import java.util.function.ToDoubleFunction;

import org.apache.commons.math3.exception.TooManyEvaluationsException;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.NelderMeadSimplex;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.SimplexOptimizer;

/**
 * Minimises a negative log-likelihood over the logarithms of positive parameters with Commons Math's Nelder-Mead
 * simplex. Working on logarithms keeps every parameter positive without bounds; the search is restarted from its
 * own optimum until it stops improving, because a simplex can collapse early on the flat ridges these likelihoods
 * have (a and b of the BG/NBD model trade off against each other).
 */
final class MaximumLikelihood {
    private static final int MAX_EVALUATIONS = 20_000;
    private static final int MAX_RESTARTS = 5;

    private MaximumLikelihood() {
    }

    /** The log-parameters minimising {@code objective}, searched from {@code start}. */
    static double[] minimise(String model, ToDoubleFunction<double[]> objective, double[] start) {
        SimplexOptimizer optimizer = new SimplexOptimizer(1e-12, 1e-12);
        double[] point = start.clone();
        double best = Double.POSITIVE_INFINITY;
        try {
            for (int restart = 0; restart < MAX_RESTARTS; restart++) {
                PointValuePair optimum = optimizer.optimize(new MaxEval(MAX_EVALUATIONS),
                        new ObjectiveFunction(logParams -> finite(objective.applyAsDouble(logParams))),
                        GoalType.MINIMIZE,
                        new InitialGuess(point), new NelderMeadSimplex(point.length, 0.5));
                boolean improved = optimum.getValue() < best - 1e-10 * Math.abs(best);
                point = optimum.getPoint();
                best = Math.min(best, optimum.getValue());
                if (!improved) {
                    break;
                }
            }
        } catch (TooManyEvaluationsException e) {
            throw new IllegalStateException("The " + model + " fit did not converge within " + MAX_EVALUATIONS
                    + " evaluations; try a larger penalizer.", e);
        }
        if (!Double.isFinite(best)) {
            throw new IllegalStateException("The " + model + " likelihood is not finite at its optimum; check the"
                    + " data (every customer needs 0 <= tx <= T) or try a larger penalizer.");
        }
        return point;
    }

    /** Where a likelihood overflows, the simplex is told "as bad as it gets" rather than NaN, which it cannot rank. */
    private static double finite(double value) {
        return Double.isNaN(value) ? Double.POSITIVE_INFINITY : value;
    }

    /** Weights of 1 when none are given; otherwise checked to be as many as the customers and non-negative. */
    static double[] weights(double[] weights, int n) {
        if (weights == null) {
            double[] ones = new double[n];
            java.util.Arrays.fill(ones, 1);
            return ones;
        }
        if (weights.length != n) {
            throw new IllegalArgumentException(weights.length + " weights for " + n + " customers");
        }
        for (double w : weights) {
            if (!(w >= 0)) {
                throw new IllegalArgumentException("weights must be >= 0, got " + w);
            }
        }
        return weights;
    }
}

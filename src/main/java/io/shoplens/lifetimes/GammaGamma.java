package io.shoplens.lifetimes;

import java.util.Arrays;

import org.apache.commons.math3.special.Gamma;

/**
 * The Gamma-Gamma model of spend (Fader, Hardie and Lee 2005, "RFM and CLV"; Colombo and Jiang 1999). Each purchase's
 * value is Gamma(p, ν) around the customer's own mean p / ν, and ν varies across customers as Gamma(q, v); spend is
 * assumed independent of how often a customer buys. A customer is summed up by x (purchases counted, at least 1 to
 * fit) and the mean value of those purchases. Formulas as lifetimes' {@code GammaGammaFitter}.
 */
public final class GammaGamma {
    private GammaGamma() {
    }

    /** Fitted parameters; the population's mean purchase value is p·v / (q − 1) (finite when q > 1). */
    public record Params(double p, double q, double v) {
        public double populationMean() {
            return p * v / (q - 1);
        }
    }

    /** Maximum-likelihood fit on customers with x ≥ 1, each weighted 1, no penalizer. */
    public static Params fit(double[] x, double[] meanSpend) {
        return fit(x, meanSpend, null, 0);
    }

    /**
     * Maximum-likelihood fit: minimises the weighted mean negative log-likelihood plus {@code penalizer} × (p² + q² +
     * v²), with values rescaled so that their mean is 1 (v is reported back in the caller's units).
     *
     * @param x purchases behind each mean, each at least 1 (lifetimes uses the repeat purchases only)
     * @param meanSpend each customer's mean purchase value, positive
     * @param weights how many customers each entry stands for; null for 1 each
     */
    public static Params fit(double[] x, double[] meanSpend, double[] weights, double penalizer) {
        check(x, meanSpend);
        double[] w = MaximumLikelihood.weights(weights, x.length);
        double totalWeight = Arrays.stream(w).sum();
        double mean = 0;
        for (int i = 0; i < x.length; i++) {
            mean += w[i] * meanSpend[i] / totalWeight;
        }
        double scale = 1 / mean;
        double[] m = Arrays.stream(meanSpend).map(s -> s * scale).toArray();
        // The log-gamma terms depend on x alone: computed once per distinct x, as the fit evaluates thousands of times.
        double[] distinctX = Arrays.stream(x).distinct().sorted().toArray();
        int[] group = Arrays.stream(x).mapToInt(v -> Arrays.binarySearch(distinctX, v)).toArray();
        double[] logX = Arrays.stream(x).map(Math::log).toArray();
        double[] logM = Arrays.stream(m).map(Math::log).toArray();
        double[] log = MaximumLikelihood.minimise("Gamma-Gamma", logParams -> {
            Params params = new Params(Math.exp(logParams[0]), Math.exp(logParams[1]), Math.exp(logParams[2]));
            double[] gammas = new double[distinctX.length];
            for (int g = 0; g < distinctX.length; g++) {
                double px = params.p * distinctX[g];
                gammas[g] = Gamma.logGamma(px + params.q) - Gamma.logGamma(px);
            }
            double base = -Gamma.logGamma(params.q) + params.q * Math.log(params.v);
            double sum = 0;
            for (int i = 0; i < x.length; i++) {
                if (w[i] > 0) {
                    double px = params.p * x[i];
                    sum += w[i] * (base + gammas[group[i]] + (px - 1) * logM[i] + px * logX[i]
                            - (px + params.q) * Math.log(x[i] * m[i] + params.v));
                }
            }
            double penalty = penalizer * (params.p * params.p + params.q * params.q + params.v * params.v);
            return -sum / totalWeight + penalty;
        }, new double[3]);
        return new Params(Math.exp(log[0]), Math.exp(log[1]), Math.exp(log[2]) / scale);
    }

    /** Log-likelihood of one customer's x purchases averaging {@code meanSpend}. */
    public static double logLikelihood(Params params, double x, double meanSpend) {
        double px = params.p * x;
        return Gamma.logGamma(px + params.q) - Gamma.logGamma(px) - Gamma.logGamma(params.q)
                + params.q * Math.log(params.v) + (px - 1) * Math.log(meanSpend) + px * Math.log(x)
                - (px + params.q) * Math.log(x * meanSpend + params.v);
    }

    /**
     * E[mean purchase value | x, meanSpend]: a weighted average of the population mean and the customer's own mean,
     * the customer's weight p·x / (p·x + q − 1) growing with x; the population mean p·v / (q − 1) when x = 0.
     */
    public static double conditionalExpectedAverageValue(Params params, double x, double meanSpend) {
        double own = params.p * x / (params.p * x + params.q - 1);
        return (1 - own) * params.populationMean() + (x > 0 ? own * meanSpend : 0);
    }

    private static void check(double[] x, double[] meanSpend) {
        if (x.length != meanSpend.length) {
            throw new IllegalArgumentException("x has " + x.length + " entries and meanSpend " + meanSpend.length
                    + "; they need one per customer");
        }
        if (x.length == 0) {
            throw new IllegalArgumentException("no customers with a repeat purchase to fit the spend model on");
        }
        int bad = 0;
        int first = -1;
        for (int i = 0; i < x.length; i++) {
            if (!(x[i] >= 1 && meanSpend[i] > 0)) {
                bad++;
                first = first < 0 ? i : first;
            }
        }
        if (bad > 0) {
            throw new IllegalArgumentException(bad + " customers cannot be fitted (need x >= 1 and a positive mean "
                    + "spend; leave out customers without repeat purchases), the first at index " + first + ": x = "
                    + x[first] + ", meanSpend = " + meanSpend[first]);
        }
    }
}

package io.shoplens.lifetimes;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.math3.special.Gamma;

/**
 * The BG/NBD model of repeat purchases (Fader, Hardie and Lee 2005, "Counting your customers the easy way"). While
 * alive, a customer buys as a Poisson process with rate λ ~ Gamma(r, α); after each repeat purchase they drop out for
 * good with probability p ~ Beta(a, b). A customer's history is summed up by x (repeat purchases after the first),
 * tx (time of the last purchase since the first; 0 when x = 0) and T (time from the first purchase to the end of
 * observation), all in one time unit, which α shares. The formulas are the paper's, as lifetimes'
 * {@code BetaGeoFitter} implements them.
 */
public final class BgNbd {
    /** Times are rescaled so that the largest T is this, which puts α near 1 and the simplex's start within reach. */
    private static final double SCALED_MAX_T = 10;

    private BgNbd() {
    }

    /**
     * Fitted population parameters: purchase rates are Gamma(shape r, rate α), so the mean rate is r / α per time
     * unit; drop-out probabilities are Beta(a, b), so the mean chance of dropping out after a purchase is a / (a + b).
     */
    public record Params(double r, double alpha, double a, double b) {
        public double meanPurchaseRate() {
            return r / alpha;
        }

        public double meanDropOutChance() {
            return a / (a + b);
        }
    }

    /** Maximum-likelihood fit with every customer weighted 1 and no penalizer. */
    public static Params fit(double[] x, double[] tx, double[] T) {
        return fit(x, tx, T, null, 0);
    }

    /**
     * The weighted fit with each distinct (x, tx, T) passed once and its count as weight: in whole days thousands of
     * customers share a history (all one-order customers of a day, for a start), and the fit's cost grows with the
     * distinct histories rather than the customers.
     */
    public static Params fitDistinct(double[] x, double[] tx, double[] T, double penalizer) {
        return fitDistinct(false, x, tx, T, penalizer);
    }

    /** {@link #fitDistinct(double[], double[], double[], double)} of BG/NBD or, when {@code modified}, MBG/NBD. */
    static Params fitDistinct(boolean modified, double[] x, double[] tx, double[] T, double penalizer) {
        Map<List<Double>, Integer> index = new HashMap<>();
        List<double[]> distinct = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            List<Double> key = List.of(x[i], tx[i], T[i]);
            Integer at = index.get(key);
            if (at == null) {
                index.put(key, distinct.size());
                distinct.add(new double[] { x[i], tx[i], T[i], 1 });
            } else {
                distinct.get(at)[3]++;
            }
        }
        return fit(modified, column(distinct, 0), column(distinct, 1), column(distinct, 2), column(distinct, 3),
                penalizer);
    }

    private static double[] column(List<double[]> rows, int k) {
        return rows.stream().mapToDouble(r -> r[k]).toArray();
    }

    /**
     * Maximum-likelihood fit: minimises the weighted mean negative log-likelihood plus {@code penalizer} × (r² + α² +
     * a² + b²), with times rescaled so that the largest T is 10, exactly as lifetimes' {@code penalizer_coef} (so its
     * advice carries over: 0.001 to 0.1 steadies fits on little data). Weights count identical histories, so callers
     * can pass each distinct (x, tx, T) once.
     *
     * @param weights how many customers each entry stands for; null for 1 each
     * @throws IllegalArgumentException on inconsistent histories
     * @throws IllegalStateException when the optimiser does not converge
     */
    public static Params fit(double[] x, double[] tx, double[] T, double[] weights, double penalizer) {
        return fit(false, x, tx, T, weights, penalizer);
    }

    /** The fit of BG/NBD or, when {@code modified}, of MBG/NBD (see {@link MbgNbd}). */
    static Params fit(boolean modified, double[] x, double[] tx, double[] T, double[] weights, double penalizer) {
        check(x, tx, T);
        double[] w = MaximumLikelihood.weights(weights, x.length);
        double maxT = Arrays.stream(T).max().orElse(0);
        double scale = maxT > 0 ? SCALED_MAX_T / maxT : 1;
        double[] scaledTx = Arrays.stream(tx).map(t -> t * scale).toArray();
        double[] scaledT = Arrays.stream(T).map(t -> t * scale).toArray();
        Likelihood likelihood = new Likelihood(x, scaledTx, scaledT, w, modified);
        double[] log = MaximumLikelihood.minimise(modified ? "MBG/NBD" : "BG/NBD", logParams -> {
            Params p = new Params(Math.exp(logParams[0]), Math.exp(logParams[1]), Math.exp(logParams[2]),
                    Math.exp(logParams[3]));
            double penalty = penalizer * (p.r * p.r + p.alpha * p.alpha + p.a * p.a + p.b * p.b);
            return -likelihood.mean(p) + penalty;
        }, new double[4]);
        return new Params(Math.exp(log[0]), Math.exp(log[1]) / scale, Math.exp(log[2]), Math.exp(log[3]));
    }

    /** Log-likelihood of one customer's history. */
    public static double logLikelihood(Params p, double x, double tx, double T) {
        return logLikelihood(false, p, x, tx, T);
    }

    /**
     * One customer's log-likelihood under BG/NBD or, when {@code modified}, MBG/NBD. The two differ only in how many
     * chances to drop out the history had: BG/NBD's customer survived x of them (one after each repeat purchase) and
     * MBG/NBD's x + 1 (the first purchase too), so MBG/NBD's terms are BG/NBD's with b + 1 in place of b, times the
     * chance b / (a + b) of surviving the first purchase, and its "dropped out right after tx" history exists for
     * x = 0 too.
     */
    static double logLikelihood(boolean modified, Params p, double x, double tx, double T) {
        int s = modified ? 1 : 0;
        double common = Gamma.logGamma(p.r + x) - Gamma.logGamma(p.r) + p.r * Math.log(p.alpha)
                + Gamma.logGamma(p.a + p.b) + Gamma.logGamma(p.b + x + s) - Gamma.logGamma(p.b)
                - Gamma.logGamma(p.a + p.b + x + s);
        return common + histories(p, x, tx, T, droppedFactor(modified, p, x));
    }

    /** log of a / (b + x − 1) (BG/NBD, −∞ when x = 0: nobody drops out at the first purchase) or a / (b + x). */
    private static double droppedFactor(boolean modified, Params p, double x) {
        if (modified) {
            return Math.log(p.a) - Math.log(p.b + x);
        }
        return x > 0 ? Math.log(p.a) - Math.log(p.b + x - 1) : Double.NEGATIVE_INFINITY;
    }

    /** Sum of the customers' log-likelihoods. */
    public static double logLikelihood(Params p, double[] x, double[] tx, double[] T) {
        return logLikelihood(false, p, x, tx, T);
    }

    static double logLikelihood(boolean modified, Params p, double[] x, double[] tx, double[] T) {
        check(x, tx, T);
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            sum += logLikelihood(modified, p, x[i], tx[i], T[i]);
        }
        return sum;
    }

    /**
     * P(still alive at T | x, tx, T). 1 when x = 0: under BG/NBD a customer can only drop out right after a repeat
     * purchase, so one who never bought again cannot have left.
     */
    public static double pAlive(Params p, double x, double tx, double T) {
        return pAlive(false, p, x, tx, T);
    }

    static double pAlive(boolean modified, Params p, double x, double tx, double T) {
        return 1 / (1 + deadOdds(modified, p, x, tx, T));
    }

    /** Expected number of purchases in (T, T + t], given the history (x, tx, T). */
    public static double expectedPurchases(Params p, double t, double x, double tx, double T) {
        return expectedPurchases(false, p, t, x, tx, T);
    }

    /**
     * Expected purchases in (T, T + t] under BG/NBD or, when {@code modified}, MBG/NBD, whose expectation (Batislam,
     * Denizel and Filiztekin 2007) is BG/NBD's with b + 1 in place of b (while alive the two tell the same story; the
     * one chance more to have dropped out is the first purchase's) and its own odds of having dropped out, which
     * exist for x = 0 too.
     */
    static double expectedPurchases(boolean modified, Params p, double t, double x, double tx, double T) {
        if (t <= 0) {
            return 0;
        }
        double b = modified ? p.b + 1 : p.b;
        // Fader et al.'s eq. (10) has (1 - z)^(r + x) · 2F1(r + x, b + x; a + b + x - 1; z); Euler's transformation
        // turns it into (1 - z)^(a - 1) · 2F1(a + b - 1 - r, a - 1; a + b + x - 1; z). A series' terms rise before they
        // fall, the further the larger the product of its first two parameters: the original's grows with x, the
        // transformed one's with a (a fit where everyone drops out with about the same chance runs a and b into the
        // millions). The one with the smaller product is summed; in logs when its terms are all positive, since its
        // factor can underflow while the series overflows.
        double z = t / (p.alpha + T + t);
        double c = p.a + b + x - 1;
        double first = p.a + b - 1 - p.r;
        double second = p.a - 1;
        double tail;
        if ((p.r + x) * (b + x) <= Math.abs(first * second)) {
            tail = scaledHypergeometric2F1((p.r + x) * Math.log1p(-z), p.r + x, b + x, c, z);
        } else if (first > 0 && second > 0) {
            tail = scaledHypergeometric2F1((p.a - 1) * Math.log1p(-z), first, second, c, z);
        } else {
            tail = Math.pow(1 - z, p.a - 1) * hypergeometric2F1(first, second, c, z);
        }
        double whileAlive = c / (p.a - 1) * (1 - tail);
        return whileAlive / (1 + deadOdds(modified, p, x, tx, T));
    }

    /**
     * P(no purchase in (T, T + h] | x, tx, T): the customer has dropped out, or is alive and the Poisson process,
     * averaged over the posterior Gamma(r + x, α + T) of the rate, gives nothing in h:
     * 1 − P(alive) + P(alive) · ((α + T) / (α + T + h))^(r + x).
     */
    public static double probabilityNoPurchase(Params p, double h, double x, double tx, double T) {
        return probabilityNoPurchase(false, p, h, x, tx, T);
    }

    static double probabilityNoPurchase(boolean modified, Params p, double h, double x, double tx, double T) {
        double alive = pAlive(modified, p, x, tx, T);
        return 1 - alive + alive * Math.pow((p.alpha + T) / (p.alpha + T + h), p.r + x);
    }

    /**
     * P(dropped out) / P(alive) given the history: a / (b + x − 1) · ((α + T) / (α + tx))^(r + x), 0 when x = 0
     * (BG/NBD); a / (b + x) · ((α + T) / (α + tx))^(r + x) for every x (MBG/NBD).
     */
    private static double deadOdds(boolean modified, Params p, double x, double tx, double T) {
        double factor = droppedFactor(modified, p, x);
        if (factor == Double.NEGATIVE_INFINITY) {
            return 0;
        }
        return Math.exp(factor + (p.r + x) * Math.log((p.alpha + T) / (p.alpha + tx)));
    }

    /**
     * log of the likelihood's two histories: alive at T, (α + T)^−(r+x), plus, when the model allows it, dropped
     * out right after tx, a / (b + x − 1) · (α + tx)^−(r+x) ({@code dropped} is the log of the factor before the
     * power, −∞ where BG/NBD does not allow it: x = 0).
     */
    private static double histories(Params p, double x, double tx, double T, double dropped) {
        double alive = -(p.r + x) * Math.log(p.alpha + T);
        if (dropped == Double.NEGATIVE_INFINITY) {
            return alive;
        }
        double gone = dropped - (p.r + x) * Math.log(p.alpha + tx);
        double max = Math.max(alive, gone);
        return max + Math.log1p(Math.exp(-Math.abs(alive - gone)));
    }

    /**
     * exp(logScale) · 2F1(a, b; c; z) for a, b, c > 0 (every term positive), each term and the running sum kept as
     * logarithms, so that a scale far below the smallest double and a series far above the largest still give their
     * product.
     */
    static double scaledHypergeometric2F1(double logScale, double a, double b, double c, double z) {
        double logTerm = logScale;
        double logSum = logScale;
        for (int j = 0; j < 1_000_000; j++) {
            double ratio = (a + j) * (b + j) / ((c + j) * (j + 1)) * z;
            logTerm += Math.log(ratio);
            logSum = logTerm > logSum ? logTerm + Math.log1p(Math.exp(logSum - logTerm))
                    : logSum + Math.log1p(Math.exp(logTerm - logSum));
            if (ratio < 1 && logTerm - logSum < -36) {
                return Math.exp(logSum);
            }
        }
        throw new ArithmeticException("2F1(" + a + ", " + b + "; " + c + "; " + z + ") did not converge");
    }

    /**
     * Gauss's hypergeometric series Σ (a)ⱼ (b)ⱼ / (c)ⱼ · zʲ / j!, summed until a term no longer changes the sum (the
     * BG/NBD paper sums it the same way); 0 ≤ z < 1 here.
     */
    static double hypergeometric2F1(double a, double b, double c, double z) {
        double term = 1;
        double sum = 1;
        for (int j = 0; j < 100_000; j++) {
            term *= (a + j) * (b + j) / ((c + j) * (j + 1)) * z;
            sum += term;
            if (Math.abs(term) <= 1e-15 * Math.abs(sum)) {
                return sum;
            }
        }
        throw new ArithmeticException("2F1(" + a + ", " + b + "; " + c + "; " + z + ") did not converge");
    }

    static void check(double[] x, double[] tx, double[] T) {
        if (x.length != tx.length || x.length != T.length) {
            throw new IllegalArgumentException("x, tx and T have " + x.length + ", " + tx.length + " and " + T.length
                    + " entries; they need one per customer");
        }
        int bad = 0;
        int first = -1;
        for (int i = 0; i < x.length; i++) {
            if (!(x[i] >= 0 && tx[i] >= 0 && tx[i] <= T[i]) || x[i] == 0 && tx[i] != 0) {
                bad++;
                first = first < 0 ? i : first;
            }
        }
        if (bad > 0) {
            throw new IllegalArgumentException(bad + " customers have an impossible history (need x >= 0 and "
                    + "0 <= tx <= T, with tx = 0 when x = 0), the first at index " + first + ": x = " + x[first]
                    + ", tx = " + tx[first] + ", T = " + T[first]);
        }
    }

    /**
     * The weighted mean log-likelihood, with the terms that depend only on x computed once per distinct x: a fit
     * evaluates it thousands of times, and customers share few distinct x.
     */
    private static final class Likelihood {
        private final double[] tx;
        private final double[] T;
        private final double[] w;
        private final double totalWeight;
        private final double[] distinctX;
        private final int[] group;

        private final boolean modified;

        Likelihood(double[] x, double[] tx, double[] T, double[] w, boolean modified) {
            this.modified = modified;
            this.tx = tx;
            this.T = T;
            this.w = w;
            this.totalWeight = Arrays.stream(w).sum();
            this.distinctX = Arrays.stream(x).distinct().sorted().toArray();
            this.group = Arrays.stream(x).mapToInt(v -> Arrays.binarySearch(distinctX, v)).toArray();
        }

        double mean(Params p) {
            double[] common = new double[distinctX.length];
            double[] dropped = new double[distinctX.length];
            double base = -Gamma.logGamma(p.r) + p.r * Math.log(p.alpha) + Gamma.logGamma(p.a + p.b)
                    - Gamma.logGamma(p.b);
            int s = modified ? 1 : 0;
            for (int g = 0; g < distinctX.length; g++) {
                double x = distinctX[g];
                common[g] = base + Gamma.logGamma(p.r + x) + Gamma.logGamma(p.b + x + s)
                        - Gamma.logGamma(p.a + p.b + x + s);
                dropped[g] = droppedFactor(modified, p, x);
            }
            double sum = 0;
            for (int i = 0; i < T.length; i++) {
                if (w[i] > 0) {
                    int g = group[i];
                    sum += w[i] * (common[g] + histories(p, distinctX[g], tx[i], T[i], dropped[g]));
                }
            }
            return sum / totalWeight;
        }
    }
}

package io.shoplens.lifetimes;

import java.util.Random;

import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.distribution.GammaDistribution;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;

/** Histories drawn from the BG/NBD and Gamma-Gamma models' own stories, for parameter-recovery tests. */
final class Simulated {
    final double[] x;
    final double[] tx;
    final double[] T;
    /** Mean value of each customer's x repeat purchases (0 when x = 0). */
    final double[] meanSpend;

    private Simulated(int n) {
        x = new double[n];
        tx = new double[n];
        T = new double[n];
        meanSpend = new double[n];
    }

    /**
     * n customers whose first purchase lies uniformly within {@code [minT, maxT]} before the end (CDNOW's cohort
     * spans 27 to 39 weeks). Each draws λ ~ Gamma(r, rate α) and p ~ Beta(a, b), buys at exponential gaps until the
     * end and drops out after each repeat purchase with chance p; spend per purchase is Gamma(shape gp, rate ν) with
     * ν ~ Gamma(q, rate v).
     */
    static Simulated draw(long seed, int n, double minT, double maxT, BgNbd.Params purchases,
            GammaGamma.Params spend) {
        RandomGenerator rng = new Well19937c(seed);
        Random random = new Random(seed);
        GammaDistribution rates = new GammaDistribution(rng, purchases.r(), 1 / purchases.alpha());
        BetaDistribution dropOuts = new BetaDistribution(rng, purchases.a(), purchases.b());
        GammaDistribution spendRates = new GammaDistribution(rng, spend.q(), 1 / spend.v());
        Simulated s = new Simulated(n);
        for (int i = 0; i < n; i++) {
            double lambda = rates.sample();
            double p = dropOuts.sample();
            double nu = spendRates.sample();
            GammaDistribution values = new GammaDistribution(rng, spend.p(), 1 / nu);
            s.T[i] = minT + (maxT - minT) * random.nextDouble();
            double t = 0;
            double total = 0;
            while (true) {
                t += -Math.log(1 - random.nextDouble()) / lambda;
                if (t > s.T[i]) {
                    break;
                }
                s.x[i]++;
                s.tx[i] = t;
                total += values.sample();
                if (random.nextDouble() < p) {
                    break;
                }
            }
            s.meanSpend[i] = s.x[i] > 0 ? total / s.x[i] : 0;
        }
        return s;
    }
}

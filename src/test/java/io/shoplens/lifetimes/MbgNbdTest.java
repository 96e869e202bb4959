package io.shoplens.lifetimes;

import static io.shoplens.lifetimes.BgNbdTest.assertRelative;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.distribution.GammaDistribution;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.Test;

class MbgNbdTest {
    static final BgNbd.Params CDNOW = BgNbdTest.CDNOW;

    @Test
    void aCustomerWithoutRepeatPurchasesLeftAtTheFirstOrIsAliveAndSilent() {
        // x = 0: dropped out at the first purchase (mean chance a / (a + b)), or survived it (b / (a + b)) and the
        // Gamma-mixed Poisson process stayed silent for T, (α / (α + T))^r.
        double a = CDNOW.a();
        double b = CDNOW.b();
        for (double T : new double[] { 0, 0.5, 10, 38.86 }) {
            double expected = a / (a + b) + b / (a + b) * Math.pow(CDNOW.alpha() / (CDNOW.alpha() + T), CDNOW.r());
            assertEquals(Math.log(expected), MbgNbd.logLikelihood(CDNOW, 0, 0, T), 1e-12, "T = " + T);
        }
    }

    @Test
    void likelihoodOfRepeatBuyersMatchesTheFormulaWrittenOutWithProducts() {
        double[][] histories = { { 1, 1.71, 38.86 }, { 2, 30.43, 38.86 }, { 7, 29.43, 38.86 }, { 29, 37.71, 38 } };
        double r = CDNOW.r();
        double alpha = CDNOW.alpha();
        double a = CDNOW.a();
        double b = CDNOW.b();
        double sum = 0;
        for (double[] h : histories) {
            int x = (int) h[0];
            double tx = h[1];
            double T = h[2];
            // Γ(r + x) / Γ(r) and B(a, b + x + 1) / B(a, b): x + 1 chances to drop out survived.
            double gammaRatio = 1;
            for (int i = 0; i < x; i++) {
                gammaRatio *= r + i;
            }
            double betaRatio = 1;
            for (int i = 0; i <= x; i++) {
                betaRatio *= (b + i) / (a + b + i);
            }
            double likelihood = gammaRatio * Math.pow(alpha, r) * betaRatio
                    * (Math.pow(alpha + T, -(r + x)) + a / (b + x) * Math.pow(alpha + tx, -(r + x)));
            assertEquals(Math.log(likelihood), MbgNbd.logLikelihood(CDNOW, x, tx, T), 1e-9, "x = " + x);
            assertTrue(MbgNbd.logLikelihood(CDNOW, x, tx, T) != BgNbd.logLikelihood(CDNOW, x, tx, T));
            sum += Math.log(likelihood);
        }
        assertEquals(sum, MbgNbd.logLikelihood(CDNOW, new double[] { 1, 2, 7, 29 },
                new double[] { 1.71, 30.43, 29.43, 37.71 }, new double[] { 38.86, 38.86, 38.86, 38 }), 1e-9);
    }

    @Test
    void aOneOrderCustomerIsNotAliveForSure() {
        double fresh = MbgNbd.pAlive(CDNOW, 0, 0, 0);
        double silent = MbgNbd.pAlive(CDNOW, 0, 0, 52);
        // Bayes by hand: odds of having dropped out = a / (b + x) · ((α + T) / (α + tx))^(r + x).
        assertEquals(1 / (1 + CDNOW.a() / CDNOW.b()), fresh, 1e-12);
        assertEquals(1 / (1 + CDNOW.a() / CDNOW.b() * Math.pow((CDNOW.alpha() + 52) / CDNOW.alpha(), CDNOW.r())),
                silent, 1e-12);
        assertTrue(silent < fresh && fresh < 1);
        assertEquals(1, BgNbd.pAlive(CDNOW, 0, 0, 52), "BG/NBD, by contrast");
    }

    @Test
    void expectedPurchasesMatchThePrintedFormula() {
        double[][] histories = { { 0, 0, 38.86 }, { 2, 30.43, 38.86 }, { 7, 29.43, 38.86 }, { 29, 37.71, 38 },
            { 0, 0, 0 } };
        for (double[] h : histories) {
            for (double t : new double[] { 1, 39, 52, 200 }) {
                assertEquals(printed(CDNOW, t, h[0], h[1], h[2]), MbgNbd.expectedPurchases(CDNOW, t, h[0], h[1], h[2]),
                        1e-9, "t = " + t + ", x = " + h[0]);
            }
        }
        assertEquals(0, MbgNbd.expectedPurchases(CDNOW, 0, 3, 10, 20));
    }

    @Test
    void aNewCustomersExpectationsMatchTheModelsStory() {
        // Just acquired (x = tx = T = 0): the first purchase has just happened, and the customer may leave at once.
        BgNbd.Params p = CDNOW;
        Random random = new Random(8);
        Well19937c rng = new Well19937c(8);
        var rates = new GammaDistribution(rng, p.r(), 1 / p.alpha());
        var dropOuts = new BetaDistribution(rng, p.a(), p.b());
        int n = 200_000;
        double h = 52;
        double purchases = 0;
        int none = 0;
        for (int i = 0; i < n; i++) {
            double lambda = rates.sample();
            double dropOut = dropOuts.sample();
            int count = 0;
            if (random.nextDouble() >= dropOut) {
                double t = 0;
                while (true) {
                    t += -Math.log(1 - random.nextDouble()) / lambda;
                    if (t > h) {
                        break;
                    }
                    count++;
                    if (random.nextDouble() < dropOut) {
                        break;
                    }
                }
            }
            purchases += count;
            none += count == 0 ? 1 : 0;
        }
        assertEquals(purchases / n, MbgNbd.expectedPurchases(p, h, 0, 0, 0), 0.02 * purchases / n);
        assertEquals((double) none / n, MbgNbd.probabilityNoPurchase(p, h, 0, 0, 0), 0.005);
    }

    /** 30,000 customers drawn from MBG/NBD's story with CDNOW's parameters; tolerances as BgNbdTest's. */
    @Test
    void fitRecoversTheParametersItSimulatedFrom() {
        int n = 30_000;
        double[] x = new double[n];
        double[] tx = new double[n];
        double[] T = new double[n];
        Random random = new Random(3);
        Well19937c rng = new Well19937c(3);
        var rates = new GammaDistribution(rng, CDNOW.r(), 1 / CDNOW.alpha());
        var dropOuts = new BetaDistribution(rng, CDNOW.a(), CDNOW.b());
        for (int i = 0; i < n; i++) {
            double lambda = rates.sample();
            double p = dropOuts.sample();
            T[i] = 27 + 12 * random.nextDouble();
            if (random.nextDouble() < p) {
                continue;
            }
            double t = 0;
            while (true) {
                t += -Math.log(1 - random.nextDouble()) / lambda;
                if (t > T[i]) {
                    break;
                }
                x[i]++;
                tx[i] = t;
                if (random.nextDouble() < p) {
                    break;
                }
            }
        }
        BgNbd.Params fit = MbgNbd.fit(x, tx, T);
        String where = fit.toString();
        assertRelative(CDNOW.r(), fit.r(), 0.10, where);
        assertRelative(CDNOW.alpha(), fit.alpha(), 0.10, where);
        assertRelative(CDNOW.a(), fit.a(), 0.20, where);
        assertRelative(CDNOW.b(), fit.b(), 0.20, where);
        assertRelative(CDNOW.meanDropOutChance(), fit.meanDropOutChance(), 0.10, where);
        assertTrue(MbgNbd.logLikelihood(fit, x, tx, T) >= MbgNbd.logLikelihood(CDNOW, x, tx, T), where);
        // Each distinct history once with its count as weight: the same mean likelihood, so the same optimum.
        BgNbd.Params distinct = MbgNbd.fitDistinct(x, tx, T, 0);
        assertRelative(fit.r(), distinct.r(), 1e-4, "r");
        assertRelative(fit.b(), distinct.b(), 1e-3, "b");
    }

    /** Batislam et al.'s conditional expectation as printed, with the hypergeometric series summed plainly. */
    private static double printed(BgNbd.Params p, double t, double x, double tx, double T) {
        double z = t / (p.alpha() + T + t);
        double a1 = p.r() + x;
        double b1 = p.b() + x + 1;
        double c1 = p.a() + p.b() + x;
        double term = 1;
        double series = 1;
        for (int j = 0; j < 1_000_000 && Math.abs(term) > 1e-17 * series; j++) {
            term *= (a1 + j) * (b1 + j) / ((c1 + j) * (j + 1)) * z;
            series += term;
        }
        double numerator = c1 / (p.a() - 1)
                * (1 - Math.pow((p.alpha() + T) / (p.alpha() + T + t), p.r() + x) * series);
        double odds = p.a() / (p.b() + x) * Math.pow((p.alpha() + T) / (p.alpha() + tx), p.r() + x);
        return numerator / (1 + odds);
    }
}

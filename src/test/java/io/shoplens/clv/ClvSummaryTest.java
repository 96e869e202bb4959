package io.shoplens.clv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.distribution.GammaDistribution;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.Test;

/** The spreads the /clv page puts into words, against Commons Math's distributions. */
class ClvSummaryTest {
    /** Medium, seed 2: customers differ. */
    private static final ClvSummary.Params SIMULATED = new ClvSummary.Params(1.037, 13.94, 0.690, 36.078, 1.35,
            4.73, 273.00);
    /** An import whose customers were all alike: a huge a + b and q. */
    private static final ClvSummary.Params ALIKE = new ClvSummary.Params(1.184, 34.17, 240939.762, 3675794.647, 1.91,
            19349475.08, 2722971453.52);

    @Test
    void theRateAndDropOutSpreadsAreTheGammaAndBetaOnes() {
        GammaDistribution rate = new GammaDistribution(SIMULATED.r(), 1 / SIMULATED.alpha());
        assertEquals(Math.sqrt(rate.getNumericalVariance()) / rate.getNumericalMean(), SIMULATED.rateSpread(), 1e-12);
        BetaDistribution dropOut = new BetaDistribution(SIMULATED.a(), SIMULATED.b());
        assertEquals(Math.sqrt(dropOut.getNumericalVariance()), SIMULATED.dropOutSpread(), 1e-12);
        assertFalse(SIMULATED.dropOutAlike());
        assertTrue(ALIKE.dropOutAlike());
    }

    @Test
    void theOrderValueSpreadIsThatOfPOverNu() {
        // ν ~ Gamma(q, rate v); a customer's typical value is p / ν.
        GammaDistribution nu = new GammaDistribution(new Well19937c(7), SIMULATED.q(), 1 / SIMULATED.v());
        int n = 2_000_000;
        double sum = 0;
        double squares = 0;
        for (int i = 0; i < n; i++) {
            double value = SIMULATED.p() / nu.sample();
            sum += value;
            squares += value * value;
        }
        double mean = sum / n;
        double cv = Math.sqrt(squares / n - mean * mean) / mean;
        assertEquals(SIMULATED.meanOrderValue(), mean, 0.01 * mean);
        assertEquals(SIMULATED.orderValueSpread(), cv, 0.05 * cv);
        assertFalse(SIMULATED.orderValueAlike());
        assertTrue(ALIKE.orderValueAlike());
        assertTrue(Double.isNaN(new ClvSummary.Params(1, 1, 1, 1, 1, 1.5, 1).orderValueSpread()),
                "no finite spread at q ≤ 2");
    }
}

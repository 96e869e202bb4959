package io.shoplens.churn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Calibration maps against values computed by hand. */
class CalibratorTest {

    @Test
    void isotonicPoolsAdjacentViolators() {
        // Rates by raw score 0.1→0, 0.2→1, 0.3→0, 0.4→1: 0.2 and 0.3 violate the order and pool to 0.5.
        Calibrator map = Calibrator.isotonic(new double[] { 0.3, 0.1, 0.4, 0.2 },
                new boolean[] { false, false, true, true });
        assertEquals(Calibrator.ISOTONIC, map.method());
        assertArrayEquals(new double[] { 0.1, 0.2, 0.3, 0.4 }, map.x(), 1e-12);
        assertArrayEquals(new double[] { 0, 0.5, 0.5, 1 }, map.y(), 1e-12);
        assertEquals(0.25, map.apply(0.15), 1e-12, "linear between the points");
        assertEquals(0.5, map.apply(0.25), 1e-12);
        assertEquals(0.75, map.apply(0.35), 1e-12);
        assertEquals(0, map.apply(0.01), 1e-12, "flat below the lowest point");
        assertEquals(1, map.apply(0.99), 1e-12, "flat above the highest point");
    }

    @Test
    void isotonicKeepsEqualScoresTogether() {
        // Two rows at 0.5 (one churned), one at 0.4 churned: 0.4's rate 1 is above 0.5's 0.5, so all pool to 2/3.
        Calibrator map = Calibrator.isotonic(new double[] { 0.5, 0.4, 0.5 }, new boolean[] { true, true, false });
        assertArrayEquals(new double[] { 0.4, 0.5 }, map.x(), 1e-12);
        assertArrayEquals(new double[] { 2.0 / 3, 2.0 / 3 }, map.y(), 1e-12);
    }

    @Test
    void plattMatchesTheClosedFormOnTwoScores() {
        // Raw 0.2 for ten customers (3 churned), raw 0.8 for ten (6 churned). With two distinct scores the logistic
        // fit reproduces each group's mean target exactly; Platt's targets are 10/11 for churners (9 of them) and
        // 1/13 for the others (11): so σ(a·logit(0.2) + b) = (3·10/11 + 7/13) / 10, and likewise for 0.8.
        double[] p = new double[20];
        boolean[] y = new boolean[20];
        for (int i = 0; i < 20; i++) {
            p[i] = i < 10 ? 0.2 : 0.8;
            y[i] = i < 3 || (i >= 10 && i < 16);
        }
        double low = (3 * 10.0 / 11 + 7.0 / 13) / 10;
        double high = (6 * 10.0 / 11 + 4.0 / 13) / 10;
        double s = Math.log(4); // logit(0.8); logit(0.2) = −s
        double slope = (logit(high) - logit(low)) / (2 * s);
        double intercept = logit(low) + slope * s;
        Calibrator map = Calibrator.platt(p, y);
        assertEquals(Calibrator.PLATT, map.method());
        assertEquals(slope, map.slope(), 1e-9);
        assertEquals(intercept, map.intercept(), 1e-9);
        assertEquals(low, map.apply(0.2), 1e-9);
        assertEquals(high, map.apply(0.8), 1e-9);
    }

    @Test
    void plattStaysFiniteWhenTheScoresSeparateTheClasses() {
        Calibrator map = Calibrator.platt(new double[] { 0.1, 0.2, 0.8, 0.9 },
                new boolean[] { false, false, true, true });
        assertTrue(Double.isFinite(map.slope()) && Double.isFinite(map.intercept()));
        assertTrue(map.apply(0.9) < 1 && map.apply(0.1) > 0);
    }

    @Test
    void noneServesTheForestsOwnProbabilities() {
        Calibrator none = Calibrator.none();
        assertEquals(Calibrator.NONE, none.method());
        for (double p : new double[] { 0, 0.013, 0.5, 0.87, 1 }) {
            assertEquals(p, none.apply(p));
        }
    }

    @Test
    void isotonicFromTheConfiguredRowsOn() {
        double[] p = { 0.1, 0.9, 0.2, 0.8 };
        boolean[] y = { false, true, false, true };
        assertEquals(Calibrator.ISOTONIC, Calibrator.fit(p, y, 4).method());
        assertEquals(Calibrator.PLATT, Calibrator.fit(p, y, 5).method());
    }

    /**
     * A forest that says 0.6 where a fifth churn and 0.9 where half do: Brier (0.2·0.4² + 0.8·0.6² + 0.5·0.1² +
     * 0.5·0.9²) / 2 = 0.365 before; calibrated to the true rates it would be (0.2·0.8 + 0.5·0.5) / 2 = 0.205, and the
     * cross-fitted one, whose halves each learn the other's rates, comes close.
     */
    @Test
    void crossFittedCalibrationLowersTheBrierScoreOfOverconfidentScores() {
        int n = 400;
        double[] p = new double[n];
        boolean[] y = new boolean[n];
        for (int i = 0; i < n; i++) {
            p[i] = i < n / 2 ? 0.6 : 0.9;
            y[i] = i < n / 2 ? i % 5 == 0 : i % 2 == 0;
        }
        assertEquals(0.365, Metrics.brier(p, y), 1e-12);
        for (int isotonicFrom : new int[] { 1, 1000 }) {
            double after = Metrics.brier(Calibrator.crossFitted(p, y, isotonicFrom, 7), y);
            assertEquals(0.205, after, 0.01, "cross-fitted, isotonic from " + isotonicFrom);
        }
    }

    private static double logit(double q) {
        return Math.log(q / (1 - q));
    }
}

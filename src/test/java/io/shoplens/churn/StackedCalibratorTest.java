package io.shoplens.churn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** The stacked map against values computed by hand, and which of the three candidates is served. */
class StackedCalibratorTest {

    /**
     * Ten customers at each of three (forest, BG/NBD) points: (0.2, 0.2) with 2 churned, (0.8, 0.2) with 6 and
     * (0.2, 0.8) with 5. Three points and three parameters: the logistic fit reproduces each point's mean target
     * exactly. Platt's targets are 14/15 for the 13 churners and 1/19 for the 17 others; with s = logit(0.8) =
     * −logit(0.2), logit(m_A) = −a·s − b·s + c, logit(m_B) = a·s − b·s + c, logit(m_C) = −a·s + b·s + c.
     */
    @Test
    void stackedFitMatchesTheClosedFormOnThreePoints() {
        double[] forest = new double[30];
        double[] noOrder = new double[30];
        boolean[] y = new boolean[30];
        int[] churners = { 2, 6, 5 };
        for (int i = 0; i < 30; i++) {
            int point = i / 10;
            forest[i] = point == 1 ? 0.8 : 0.2;
            noOrder[i] = point == 2 ? 0.8 : 0.2;
            y[i] = i % 10 < churners[point];
        }
        double[] m = new double[3];
        for (int point = 0; point < 3; point++) {
            m[point] = (churners[point] * 14.0 / 15 + (10 - churners[point]) / 19.0) / 10;
        }
        double s = Math.log(4);
        double a = (logit(m[1]) - logit(m[0])) / (2 * s);
        double b = (logit(m[2]) - logit(m[0])) / (2 * s);
        double c = logit(m[0]) + (a + b) * s;
        StackedCalibrator map = StackedCalibrator.fit(forest, noOrder, y);
        assertEquals(a, map.forestSlope(), 1e-7);
        assertEquals(b, map.bgNbdSlope(), 1e-7);
        assertEquals(c, map.intercept(), 1e-7);
        assertEquals(m[0], map.apply(0.2, 0.2), 1e-9);
        assertEquals(m[1], map.apply(0.8, 0.2), 1e-9);
        assertEquals(m[2], map.apply(0.2, 0.8), 1e-9);
    }

    /** A forest that knows nothing beside a BG/NBD that knows the truth: the stacked map learns to follow BG/NBD. */
    @Test
    void crossFittedStackingTakesTheBetterInputsSignal() {
        SplittableRandom random = new SplittableRandom(3);
        int n = 600;
        double[] forest = new double[n];
        double[] noOrder = new double[n];
        boolean[] y = new boolean[n];
        for (int i = 0; i < n; i++) {
            forest[i] = random.nextDouble(0.3, 0.7);
            noOrder[i] = random.nextDouble(0.05, 0.95);
            y[i] = random.nextDouble() < noOrder[i];
        }
        double stacked = Metrics.brier(StackedCalibrator.crossFitted(forest, noOrder, y, 7), y);
        assertTrue(stacked < Metrics.brier(forest, y) - 0.05, "stacked " + stacked);
        assertEquals(Metrics.brier(noOrder, y), stacked, 0.01, "as well calibrated as the truth, nearly");
    }

    @Test
    void theLowestBrierScoreIsServedAndTheSimplerOneOnATie() {
        assertEquals(ChurnEvaluation.Served.RAW, ChurnEvaluation.choose(0.12, 0.13, 0.15, null));
        assertEquals(ChurnEvaluation.Served.CALIBRATED, ChurnEvaluation.choose(0.12, 0.11, 0.115, null));
        assertEquals(ChurnEvaluation.Served.STACKED, ChurnEvaluation.choose(0.12, 0.11, 0.10, null));
        assertEquals(ChurnEvaluation.Served.STACKED, ChurnEvaluation.choose(0.11, 0.12, 0.10, null));
        assertEquals(ChurnEvaluation.Served.CALIBRATED, ChurnEvaluation.choose(0.12, 0.11, null, null),
                "no BG/NBD, no stacking");
        assertEquals(ChurnEvaluation.Served.RAW, ChurnEvaluation.choose(0.12, 0.12, 0.12, null));
        assertEquals(ChurnEvaluation.Served.CALIBRATED, ChurnEvaluation.choose(0.12, 0.11, 0.11, null));
        assertEquals(ChurnEvaluation.Served.BG_NBD, ChurnEvaluation.choose(0.12, 0.11, 0.10, 0.09));
        assertEquals(ChurnEvaluation.Served.BG_NBD, ChurnEvaluation.choose(0.12, 0.13, null, 0.11),
                "BG/NBD without a stacked map");
        assertEquals(ChurnEvaluation.Served.STACKED, ChurnEvaluation.choose(0.12, 0.11, 0.10, 0.10),
                "the forest's over BG/NBD on a tie");
        assertEquals(ChurnEvaluation.Served.RAW, ChurnEvaluation.choose(0.10, 0.11, 0.12, 0.10));
    }

    @Test
    void bgNbdAloneServesBgNbdsProbabilitiesUnchanged() {
        double[] forest = { 0.9, 0.1, 0.5, 0.3 };
        double[] noOrder = { 0.2, 0.7, 0.05, 0.999 };
        double[] served = StackedCalibrator.BG_NBD_ALONE.apply(forest, noOrder);
        for (int i = 0; i < served.length; i++) {
            assertEquals(noOrder[i], served[i], 1e-9);
        }
    }

    private static double logit(double q) {
        return Math.log(q / (1 - q));
    }
}

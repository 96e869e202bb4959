package io.shoplens.churn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Metrics against values computed by hand. */
class MetricsTest {
    // scores 0.9 0.8 0.7 0.6 0.55 0.4 0.3 0.2 ; labels P P N P N N P N
    static final double[] SCORES = { 0.9, 0.8, 0.7, 0.6, 0.55, 0.4, 0.3, 0.2 };
    static final boolean[] LABELS = { true, true, false, true, false, false, true, false };

    @Test
    void rocAucCountsPairsInTheRightOrder() {
        // positives: 0.9 0.8 0.6 0.3; negatives: 0.7 0.55 0.4 0.2.
        // pairs won: 0.9→4, 0.8→4, 0.6→3 (beats .55 .4 .2), 0.3→1 (beats .2) = 12 of 16
        assertEquals(12.0 / 16, Metrics.rocAuc(SCORES, LABELS), 1e-12);
    }

    @Test
    void tiesCountHalf() {
        assertEquals(0.5, Metrics.rocAuc(new double[] { 0.5, 0.5 }, new boolean[] { true, false }), 1e-12);
        assertEquals(0.75, Metrics.rocAuc(new double[] { 0.5, 0.5, 0.1 }, new boolean[] { true, false, false }),
                1e-12);
    }

    @Test
    void averagePrecisionByHand() {
        // ranks of positives: 1, 2, 4, 7 → precisions 1, 1, 3/4, 4/7 → mean
        double expected = (1 + 1 + 0.75 + 4.0 / 7) / 4;
        assertEquals(expected, Metrics.prAuc(SCORES, LABELS), 1e-12);
    }

    @Test
    void brierIsTheMeanSquaredError() {
        double expected = (0.01 + 0.04 + 0.49 + 0.16 + 0.3025 + 0.16 + 0.49 + 0.04) / 8;
        assertEquals(expected, Metrics.brier(SCORES, LABELS), 1e-12);
    }

    @Test
    void confusionMatrixAtAThreshold() {
        Metrics.ConfusionMatrix cm = Metrics.confusion(SCORES, LABELS, 0.5);
        assertEquals(new Metrics.ConfusionMatrix(3, 2, 2, 1), cm);
        assertEquals(5.0 / 8, cm.accuracy(), 1e-12);
        assertEquals(3.0 / 5, cm.precision(), 1e-12);
        assertEquals(3.0 / 4, cm.recall(), 1e-12);
        assertEquals(2 * 0.6 * 0.75 / 1.35, cm.f1(), 1e-12);
    }

    @Test
    void liftAndReliability() {
        // top 10% of 8 = 1 row (0.9, positive): rate 1 / base 0.5 = 2
        assertEquals(2.0, Metrics.topDecileLift(SCORES, LABELS), 1e-12);
        List<Metrics.ReliabilityBin> bins = Metrics.reliability(SCORES, LABELS, 2);
        assertEquals(2, bins.size());
        assertEquals(3, bins.get(0).customers()); // 0.4 0.3 0.2
        assertEquals(1.0 / 3, bins.get(0).observedRate(), 1e-12);
        assertEquals(3.0 / 5, bins.get(1).observedRate(), 1e-12);
    }

    @Test
    void curvesRunFromCornerToCorner() {
        List<Metrics.CurvePoint> roc = Metrics.rocCurve(SCORES, LABELS, 100);
        assertEquals(new Metrics.CurvePoint(0, 0), roc.get(0));
        assertEquals(new Metrics.CurvePoint(1, 1), roc.get(roc.size() - 1));
        List<Metrics.CurvePoint> pr = Metrics.prCurve(SCORES, LABELS, 100);
        assertEquals(1.0, pr.get(pr.size() - 1).x(), 1e-12);
        assertEquals(0.5, pr.get(pr.size() - 1).y(), 1e-12);
        assertTrue(Double.isNaN(Metrics.rocAuc(new double[] { 1 }, new boolean[] { true })));
    }

    /**
     * A heavily tied score (whole days since the last order, as the recency baseline is) keeps its true curve: the
     * area under the drawn points equals its ROC AUC. It used to come out as the chance diagonal.
     */
    @Test
    void aHeavilyTiedScoreKeepsItsCurveShape() {
        java.util.Random random = new java.util.Random(5);
        int n = 7_700;
        double[] days = new double[n];
        boolean[] churned = new boolean[n];
        for (int i = 0; i < n; i++) {
            churned[i] = random.nextDouble() < 0.32;
            days[i] = Math.floor(churned[i] ? 40 + random.nextDouble() * 400 : random.nextDouble() * 200);
        }
        List<Metrics.CurvePoint> roc = Metrics.rocCurve(days, churned, 60);
        double area = 0;
        for (int i = 1; i < roc.size(); i++) {
            area += (roc.get(i).x() - roc.get(i - 1).x()) * (roc.get(i).y() + roc.get(i - 1).y()) / 2;
        }
        double auc = Metrics.rocAuc(days, churned);
        assertTrue(auc > 0.8, "a score with a real signal: " + auc);
        assertEquals(auc, area, 0.01, "area under the drawn points");
        assertTrue(roc.size() > 10, "more than the two end points: " + roc.size());
        assertTrue(roc.size() <= 62, "about maxPoints: " + roc.size());
    }
}

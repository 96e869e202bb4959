package io.shoplens.churn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Realized outcomes of given probabilities and order dates, against values computed by hand. */
class RealizedTest {
    static final Instant SCORED = Instant.parse("2025-07-01T00:00:00Z");
    static final int H = 90;
    static final long FROM = SCORED.toEpochMilli();
    static final long TO = SCORED.plus(Duration.ofDays(H)).toEpochMilli();
    static final long DAY = 86_400_000L;

    @Test
    void labelsAreNoOrderInTheHorizonFromTheScoringDate() {
        assertTrue(Realized.churned(new long[] { FROM - DAY }, FROM, TO), "only before: churned");
        assertFalse(Realized.churned(new long[] { FROM - DAY, FROM + 10 * DAY }, FROM, TO), "ordered inside");
        assertFalse(Realized.churned(new long[] { FROM }, FROM, TO), "the first day is inside");
        assertTrue(Realized.churned(new long[] { TO }, FROM, TO), "the day after the horizon is outside");
        assertTrue(Realized.churned(new long[0], FROM, TO));
    }

    @Test
    void rocAucBrierAndReliabilityByHand() {
        // Customers A–E: probabilities and orders.
        double[] p = { 0.9, 0.8, 0.3, 0.2, 0.6 };
        long[][] orders = { { FROM - 5 * DAY }, { FROM + 30 * DAY }, { FROM }, { TO }, {} };
        boolean[] churned = new boolean[p.length];
        for (int i = 0; i < p.length; i++) {
            churned[i] = Realized.churned(orders[i], FROM, TO);
        }
        // A churned, B and C ordered, D's order is a day late (churned), E never ordered (churned).
        assertEquals(List.of(true, false, false, true, true), List.of(churned[0], churned[1], churned[2], churned[3],
                churned[4]));
        Realized r = Realized.measure(3, SCORED, H, p, churned, 1, new Realized.Estimate(0.52, 0.25),
                List.of("recency_days"));
        // Churner-stayer pairs ranked right: A(.9) > B(.8) yes, A > C(.3) yes, D(.2) > B no, D > C no, E(.6) > B no,
        // E > C yes: 3 of 6.
        assertEquals(3.0 / 6, r.rocAuc(), 1e-12);
        // (0.9−1)² + 0.8² + 0.3² + (0.2−1)² + (0.6−1)² = 0.01 + 0.64 + 0.09 + 0.64 + 0.16 = 1.54; / 5.
        assertEquals(0.308, r.brier(), 1e-12);
        assertEquals(3.0 / 5, r.baseRate(), 1e-12);
        assertEquals(5, r.customers());
        assertEquals(1, r.notFound());
        assertEquals(LocalDate.parse("2025-07-01"), r.scoredAsOf());
        assertEquals(LocalDate.parse("2025-09-29"), r.labelledUntil());
        // One customer per tenth: 0.2 → [0.2, 0.3) churned, 0.3 → [0.3, 0.4) stayed, …
        assertEquals(5, r.reliability().size());
        assertEquals(new Metrics.ReliabilityBin(0.2, 0.3, 0.2, 1.0, 1), r.reliability().get(0));
        assertEquals(new Metrics.ReliabilityBin(0.3, 0.4, 0.3, 0.0, 1), r.reliability().get(1));
        assertEquals(new Metrics.ReliabilityBin(0.9, 1.0, 0.9, 1.0, 1), r.reliability().get(4));
        // 0.50 realized against 0.52 estimated: within 0.03.
        assertEquals(-0.02, r.rocAucGap(), 1e-12);
        assertEquals(Realized.AS_ESTIMATED, r.verdict());
        assertEquals(0.25, r.estimate().brier());
    }

    @Test
    void aLargerGapIsDriftOrBugNamingTheDriftedFeatures() {
        double[] p = { 0.9, 0.8, 0.3, 0.2, 0.6 };
        boolean[] churned = { true, false, false, true, true };
        Realized r = Realized.measure(3, SCORED, H, p, churned, 0, new Realized.Estimate(0.54, 0.2),
                List.of("recency_days", "frequency"));
        assertEquals(-0.04, r.rocAucGap(), 1e-12);
        assertEquals(Realized.DRIFT_OR_BUG, r.verdict());
        assertEquals(List.of("recency_days", "frequency"), r.driftedFeatures());
    }

    @Test
    void oneClassOnlyHasNoRocAuc() {
        Realized r = Realized.measure(3, SCORED, H, new double[] { 0.7, 0.4 }, new boolean[] { true, true }, 0,
                new Realized.Estimate(0.8, 0.2), List.of());
        assertNull(r.rocAuc());
        assertEquals(Realized.NOT_MEASURABLE, r.verdict());
        // (0.7−1)² + (0.4−1)² = 0.09 + 0.36; / 2.
        assertEquals(0.225, r.brier(), 1e-12);
    }

    @Test
    void dueOnceTheDataReachesHDaysPastTheScoringDate() {
        assertFalse(Realized.due(SCORED, H, SCORED));
        assertFalse(Realized.due(SCORED, H, Instant.ofEpochMilli(TO - 1)));
        assertTrue(Realized.due(SCORED, H, Instant.ofEpochMilli(TO)), "the data's end is exclusive");
    }

    @Test
    void theRetrainingAfterNewOrdersNeedsTheShare() {
        assertFalse(ChurnService.grewEnough(1000L, 1099, 0.1));
        assertTrue(ChurnService.grewEnough(1000L, 1100, 0.1), "a tenth more");
        assertFalse(ChurnService.grewEnough(1000L, 5000, 0), "0 turns it off");
        assertFalse(ChurnService.grewEnough(null, 5000, 0.1), "a card from before it was recorded");
    }

    @Test
    void theEstimateIsOfWhatWasServed() {
        Metrics.ClassifierMetrics metrics = new Metrics.ClassifierMetrics(0.81, 0.7, 0.15, 0, 0, 0, 0, null, 0);
        ModelCard.Calibration calibration = new ModelCard.Calibration("stacked", 100, 0.15, 0.12, 0.14, List.of(),
                null, 0.12, 0.83);
        ModelCard card = new ModelCard(1, 1, ModelCard.SERVING, null, 0, null, null, H, null, 0, 0, 0, 0, metrics,
                null, null, List.of(), null, null, 0, null, 0, null, true, calibration, Calibrator.none(), null,
                SCORED, 10L, List.of());
        assertEquals(new Realized.Estimate(0.83, 0.12), Realized.Estimate.of(card));
    }
}

package io.shoplens.churn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The population stability index against computations written out by hand. */
class DriftTest {

    @Test
    void tenDistinctValuesGetTenDecileBinsOfATenthEach() {
        Drift.FeatureBins bins = Drift.bins("recency_days", new double[] { 10, 9, 8, 7, 6, 5, 4, 3, 2, 1 });
        // Edges at the values of rank ⌈k·10/10⌉ = k: 1 … 9; bins ≤1, (1,2], …, (8,9], >9.
        assertEquals(List.of(1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0), bins.edges());
        bins.shares().forEach(share -> assertEquals(0.1, share, 1e-12));
        assertEquals(0.0, Drift.psi(bins, new double[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 }), 1e-12, "same: no drift");
    }

    @Test
    void psiByHandWithEmptyBinsAtEpsilon() {
        Drift.FeatureBins bins = Drift.bins("frequency", new double[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 });
        // Now: five in ≤1, one each in (1,2], (2,3], (3,4], (4,5], none in (5,6] … (8,9], one above 9.
        double[] now = { 1, 1, 1, 1, 1, 2, 3, 4, 5, 10 };
        double byHand = (0.5 - 0.1) * Math.log(0.5 / 0.1) // the first bin
                + 4 * (0.1 - 0.1) * Math.log(0.1 / 0.1) // (1,2] … (4,5]: unchanged
                + 4 * (0.0001 - 0.1) * Math.log(0.0001 / 0.1) // (5,6] … (8,9]: empty now, counted as ε = 0.0001
                + (0.1 - 0.1) * Math.log(0.1 / 0.1); // above 9
        assertEquals(3.404114, byHand, 1e-6);
        assertEquals(byHand, Drift.psi(bins, now), 1e-12);
    }

    @Test
    void anIndicatorGetsMergedBinsAndIsFlaggedAboveTwoTenths() {
        // 80 % zeros: the deciles 1–8 are all 0 and merge, the ninth is 1; a last bin above 1 stays empty.
        Drift.FeatureBins bins = Drift.bins("country=France", new double[] { 0, 0, 0, 0, 0, 0, 0, 0, 1, 1 });
        assertEquals(List.of(0.0, 1.0), bins.edges());
        assertEquals(List.of(0.8, 0.2, 0.0), bins.shares());
        double byHand = (0.5 - 0.8) * Math.log(0.5 / 0.8) + (0.5 - 0.2) * Math.log(0.5 / 0.2);
        assertEquals(0.415888, byHand, 1e-6);
        double[][] now = { { 0 }, { 0 }, { 0 }, { 0 }, { 0 }, { 1 }, { 1 }, { 1 }, { 1 }, { 1 } };
        List<Drift.FeatureDrift> drift = Drift.of(List.of(bins), List.of("country=France"), now);
        assertEquals(byHand, drift.get(0).psi(), 1e-12);
        assertTrue(drift.get(0).flagged());
        assertEquals(List.of("country=France"), Drift.flagged(drift));
    }

    @Test
    void aSmallShiftIsNotFlagged() {
        Drift.FeatureBins bins = Drift.bins("x", new double[] { 0, 0, 0, 0, 0, 0, 0, 0, 1, 1 });
        double[][] now = { { 0 }, { 0 }, { 0 }, { 0 }, { 0 }, { 0 }, { 0 }, { 1 }, { 1 }, { 1 } };
        double byHand = (0.7 - 0.8) * Math.log(0.7 / 0.8) + (0.3 - 0.2) * Math.log(0.3 / 0.2);
        Drift.FeatureDrift drift = Drift.of(List.of(bins), List.of("x"), now).get(0);
        assertEquals(byHand, drift.psi(), 1e-12);
        assertFalse(drift.flagged(), "PSI " + drift.psi() + " is under 0.2");
    }

    @Test
    void referenceBinsForEveryColumn() {
        double[][] rows = { { 1, 0 }, { 2, 1 } };
        List<Drift.FeatureBins> bins = Drift.reference(List.of("a", "b"), rows);
        assertEquals(List.of("a", "b"), bins.stream().map(Drift.FeatureBins::feature).toList());
        // Two rows: ranks ⌈k·2/10⌉ = 1 for k ≤ 5, 2 above: edges 1 and 2 for a, 0 and 1 for b.
        assertEquals(List.of(1.0, 2.0), bins.get(0).edges());
        assertEquals(List.of(0.5, 0.5, 0.0), bins.get(1).shares());
    }
}

package io.shoplens.churn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.shoplens.frame.CustomerBehaviour;
import io.shoplens.store.CustomerTruth;

/** The history ceiling and the oracle against a plain recomputation. */
class HistoryCeilingTest {
    static final Instant CUTOFF = Instant.parse("2025-04-01T00:00:00Z");

    @Test
    void bayesPosteriorOfStillBeingAlive() {
        // λ = 0.05 a day, p = 0.3, silent for 20 days, H = 90:
        // P(alive) = 0.7·e^−1 / (0.7·e^−1 + 0.3); P(no order in H) = 1 − P(alive)·(1 − e^−4.5).
        double silent = 0.7 * Math.exp(-1);
        double alive = silent / (silent + 0.3);
        double expected = 1 - alive * (1 - Math.exp(-4.5));
        Snapshot snapshot = snapshot(customer("a", 20), customer("b", 20));
        Map<String, CustomerTruth> truth = Map.of("a", truth("a", 0.05, 0.3, null),
                "b", truth("b", 0.05, 0.0, null));
        double[] ceiling = ChurnEvaluation.historyCeiling(snapshot, 90, truth);
        assertEquals(0.5432, expected, 1e-4);
        assertEquals(expected, ceiling[0], 1e-12);
        assertEquals(Math.exp(-4.5), ceiling[1], 1e-12, "one who never drops out is alive for sure");
    }

    @Test
    void theOracleKnowsWhoHasDroppedOut() {
        Snapshot snapshot = snapshot(customer("gone", 20), customer("alive", 20));
        Map<String, CustomerTruth> truth = Map.of("gone", truth("gone", 0.05, 0.3, CUTOFF.minusSeconds(86_400 * 20)),
                "alive", truth("alive", 0.05, 0.3, null));
        double[] oracle = ChurnEvaluation.oracle(snapshot, 90, truth);
        assertEquals(1.0, oracle[0], 1e-12);
        assertEquals(Math.exp(-4.5), oracle[1], 1e-12);
    }

    static CustomerBehaviour customer(String id, int daysSilent) {
        Instant last = CUTOFF.minusSeconds(86_400L * daysSilent);
        return new CustomerBehaviour(id, "France", 3, BigDecimal.TEN, BigDecimal.ZERO, 0, 3,
                last.minusSeconds(86_400L * 100), last, 100, 5000, 0, 1, 2);
    }

    static Snapshot snapshot(CustomerBehaviour... customers) {
        return new Snapshot(CUTOFF, List.of(customers), new double[customers.length][1], new boolean[customers.length]);
    }

    static CustomerTruth truth(String id, double rate, double dropout, Instant droppedOut) {
        CustomerTruth t = new CustomerTruth();
        t.id = id;
        t.purchaseRatePerDay = rate;
        t.dropoutProbability = dropout;
        t.dropoutDate = droppedOut;
        return t;
    }
}

package io.shoplens.kpi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;

import org.junit.jupiter.api.Test;

import io.shoplens.common.BusyException;
import io.shoplens.frame.OrderFrame;
import io.shoplens.simulate.SimulationSettings;
import io.shoplens.testing.SimulatedShop;

/** New filters beyond the configured number of concurrent computations wait, then are refused as busy. */
class KpiBusyTest {
    @Test
    void aNewFilterWaitsForASlotThenIsRefusedAsBusy() throws InterruptedException {
        OrderFrame frame = SimulatedShop.of(new SimulationSettings(null, 50, 5, 500, 1, 200, LocalDate.of(2025, 6, 30),
                SimulationSettings.DEFAULT_MIX)).frame(1, Instant.parse("2025-07-01T00:00:00Z"));
        KpiService kpis = new KpiService();
        kpis.config = new KpiConfig() {
            public int cacheSize() {
                return 4;
            }

            public int concurrentComputations() {
                return 1;
            }

            public Duration queueWait() {
                return Duration.ofMillis(100);
            }
        };
        kpis.init();
        kpis.computing.acquire(); // the one slot is taken by another computation
        long started = System.nanoTime();
        BusyException busy = assertThrows(BusyException.class, () -> kpis.computeBounded(frame, KpiFilter.ALL));
        assertEquals("Many new KPI filters are being computed right now; try again in a moment.", busy.getMessage());
        assertEquals(true, System.nanoTime() - started >= Duration.ofMillis(100).toNanos(), "it waited first");
        kpis.computing.release();
        assertEquals(frame.orderCount(), kpis.computeBounded(frame, KpiFilter.ALL).orders());
        assertEquals(1, kpis.computing.availablePermits(), "the slot is given back");
    }
}

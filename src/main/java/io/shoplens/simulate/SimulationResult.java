package io.shoplens.simulate;

import java.time.Instant;

/** What a simulation produced; {@code orders} is the actual count, near the target. */
public record SimulationResult(long customers, long products, long orders, double rateScale, Instant firstOrder,
        Instant lastOrder) {
}

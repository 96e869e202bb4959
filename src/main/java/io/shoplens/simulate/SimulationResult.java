package io.shoplens.simulate;

import java.time.Instant;

/** What a simulation produced; {@code orders} is the actual count of sales, near the target, beside the returns. */
public record SimulationResult(long customers, long products, long orders, long returns, double rateScale,
        Instant firstOrder, Instant lastOrder) {
}

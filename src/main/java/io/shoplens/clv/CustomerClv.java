package io.shoplens.clv;

import java.math.BigDecimal;

/**
 * One customer's lifetime-value figures as of the end of the data. Orders are counted as order days (days with at
 * least one order), as the models count them.
 *
 * @param pAlive probability that the customer has not dropped out (1 for a customer without a repeat order day)
 * @param expectedOrders90d expected order days in the next 90 days
 * @param expectedOrders365d expected order days in the next 365 days
 * @param expectedOrderValue expected net spend of one future order day (Gamma-Gamma)
 * @param clv12m expected net spend over the next 12 months, discounted monthly
 */
public record CustomerClv(double pAlive, double expectedOrders90d, double expectedOrders365d,
        BigDecimal expectedOrderValue, BigDecimal clv12m) {
}

package io.shoplens.frame;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One customer's order history summed up as of a cutoff: only orders before it count. Gaps are the days between
 * consecutive orders, kept as a sum and a sum of squares so that mean and spread need no per-order data.
 *
 * @param orders sales orders before the cutoff (returns are not orders)
 * @param revenue sales before the cutoff minus the returns before it (net; negative when more came back)
 * @param country the country of the customer's last order before the cutoff
 * @param distinctProducts different products in those orders
 */
public record CustomerBehaviour(String customerId, String country, long orders, BigDecimal revenue,
        BigDecimal discount, long promoOrders, long items, Instant firstOrder, Instant lastOrder, double gapSum,
        double gapSquareSum, long ordersLast30Days, long ordersLast90Days, int distinctProducts) {

    public BigDecimal averageBasket() {
        return orders == 0 ? BigDecimal.ZERO
                : revenue.divide(BigDecimal.valueOf(orders), 2, java.math.RoundingMode.HALF_UP);
    }

    public double promoShare() {
        return orders == 0 ? 0 : (double) promoOrders / orders;
    }

    /** Mean days between consecutive orders; NaN with fewer than two orders. */
    public double meanGapDays() {
        return orders < 2 ? Double.NaN : gapSum / (orders - 1);
    }

    /** Population standard deviation of the days between orders; NaN with fewer than two orders. */
    public double gapSpreadDays() {
        if (orders < 2) {
            return Double.NaN;
        }
        double mean = meanGapDays();
        return Math.sqrt(Math.max(0, gapSquareSum / (orders - 1) - mean * mean));
    }

    public double recencyDays(Instant asOf) {
        return (asOf.toEpochMilli() - lastOrder.toEpochMilli()) / 86_400_000.0;
    }

    public double tenureDays(Instant asOf) {
        return (asOf.toEpochMilli() - firstOrder.toEpochMilli()) / 86_400_000.0;
    }
}

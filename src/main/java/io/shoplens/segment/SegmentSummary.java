package io.shoplens.segment;

import java.math.BigDecimal;
import java.util.List;

/**
 * Segment sizes and behaviour for one dataset version.
 *
 * @param personas one row per persona, plus one for customers without orders
 * @param rfmGrid customers per (recency score - 1, frequency score - 1)
 * @param agreement rule-based persona against the simulator's truth; null for imported data
 */
public record SegmentSummary(long datasetVersion, long customers, List<Group> personas, List<Group> rfm,
        long[][] rfmGrid, Agreement agreement, Thresholds thresholds) {

    /**
     * @param revenueShare share of all revenue
     * @param promoShare share of the group's orders with a promo code
     * @param ordersPerYear mean purchase rate of the group's customers
     */
    public record Group(String name, String rule, long customers, double customerShare, BigDecimal revenue,
            double revenueShare, BigDecimal averageBasket, double promoShare, double ordersPerCustomer,
            double ordersPerYear) {
    }

    /** Rows: the rule's persona; columns: the true persona, both in {@code labels} order. */
    public record Agreement(double rate, long customers, List<String> labels, List<List<Long>> matrix) {
    }

    /** The data-relative thresholds the rules used, for the page to show. */
    public record Thresholds(double promoShare, double medianBasket, double vipBasket, double medianRate,
            double vipRate, double regularRate, int minRateWindowDays) {
    }
}

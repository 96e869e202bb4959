package io.shoplens.kpi;

import java.math.BigDecimal;
import java.util.List;

/**
 * Every KPI for one filter over one dataset version. Money is exact to the cent; rates are fractions (0.25 = 25%).
 * Sales and returns are each filtered by their own date and country: a return counts in the month it was made.
 *
 * @param revenue net revenue: {@code grossRevenue - returns}
 * @param grossRevenue the sales orders' totals (after their discounts), fees and adjustments included
 * @param returns what was given back (positive): the returned lines' amounts
 * @param returnRate returns / grossRevenue
 * @param returnCount return (cancellation) invoices
 * @param orders sales orders; return invoices are not orders
 * @param customers distinct customers who ordered in the filtered period
 * @param averageBasket net revenue / orders, rounded to the cent
 * @param fees fee and adjustment lines (postage, bank charges, manual discounts, …), net, largest first; they are in
 *     revenue and out of the product and category rankings
 * @param promoUsageRate share of orders with a promo code
 * @param promoRevenueShare share of revenue from orders with a promo code
 * @param averageDiscount discount per promo order
 * @param discountRate discounts / gross sales (before discounts)
 * @param repeatPurchaseRate share of ordering customers with two orders or more in the period
 */
public record KpiReport(long datasetVersion, KpiFilter filter, BigDecimal revenue, BigDecimal grossRevenue,
        BigDecimal returns, double returnRate, long returnCount, long orders, long customers,
        BigDecimal averageBasket, double itemsPerOrder, double promoUsageRate, double promoRevenueShare,
        BigDecimal averageDiscount, BigDecimal totalDiscount, double discountRate, double repeatPurchaseRate,
        double ordersPerCustomer, List<CountryRevenue> revenueByCountry, List<MonthlyKpi> monthly,
        List<ProductSales> topProducts, List<ProductSales> topProductsByUnits, List<CategorySales> topCategories,
        List<PromoCodeUsage> promoCodes, List<Cohort> cohorts, List<Fee> fees, List<String> countries) {

    public boolean empty() {
        return orders == 0;
    }

    /** @param revenue net; {@code share} is of the net revenue */
    /**
     * The 24 hours up to the data's latest sale (the shop's clock): sales orders in (to − 24 h, to], their net
     * revenue (less the returns in that window), and the customers who ordered.
     */
    public record Recent(java.time.Instant from, java.time.Instant to, long orders, BigDecimal revenue,
            long customers) {
    }

    public record CountryRevenue(String country, BigDecimal revenue, long orders, double share, BigDecimal returns) {
        /** The row of orders that name no country (an import without the column, an appended order without it). */
        public static final String NO_COUNTRY = "(no country)";
    }

    /**
     * @param month YYYY-MM
     * @param newCustomers customers whose first order ever falls in this month
     * @param returningCustomers customers ordering this month who had ordered before
     * @param revenue net: {@code grossRevenue - returns}
     */
    public record MonthlyKpi(String month, BigDecimal revenue, long orders, BigDecimal averageBasket,
            long newCustomers, long returningCustomers, long promoOrders, double promoUsageRate,
            BigDecimal discount, BigDecimal grossRevenue, BigDecimal returns) {
    }

    /**
     * @param revenue net: sold minus returned line amounts
     * @param units net: units sold minus units returned
     * @param orders sales orders with the product
     */
    public record ProductSales(String productId, String name, String category, BigDecimal revenue, long units,
            long orders, long returnedUnits, BigDecimal returned) {
    }

    /** Net revenue and units, as for products; fees and adjustments are left out. */
    public record CategorySales(String category, BigDecimal revenue, long units, long returnedUnits) {
    }

    /** A fee or adjustment: its lines' net amount (charged minus refunded) and how many lines carried it. */
    public record Fee(String productId, String name, BigDecimal amount, long lines) {
    }

    public record PromoCodeUsage(String code, long orders, BigDecimal revenue, BigDecimal discount) {
    }

    /**
     * Customers acquired (first order) in {@code month}, and the share of them ordering again 1, 2, … months later.
     *
     * @param retention index k holds the share active in month + k (index 0 is 1.0 by definition)
     */
    public record Cohort(String month, long customers, List<Double> retention) {
    }
}

package io.shoplens.kpi;

import java.math.BigDecimal;
import java.util.List;

/**
 * Every KPI for one filter over one dataset version. Money is exact to the cent; rates are fractions (0.25 = 25%).
 *
 * @param customers distinct customers who ordered in the filtered period
 * @param averageBasket revenue / orders, rounded to the cent
 * @param promoUsageRate share of orders with a promo code
 * @param promoRevenueShare share of revenue from orders with a promo code
 * @param averageDiscount discount per promo order
 * @param discountRate discounts / gross sales (before discounts)
 * @param repeatPurchaseRate share of ordering customers with two orders or more in the period
 */
public record KpiReport(long datasetVersion, KpiFilter filter, BigDecimal revenue, long orders, long customers,
        BigDecimal averageBasket, double itemsPerOrder, double promoUsageRate, double promoRevenueShare,
        BigDecimal averageDiscount, BigDecimal totalDiscount, double discountRate, double repeatPurchaseRate,
        double ordersPerCustomer, List<CountryRevenue> revenueByCountry, List<MonthlyKpi> monthly,
        List<ProductSales> topProducts, List<ProductSales> topProductsByUnits, List<CategorySales> topCategories,
        List<PromoCodeUsage> promoCodes, List<Cohort> cohorts, List<String> countries) {

    public boolean empty() {
        return orders == 0;
    }

    public record CountryRevenue(String country, BigDecimal revenue, long orders, double share) {
    }

    /**
     * @param month YYYY-MM
     * @param newCustomers customers whose first order ever falls in this month
     * @param returningCustomers customers ordering this month who had ordered before
     */
    public record MonthlyKpi(String month, BigDecimal revenue, long orders, BigDecimal averageBasket,
            long newCustomers, long returningCustomers, long promoOrders, double promoUsageRate,
            BigDecimal discount) {
    }

    public record ProductSales(String productId, String name, String category, BigDecimal revenue, long units,
            long orders) {
    }

    public record CategorySales(String category, BigDecimal revenue, long units) {
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

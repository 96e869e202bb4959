package io.shoplens.kpi;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.shoplens.frame.Frames;
import io.shoplens.frame.OrderFrame;
import io.shoplens.kpi.KpiReport.CategorySales;
import io.shoplens.kpi.KpiReport.Cohort;
import io.shoplens.kpi.KpiReport.CountryRevenue;
import io.shoplens.kpi.KpiReport.MonthlyKpi;
import io.shoplens.kpi.KpiReport.ProductSales;
import io.shoplens.kpi.KpiReport.PromoCodeUsage;

/**
 * Computes the KPIs for any filter from the analysis frame: the filter's date range is one contiguous run of orders,
 * summed in cents in one pass over it (and its lines), plus one pass over the filter's country for the customers'
 * first orders. Milliseconds even at millions of orders, so nothing is cached here.
 */
@ApplicationScoped
public class KpiService {
    static final int TOP = 10;

    @Inject
    Frames frames;

    /** The KPIs of the serving frame; throws while none serves (the pages answer 503 and say why). */
    public KpiReport report(KpiFilter filter) {
        return compute(frames.require(), filter);
    }

    static KpiReport compute(OrderFrame f, KpiFilter filter) {
        int country = OrderFrame.NONE;
        boolean noSuchCountry = false;
        if (filter.country() != null) {
            OptionalInt code = f.countryCode(filter.country());
            noSuchCountry = code.isEmpty();
            country = code.orElse(OrderFrame.NONE);
        }
        int from = filter.from() == null ? 0 : f.lowerBound(startOf(filter.from()));
        int to = filter.to() == null ? f.orderCount() : f.lowerBound(startOf(filter.to().plusDays(1)));
        if (noSuchCountry || to < from) {
            to = from;
        }
        long fromMillis = filter.from() == null ? Long.MIN_VALUE : startOf(filter.from());

        // Each customer's first order ever within the country filter: whether they are new in a month, their cohort.
        int[] firstMonth = new int[f.customerCount()];
        long[] firstDate = new long[f.customerCount()];
        java.util.Arrays.fill(firstMonth, -1);
        for (int o = 0; o < f.orderCount(); o++) {
            int c = f.customer(o);
            if (firstMonth[c] < 0 && (country == OrderFrame.NONE || f.countryOf(o) == country)) {
                firstMonth[c] = f.month(o);
                firstDate[c] = f.date(o);
            }
        }

        int months = f.monthCount();
        long orders = 0;
        long revenue = 0;
        long discount = 0;
        long items = 0;
        long promoOrders = 0;
        long promoRevenue = 0;
        long[] countryRevenue = new long[f.countryCount() + 1];
        long[] countryOrders = new long[f.countryCount() + 1];
        long[] monthRevenue = new long[months];
        long[] monthOrders = new long[months];
        long[] monthPromo = new long[months];
        long[] monthDiscount = new long[months];
        long[] monthActive = new long[months];
        long[] monthNew = new long[months];
        long[] productRevenue = new long[f.productCount()];
        long[] productUnits = new long[f.productCount()];
        long[] productOrders = new long[f.productCount()];
        int[] productSeenIn = new int[f.productCount()];
        java.util.Arrays.fill(productSeenIn, -1);
        long[] codeOrders = new long[f.promoCodeCount()];
        long[] codeRevenue = new long[f.promoCodeCount()];
        long[] codeDiscount = new long[f.promoCodeCount()];
        int[] ordersInView = new int[f.customerCount()];
        int[] lastMonthSeen = new int[f.customerCount()];
        java.util.Arrays.fill(lastMonthSeen, -1);
        long[][] cohortActivity = new long[months][];
        for (int o = from; o < to; o++) {
            if (country != OrderFrame.NONE && f.countryOf(o) != country) {
                continue;
            }
            long total = f.totalCents(o);
            int m = f.month(o);
            int promo = f.promoOf(o);
            orders++;
            revenue += total;
            discount += f.discountCents(o);
            items += f.items(o);
            int countryCode = f.countryOf(o) + 1;
            countryRevenue[countryCode] += total;
            countryOrders[countryCode]++;
            monthRevenue[m] += total;
            monthOrders[m]++;
            monthDiscount[m] += f.discountCents(o);
            if (promo != OrderFrame.NONE) {
                promoOrders++;
                promoRevenue += total;
                monthPromo[m]++;
                codeOrders[promo]++;
                codeRevenue[promo] += total;
                codeDiscount[promo] += f.discountCents(o);
            }
            for (int l = f.firstLine(o); l < f.endLine(o); l++) {
                int p = f.lineProduct(l);
                productRevenue[p] += f.lineUnitPriceCents(l) * f.lineQuantity(l);
                productUnits[p] += f.lineQuantity(l);
                if (productSeenIn[p] != o) {
                    productSeenIn[p] = o;
                    productOrders[p]++;
                }
            }
            int c = f.customer(o);
            ordersInView[c]++;
            // Orders come in date order, so a customer's months arrive in order too: a new month is a new one.
            if (lastMonthSeen[c] != m) {
                lastMonthSeen[c] = m;
                monthActive[m]++;
                monthNew[m] += firstMonth[c] == m ? 1 : 0;
                if (firstDate[c] >= fromMillis) {
                    long[] row = cohortActivity[firstMonth[c]];
                    if (row == null) {
                        row = cohortActivity[firstMonth[c]] = new long[months];
                    }
                    row[m]++;
                }
            }
        }
        long customers = 0;
        long repeaters = 0;
        for (int n : ordersInView) {
            customers += n > 0 ? 1 : 0;
            repeaters += n > 1 ? 1 : 0;
        }

        BigDecimal revenueAmount = OrderFrame.money(revenue);
        List<CountryRevenue> byCountry = new ArrayList<>();
        for (int k = 0; k < countryRevenue.length; k++) {
            if (countryOrders[k] > 0) {
                BigDecimal amount = OrderFrame.money(countryRevenue[k]);
                byCountry.add(new CountryRevenue(k == 0 ? "null" : f.country(k - 1), amount, countryOrders[k],
                        ratio(amount, revenueAmount)));
            }
        }
        byCountry.sort(Comparator.comparing(CountryRevenue::revenue).reversed()
                .thenComparing(CountryRevenue::country));

        List<MonthlyKpi> monthly = new ArrayList<>();
        for (int m = 0; m < months; m++) {
            if (monthOrders[m] > 0) {
                BigDecimal amount = OrderFrame.money(monthRevenue[m]);
                monthly.add(new MonthlyKpi(f.yearMonth(m).toString(), amount, monthOrders[m],
                        divide(amount, monthOrders[m]), monthNew[m], monthActive[m] - monthNew[m], monthPromo[m],
                        ratio(monthPromo[m], monthOrders[m]), OrderFrame.money(monthDiscount[m])));
            }
        }

        List<ProductSales> products = new ArrayList<>();
        long[] categoryRevenue = new long[f.categoryCount()];
        long[] categoryUnits = new long[f.categoryCount()];
        boolean[] categorySold = new boolean[f.categoryCount()];
        for (int p = 0; p < f.productCount(); p++) {
            if (productOrders[p] > 0) {
                products.add(new ProductSales(f.productId(p), f.productName(p), f.productCategory(p),
                        OrderFrame.money(productRevenue[p]), productUnits[p], productOrders[p]));
                int k = f.productCategoryCode(p);
                categoryRevenue[k] += productRevenue[p];
                categoryUnits[k] += productUnits[p];
                categorySold[k] = true;
            }
        }
        List<CategorySales> categories = new ArrayList<>();
        for (int k = 0; k < categoryRevenue.length; k++) {
            if (categorySold[k]) {
                categories.add(new CategorySales(f.category(k), OrderFrame.money(categoryRevenue[k]),
                        categoryUnits[k]));
            }
        }

        List<PromoCodeUsage> codes = new ArrayList<>();
        for (int k = 0; k < codeOrders.length; k++) {
            if (codeOrders[k] > 0) {
                codes.add(new PromoCodeUsage(f.promoCode(k), codeOrders[k], OrderFrame.money(codeRevenue[k]),
                        OrderFrame.money(codeDiscount[k])));
            }
        }
        codes.sort(Comparator.comparingLong(PromoCodeUsage::orders).reversed().thenComparing(PromoCodeUsage::code));

        Map<String, Map<String, Long>> cohortMaps = new TreeMap<>();
        for (int start = 0; start < months; start++) {
            if (cohortActivity[start] != null) {
                Map<String, Long> row = new TreeMap<>();
                for (int m = 0; m < months; m++) {
                    if (cohortActivity[start][m] > 0) {
                        row.put(f.yearMonth(m).toString(), cohortActivity[start][m]);
                    }
                }
                cohortMaps.put(f.yearMonth(start).toString(), row);
            }
        }

        BigDecimal discountAmount = OrderFrame.money(discount);
        BigDecimal gross = revenueAmount.add(discountAmount);
        return new KpiReport(f.version(), filter, revenueAmount, orders, customers, divide(revenueAmount, orders),
                orders == 0 ? 0 : (double) items / orders, ratio(promoOrders, orders),
                ratio(OrderFrame.money(promoRevenue), revenueAmount), divide(discountAmount, promoOrders),
                discountAmount, ratio(discountAmount, gross), ratio(repeaters, customers),
                customers == 0 ? 0 : (double) orders / customers, byCountry, monthly,
                top(products, Comparator.comparing(ProductSales::revenue).reversed()),
                top(products, Comparator.comparingLong(ProductSales::units).reversed()),
                categories.stream().sorted(Comparator.comparing(CategorySales::revenue).reversed()
                        .thenComparing(CategorySales::category)).limit(TOP).toList(),
                codes, cohorts(cohortMaps), f.countries());
    }

    private static long startOf(LocalDate day) {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    }

    /** Retention triangle rows from, per cohort month, the customers active in each month. */
    static List<Cohort> cohorts(Map<String, Map<String, Long>> byCohort) {
        List<Cohort> cohorts = new ArrayList<>();
        String lastMonth = byCohort.values().stream().flatMap(m -> m.keySet().stream()).max(String::compareTo)
                .orElse(null);
        for (Map.Entry<String, Map<String, Long>> entry : byCohort.entrySet()) {
            YearMonth cohortMonth = YearMonth.parse(entry.getKey());
            Long size = entry.getValue().get(entry.getKey());
            if (size == null || size == 0) {
                continue;
            }
            YearMonth last = YearMonth.parse(lastMonth);
            int span = (int) (last.getMonthValue() + 12L * last.getYear() - cohortMonth.getMonthValue()
                    - 12L * cohortMonth.getYear());
            List<Double> retention = new ArrayList<>(span + 1);
            for (int k = 0; k <= span; k++) {
                long active = entry.getValue().getOrDefault(cohortMonth.plusMonths(k).toString(), 0L);
                retention.add((double) active / size);
            }
            cohorts.add(new Cohort(entry.getKey(), size, retention));
        }
        return cohorts;
    }

    private static List<ProductSales> top(List<ProductSales> products, Comparator<ProductSales> order) {
        return products.stream().sorted(order.thenComparing(ProductSales::productId)).limit(TOP).toList();
    }

    static BigDecimal divide(BigDecimal amount, long count) {
        return count == 0 ? BigDecimal.ZERO.setScale(2)
                : amount.divide(BigDecimal.valueOf(count), 2, RoundingMode.HALF_UP);
    }

    static double ratio(long part, long whole) {
        return whole == 0 ? 0 : (double) part / whole;
    }

    static double ratio(BigDecimal part, BigDecimal whole) {
        return whole.signum() == 0 ? 0 : part.doubleValue() / whole.doubleValue();
    }
}

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

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.shoplens.common.BusyException;
import io.shoplens.common.VersionedCache;

import io.shoplens.frame.Frames;
import io.shoplens.frame.OrderFrame;
import io.shoplens.frame.Returns;
import io.shoplens.kpi.KpiReport.CategorySales;
import io.shoplens.kpi.KpiReport.Cohort;
import io.shoplens.kpi.KpiReport.CountryRevenue;
import io.shoplens.kpi.KpiReport.MonthlyKpi;
import io.shoplens.kpi.KpiReport.ProductSales;
import io.shoplens.kpi.KpiReport.PromoCodeUsage;

/**
 * Computes the KPIs for any filter from the analysis frame: the orders in view (a date range's run of the date-sorted
 * orders, or of one country's list) summed in cents. Tens of milliseconds at two million orders; the reports are
 * still kept per frame version and filter, since sixteen visitors asking for the same filter at once otherwise each
 * compute it (19 requests/s for the unfiltered KPIs at large under wrk), and at most as many new filters are
 * computed at once as there are cores, so that a burst of them cannot starve the other pages.
 */
@ApplicationScoped
public class KpiService {
    static final int TOP = 10;

    @Inject
    Frames frames;
    @Inject
    KpiConfig config;

    private VersionedCache<KpiFilter, KpiReport> reports;
    Semaphore computing;

    @PostConstruct
    void init() {
        reports = new VersionedCache<>(config.cacheSize());
        computing = new Semaphore(Math.max(1, config.concurrentComputations()));
    }

    /** The KPIs of the serving frame; throws while none serves (the pages answer 503 and say why). */
    public KpiReport report(KpiFilter filter) {
        return report(frames.require(), filter);
    }

    /** The KPIs of {@code frame}, cached by its stamp: an append makes a new frame of the same dataset version. */
    public KpiReport report(OrderFrame frame, KpiFilter filter) {
        return reports.get(frame.stamp(), filter, () -> computeBounded(frame, filter));
    }

    /** The last 24 hours of the data (see {@link KpiReport.Recent}); null for a frame without sales. */
    public KpiReport.Recent recent(OrderFrame frame) {
        if (frame.orderCount() == 0) {
            return null;
        }
        long to = frame.date(frame.orderCount() - 1);
        long from = to - java.time.Duration.ofDays(1).toMillis();
        long cents = 0;
        java.util.BitSet customers = new java.util.BitSet(frame.customerCount());
        int first = frame.lowerBound(from + 1);
        for (int o = first; o < frame.orderCount(); o++) {
            cents += frame.totalCents(o);
            customers.set(frame.customer(o));
        }
        io.shoplens.frame.Returns returns = frame.returns();
        for (int r = returns.lowerBound(from + 1); r < returns.count() && returns.date(r) <= to; r++) {
            cents -= returns.amountCents(r);
        }
        return new KpiReport.Recent(java.time.Instant.ofEpochMilli(from), java.time.Instant.ofEpochMilli(to),
                frame.orderCount() - first, OrderFrame.money(cents), customers.cardinality());
    }

    KpiReport computeBounded(OrderFrame frame, KpiFilter filter) {
        boolean acquired;
        try {
            acquired = computing.tryAcquire(config.queueWait().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            acquired = false;
        }
        if (!acquired) {
            throw new BusyException("Many new KPI filters are being computed right now; try again in a moment.");
        }
        try {
            return compute(frame, filter);
        } finally {
            computing.release();
        }
    }

    static KpiReport compute(OrderFrame f, KpiFilter filter) {
        return compute(f, filter, PARALLEL_FROM);
    }

    /** @param parallelFrom the size from which the second half is summed on another thread (tests use 1) */
    static KpiReport compute(OrderFrame f, KpiFilter filter, int parallelFrom) {
        int country = OrderFrame.NONE;
        boolean noSuchCountry = false;
        if (filter.country() != null) {
            OptionalInt code = f.countryCode(filter.country());
            noSuchCountry = code.isEmpty();
            country = code.orElse(OrderFrame.NONE);
        }
        long fromMillis = filter.from() == null ? Long.MIN_VALUE : startOf(filter.from());
        long toMillis = filter.to() == null ? Long.MAX_VALUE : startOf(filter.to().plusDays(1));
        // The orders in view: a run of the date-sorted orders, or of one country's date-sorted list.
        Selection selection;
        if (country == OrderFrame.NONE) {
            selection = Selection.range(f.lowerBound(fromMillis), f.lowerBound(toMillis));
        } else {
            selection = new Selection(f, country, f.countryLowerBound(country, fromMillis),
                    f.countryLowerBound(country, toMillis));
        }
        if (noSuchCountry || selection.hi < selection.lo) {
            selection = Selection.range(0, 0);
        }

        // Each customer's first order ever within the country filter: whether they are new in a month, their cohort.
        // Each customer's orders are in date order: the first one in the country is usually their very first.
        int[] firstMonth = new int[f.customerCount()];
        long[] firstDate = new long[f.customerCount()];
        for (int c = 0; c < f.customerCount(); c++) {
            firstMonth[c] = -1;
            for (int k = 0; k < f.orderCountOf(c); k++) {
                int o = f.orderOf(c, k);
                if (country == OrderFrame.NONE || f.countryOf(o) == country) {
                    firstMonth[c] = f.month(o);
                    firstDate[c] = f.date(o);
                    break;
                }
            }
        }

        // Two halves split at a month boundary (a customer's months are then counted in one half only), the second
        // on another core; every sum adds up across halves.
        int split = selection.monthBoundaryNear((selection.lo + selection.hi) >>> 1, f);
        Selection first = new Selection(selection, selection.lo, split);
        Selection second = new Selection(selection, split, selection.hi);
        java.util.concurrent.CompletableFuture<Totals> later = second.size() < parallelFrom
                ? java.util.concurrent.CompletableFuture.completedFuture(new Totals(f).add(f, second, firstMonth,
                        firstDate, fromMillis))
                : java.util.concurrent.CompletableFuture.supplyAsync(() -> new Totals(f).add(f, second, firstMonth,
                        firstDate, fromMillis));
        Totals t = new Totals(f).add(f, first, firstMonth, firstDate, fromMillis).merge(later.join());
        int months = f.monthCount();
        long orders = t.orders;
        long revenue = t.revenue;
        long discount = t.discount;
        long items = t.items;
        long promoOrders = t.promoOrders;
        long promoRevenue = t.promoRevenue;
        long[] countryRevenue = t.countryRevenue;
        long[] countryOrders = t.countryOrders;
        long[] monthRevenue = t.monthRevenue;
        long[] monthOrders = t.monthOrders;
        long[] monthPromo = t.monthPromo;
        long[] monthDiscount = t.monthDiscount;
        long[] monthActive = t.monthActive;
        long[] monthNew = t.monthNew;
        long[] productRevenue = t.productRevenue;
        long[] productUnits = t.productUnits;
        long[] productOrders = t.productOrders;
        long[] codeOrders = t.codeOrders;
        long[] codeRevenue = t.codeRevenue;
        long[] codeDiscount = t.codeDiscount;
        long[][] cohortActivity = t.cohortActivity;
        Returned back = Returned.of(f, noSuchCountry, country, fromMillis, toMillis);
        long customers = 0;
        long repeaters = 0;
        for (int n : t.ordersInView) {
            customers += n > 0 ? 1 : 0;
            repeaters += n > 1 ? 1 : 0;
        }

        BigDecimal grossAmount = OrderFrame.money(revenue);
        BigDecimal returnedAmount = OrderFrame.money(back.amount);
        BigDecimal revenueAmount = OrderFrame.money(revenue - back.amount);
        List<CountryRevenue> byCountry = new ArrayList<>();
        for (int k = 0; k < countryRevenue.length; k++) {
            if (countryOrders[k] > 0 || back.byCountry[k] > 0) {
                BigDecimal amount = OrderFrame.money(countryRevenue[k] - back.byCountry[k]);
                byCountry.add(new CountryRevenue(k == 0 ? CountryRevenue.NO_COUNTRY : f.country(k - 1), amount,
                        countryOrders[k], ratio(amount, revenueAmount), OrderFrame.money(back.byCountry[k])));
            }
        }
        byCountry.sort(Comparator.comparing(CountryRevenue::revenue).reversed()
                .thenComparing(CountryRevenue::country));

        List<MonthlyKpi> monthly = new ArrayList<>();
        for (int m = 0; m < months; m++) {
            if (monthOrders[m] > 0 || back.byMonth[m] > 0) {
                BigDecimal amount = OrderFrame.money(monthRevenue[m] - back.byMonth[m]);
                monthly.add(new MonthlyKpi(f.yearMonth(m).toString(), amount, monthOrders[m],
                        divide(amount, monthOrders[m]), monthNew[m], monthActive[m] - monthNew[m], monthPromo[m],
                        ratio(monthPromo[m], monthOrders[m]), OrderFrame.money(monthDiscount[m]),
                        OrderFrame.money(monthRevenue[m]), OrderFrame.money(back.byMonth[m])));
            }
        }

        List<ProductSales> products = new ArrayList<>();
        List<KpiReport.Fee> fees = new ArrayList<>();
        long[] categoryRevenue = new long[f.categoryCount()];
        long[] categoryUnits = new long[f.categoryCount()];
        long[] categoryReturnedUnits = new long[f.categoryCount()];
        boolean[] categorySold = new boolean[f.categoryCount()];
        for (int p = 0; p < f.productCount(); p++) {
            if (productOrders[p] == 0 && back.productLines[p] == 0) {
                continue;
            }
            long net = productRevenue[p] - back.productAmount[p];
            if (f.fee(p)) {
                fees.add(new KpiReport.Fee(f.productId(p), f.productName(p), OrderFrame.money(net),
                        t.productLines[p] + back.productLines[p]));
                continue;
            }
            long netUnits = productUnits[p] - back.productUnits[p];
            products.add(new ProductSales(f.productId(p), f.productName(p), f.productCategory(p),
                    OrderFrame.money(net), netUnits, productOrders[p], back.productUnits[p],
                    OrderFrame.money(back.productAmount[p])));
            int k = f.productCategoryCode(p);
            categoryRevenue[k] += net;
            categoryUnits[k] += netUnits;
            categoryReturnedUnits[k] += back.productUnits[p];
            categorySold[k] = true;
        }
        fees.sort(Comparator.comparing((KpiReport.Fee fee) -> fee.amount().abs()).reversed()
                .thenComparing(KpiReport.Fee::productId));
        List<CategorySales> categories = new ArrayList<>();
        for (int k = 0; k < categoryRevenue.length; k++) {
            if (categorySold[k]) {
                categories.add(new CategorySales(f.category(k), OrderFrame.money(categoryRevenue[k]),
                        categoryUnits[k], categoryReturnedUnits[k]));
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
        BigDecimal beforeDiscounts = grossAmount.add(discountAmount);
        return new KpiReport(f.version(), filter, revenueAmount, grossAmount, returnedAmount,
                ratio(returnedAmount, grossAmount), back.count, orders, customers, divide(revenueAmount, orders),
                orders == 0 ? 0 : (double) items / orders, ratio(promoOrders, orders),
                ratio(OrderFrame.money(promoRevenue), grossAmount), divide(discountAmount, promoOrders),
                discountAmount, ratio(discountAmount, beforeDiscounts), ratio(repeaters, customers),
                customers == 0 ? 0 : (double) orders / customers, byCountry, monthly,
                top(products, Comparator.comparing(ProductSales::revenue).reversed()),
                top(products, Comparator.comparingLong(ProductSales::units).reversed()),
                categories.stream().sorted(Comparator.comparing(CategorySales::revenue).reversed()
                        .thenComparing(CategorySales::category)).limit(TOP).toList(),
                codes, cohorts(cohortMaps), fees, f.countries());
    }

    /** The returns made in the filter's dates and country, in cents and units, arrays indexed by frame codes. */
    private record Returned(long amount, long count, long[] byCountry, long[] byMonth, long[] productAmount,
            long[] productUnits, long[] productLines) {
        static Returned of(OrderFrame f, boolean noSuchCountry, int country, long fromMillis, long toMillis) {
            Returns r = f.returns();
            long[] byCountry = new long[f.countryCount() + 1];
            long[] byMonth = new long[f.monthCount()];
            long[] productAmount = new long[f.productCount()];
            long[] productUnits = new long[f.productCount()];
            long[] productLines = new long[f.productCount()];
            long amount = 0;
            long count = 0;
            // Returns are few beside sales (a few percent): one pass over the date range, filtering the country.
            int from = noSuchCountry ? 0 : r.lowerBound(fromMillis);
            int to = noSuchCountry ? 0 : r.lowerBound(toMillis);
            for (int i = from; i < to; i++) {
                if (country != OrderFrame.NONE && r.countryOf(i) != country) {
                    continue;
                }
                amount += r.amountCents(i);
                count++;
                byCountry[r.countryOf(i) + 1] += r.amountCents(i);
                byMonth[r.month(i)] += r.amountCents(i);
                for (int l = r.firstLine(i); l < r.endLine(i); l++) {
                    int p = r.lineProduct(l);
                    productAmount[p] += r.lineUnitPriceCents(l) * r.lineQuantity(l);
                    productUnits[p] += r.lineQuantity(l);
                    productLines[p]++;
                }
            }
            return new Returned(amount, count, byCountry, byMonth, productAmount, productUnits, productLines);
        }
    }

    /** Below this many orders a half is summed on the calling thread: handing it over costs more. */
    private static final int PARALLEL_FROM = 50_000;

    /** Positions [lo, hi) of the date-sorted orders, or of one country's date-sorted list of orders. */
    private static final class Selection {
        final OrderFrame frame;
        final int country;
        final int lo;
        final int hi;

        /** Positions [lo, hi) of the date-sorted orders themselves. */
        static Selection range(int lo, int hi) {
            return new Selection(null, OrderFrame.NONE, lo, hi);
        }

        Selection(OrderFrame frame, int country, int lo, int hi) {
            this.frame = frame;
            this.country = country;
            this.lo = lo;
            this.hi = hi;
        }

        Selection(Selection of, int lo, int hi) {
            this.frame = of.frame;
            this.country = of.country;
            this.lo = lo;
            this.hi = hi;
        }

        int order(int position) {
            return frame == null ? position : frame.countryOrder(position);
        }

        int size() {
            return hi - lo;
        }

        /** The first position at or after {@code position} where a new month starts (or the end). */
        int monthBoundaryNear(int position, OrderFrame f) {
            if (position <= lo || position >= hi) {
                return hi;
            }
            int month = f.month(order(position - 1));
            int p = position;
            while (p < hi && f.month(order(p)) == month) {
                p++;
            }
            return p;
        }
    }

    /** The sums of one selection, in cents and counts, arrays indexed by frame codes. */
    private static final class Totals {
        long orders;
        long revenue;
        long discount;
        long items;
        long promoOrders;
        long promoRevenue;
        final long[] countryRevenue;
        final long[] countryOrders;
        final long[] monthRevenue;
        final long[] monthOrders;
        final long[] monthPromo;
        final long[] monthDiscount;
        final long[] monthActive;
        final long[] monthNew;
        final long[] productRevenue;
        final long[] productUnits;
        final long[] productOrders;
        final long[] productLines;
        final long[] codeOrders;
        final long[] codeRevenue;
        final long[] codeDiscount;
        final int[] ordersInView;
        final long[][] cohortActivity;

        Totals(OrderFrame f) {
            int months = f.monthCount();
            countryRevenue = new long[f.countryCount() + 1];
            countryOrders = new long[f.countryCount() + 1];
            monthRevenue = new long[months];
            monthOrders = new long[months];
            monthPromo = new long[months];
            monthDiscount = new long[months];
            monthActive = new long[months];
            monthNew = new long[months];
            productRevenue = new long[f.productCount()];
            productUnits = new long[f.productCount()];
            productOrders = new long[f.productCount()];
            productLines = new long[f.productCount()];
            codeOrders = new long[f.promoCodeCount()];
            codeRevenue = new long[f.promoCodeCount()];
            codeDiscount = new long[f.promoCodeCount()];
            ordersInView = new int[f.customerCount()];
            cohortActivity = new long[months][];
        }

        /** Three tight passes over the selection (orders, their lines, their customers): faster than one wide one. */
        Totals add(OrderFrame f, Selection s, int[] firstMonth, long[] firstDate, long fromMillis) {
            for (int i = s.lo; i < s.hi; i++) {
                int o = s.order(i);
                long total = f.totalCents(o);
                long orderDiscount = f.discountCents(o);
                int m = f.month(o);
                orders++;
                revenue += total;
                discount += orderDiscount;
                items += f.items(o);
                int countryCode = f.countryOf(o) + 1;
                countryRevenue[countryCode] += total;
                countryOrders[countryCode]++;
                monthRevenue[m] += total;
                monthOrders[m]++;
                monthDiscount[m] += orderDiscount;
                int promo = f.promoOf(o);
                if (promo != OrderFrame.NONE) {
                    promoOrders++;
                    promoRevenue += total;
                    monthPromo[m]++;
                    codeOrders[promo]++;
                    codeRevenue[promo] += total;
                    codeDiscount[promo] += orderDiscount;
                }
            }
            int[] productSeenIn = new int[f.productCount()];
            java.util.Arrays.fill(productSeenIn, -1);
            for (int i = s.lo; i < s.hi; i++) {
                int o = s.order(i);
                for (int l = f.firstLine(o), end = f.endLine(o); l < end; l++) {
                    int p = f.lineProduct(l);
                    int quantity = f.lineQuantity(l);
                    productRevenue[p] += f.lineUnitPriceCents(l) * quantity;
                    productUnits[p] += quantity;
                    productLines[p]++;
                    if (productSeenIn[p] != o) {
                        productSeenIn[p] = o;
                        productOrders[p]++;
                    }
                }
            }
            int months = f.monthCount();
            int[] lastMonthSeen = new int[f.customerCount()];
            java.util.Arrays.fill(lastMonthSeen, -1);
            for (int i = s.lo; i < s.hi; i++) {
                int o = s.order(i);
                int c = f.customer(o);
                int m = f.month(o);
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
            return this;
        }

        Totals merge(Totals other) {
            orders += other.orders;
            revenue += other.revenue;
            discount += other.discount;
            items += other.items;
            promoOrders += other.promoOrders;
            promoRevenue += other.promoRevenue;
            for (long[][] pair : new long[][][] { { countryRevenue, other.countryRevenue },
                    { countryOrders, other.countryOrders }, { monthRevenue, other.monthRevenue },
                    { monthOrders, other.monthOrders }, { monthPromo, other.monthPromo },
                    { monthDiscount, other.monthDiscount }, { monthActive, other.monthActive },
                    { monthNew, other.monthNew }, { productRevenue, other.productRevenue },
                    { productUnits, other.productUnits }, { productOrders, other.productOrders },
                    { productLines, other.productLines },
                    { codeOrders, other.codeOrders }, { codeRevenue, other.codeRevenue },
                    { codeDiscount, other.codeDiscount } }) {
                for (int i = 0; i < pair[0].length; i++) {
                    pair[0][i] += pair[1][i];
                }
            }
            for (int c = 0; c < ordersInView.length; c++) {
                ordersInView[c] += other.ordersInView[c];
            }
            for (int m = 0; m < cohortActivity.length; m++) {
                if (other.cohortActivity[m] != null) {
                    if (cohortActivity[m] == null) {
                        cohortActivity[m] = other.cohortActivity[m];
                    } else {
                        for (int k = 0; k < cohortActivity[m].length; k++) {
                            cohortActivity[m][k] += other.cohortActivity[m][k];
                        }
                    }
                }
            }
            return this;
        }
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

package io.shoplens.kpi;

import static io.shoplens.store.Aggregations.ifPromo;
import static io.shoplens.store.Aggregations.longValue;
import static io.shoplens.store.Aggregations.money;
import static io.shoplens.store.Aggregations.month;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;

import org.bson.Document;
import org.jboss.logging.Logger;
import org.bson.conversions.Bson;

import io.shoplens.kpi.KpiReport.CategorySales;
import io.shoplens.kpi.KpiReport.Cohort;
import io.shoplens.kpi.KpiReport.CountryRevenue;
import io.shoplens.kpi.KpiReport.MonthlyKpi;
import io.shoplens.kpi.KpiReport.ProductSales;
import io.shoplens.kpi.KpiReport.PromoCodeUsage;
import io.shoplens.store.Aggregations;
import io.shoplens.store.DatasetChanged;
import io.shoplens.store.DatasetStore;
import io.shoplens.store.Product;
import io.shoplens.common.VersionedCache;

/**
 * Computes the KPIs with two aggregation passes over {@code orders} (one over orders, one over customers' order
 * dates) and keeps the result per dataset version and filter, since a pass over millions of orders on the embedded
 * server takes seconds.
 */
@ApplicationScoped
public class KpiService {
    private static final Logger LOG = Logger.getLogger(KpiService.class);
    static final int TOP = 10;

    @Inject
    DatasetStore store;
    @Inject
    KpiConfig config;

    private VersionedCache<KpiFilter, KpiReport> cache;

    @jakarta.annotation.PostConstruct
    void init() {
        cache = new VersionedCache<>(config.cacheSize());
    }

    void onDatasetChanged(@Observes DatasetChanged event) {
        cache.clear();
    }

    /** Computes the unfiltered KPIs right after a change, so that the first dashboard view seldom waits. */
    void precompute(@ObservesAsync DatasetChanged event) {
        try {
            report(KpiFilter.ALL);
        } catch (RuntimeException e) {
            LOG.warnf("Precomputing the KPIs failed (%s); the first view will compute them", e.getMessage());
        }
    }

    public KpiReport report(KpiFilter filter) {
        long version = store.current().map(d -> d.version).orElse(0L);
        return cache.get(version, filter, () -> {
            long started = System.nanoTime();
            KpiReport report = compute(version, filter);
            LOG.infof("KPIs of dataset version %d%s computed in %d ms", version,
                    filter.isAll() ? "" : " for " + filter, (System.nanoTime() - started) / 1_000_000);
            return report;
        });
    }

    KpiReport compute(long version, KpiFilter filter) {
        Document facets = first(Aggregations.orders().aggregate(List.of(
                Aggregations.match(filter.from(), filter.to(), filter.country()),
                new Document("$facet", new Document()
                        .append("totals", List.of(new Document("$group", new Document("_id", null)
                                .append("revenue", sum("$total"))
                                .append("orders", sum(1))
                                .append("discount", sum("$discount"))
                                .append("items", sum(new Document("$sum", "$lines.quantity")))
                                .append("promoOrders", sum(ifPromo(1, 0)))
                                .append("promoRevenue", sum(ifPromo("$total", 0))))))
                        .append("countries", List.of(
                                new Document("$group", new Document("_id", "$country")
                                        .append("revenue", sum("$total")).append("orders", sum(1))),
                                new Document("$sort", new Document("revenue", -1).append("_id", 1))))
                        .append("monthly", List.of(
                                new Document("$group", new Document("_id", month("$date"))
                                        .append("revenue", sum("$total")).append("orders", sum(1))
                                        .append("promoOrders", sum(ifPromo(1, 0)))
                                        .append("discount", sum("$discount"))),
                                new Document("$sort", new Document("_id", 1))))
                        .append("products", List.of(
                                // $unwind copies the whole document once per line: keep only the lines first.
                                new Document("$project", new Document("_id", 0).append("lines", 1)),
                                new Document("$unwind", "$lines"),
                                new Document("$group", new Document("_id", "$lines.productId")
                                        .append("name", new Document("$first", "$lines.productName"))
                                        .append("revenue", sum(new Document("$multiply",
                                                List.of("$lines.quantity", "$lines.unitPrice"))))
                                        .append("units", sum("$lines.quantity"))
                                        .append("orders", sum(1)))))
                        .append("codes", List.of(
                                new Document("$match", new Document("promoCode", new Document("$ne", null))),
                                new Document("$group", new Document("_id", "$promoCode")
                                        .append("orders", sum(1)).append("revenue", sum("$total"))
                                        .append("discount", sum("$discount"))),
                                new Document("$sort", new Document("orders", -1).append("_id", 1))))))));

        CustomerCounts customerCounts = customerCounts(
                Aggregations.orders().aggregate(customerPipeline(filter)).allowDiskUse(true), filter);

        Document totals = firstOf(facets, "totals");
        long orders = totals == null ? 0 : longValue(totals, "orders");
        BigDecimal revenue = totals == null ? BigDecimal.ZERO.setScale(2) : money(totals, "revenue");
        BigDecimal discount = totals == null ? BigDecimal.ZERO.setScale(2) : money(totals, "discount");
        long promoOrders = totals == null ? 0 : longValue(totals, "promoOrders");
        BigDecimal promoRevenue = totals == null ? BigDecimal.ZERO : money(totals, "promoRevenue");
        long items = totals == null ? 0 : longValue(totals, "items");
        long customers = customerCounts.customers();
        long repeaters = customerCounts.repeaters();

        List<CountryRevenue> byCountry = new ArrayList<>();
        for (Document d : list(facets, "countries")) {
            BigDecimal countryRevenue = money(d, "revenue");
            byCountry.add(new CountryRevenue(String.valueOf(d.get("_id")), countryRevenue, longValue(d, "orders"),
                    ratio(countryRevenue, revenue)));
        }

        Map<String, long[]> activeByMonth = customerCounts.activeAndNewByMonth();
        List<MonthlyKpi> monthly = new ArrayList<>();
        for (Document d : list(facets, "monthly")) {
            String m = d.getString("_id");
            long monthOrders = longValue(d, "orders");
            BigDecimal monthRevenue = money(d, "revenue");
            long[] active = activeByMonth.getOrDefault(m, new long[2]);
            long monthPromo = longValue(d, "promoOrders");
            monthly.add(new MonthlyKpi(m, monthRevenue, monthOrders, divide(monthRevenue, monthOrders), active[1],
                    active[0] - active[1], monthPromo, ratio(monthPromo, monthOrders), money(d, "discount")));
        }

        Map<String, String> categories = categories();
        List<ProductSales> products = new ArrayList<>();
        for (Document d : list(facets, "products")) {
            String id = String.valueOf(d.get("_id"));
            products.add(new ProductSales(id, d.getString("name"), categories.getOrDefault(id, "Uncategorised"),
                    money(d, "revenue"), longValue(d, "units"), longValue(d, "orders")));
        }
        Map<String, CategorySales> byCategory = new LinkedHashMap<>();
        for (ProductSales p : products) {
            byCategory.merge(p.category(), new CategorySales(p.category(), p.revenue(), p.units()),
                    (a, b) -> new CategorySales(a.category(), a.revenue().add(b.revenue()), a.units() + b.units()));
        }

        List<PromoCodeUsage> codes = new ArrayList<>();
        for (Document d : list(facets, "codes")) {
            codes.add(new PromoCodeUsage(String.valueOf(d.get("_id")), longValue(d, "orders"), money(d, "revenue"),
                    money(d, "discount")));
        }

        BigDecimal gross = revenue.add(discount);
        return new KpiReport(version, filter, revenue, orders, customers, divide(revenue, orders),
                orders == 0 ? 0 : (double) items / orders, ratio(promoOrders, orders), ratio(promoRevenue, revenue),
                divide(discount, promoOrders), discount, ratio(discount, gross), ratio(repeaters, customers),
                customers == 0 ? 0 : (double) orders / customers, byCountry, monthly,
                top(products, Comparator.comparing(ProductSales::revenue).reversed()),
                top(products, Comparator.comparingLong(ProductSales::units).reversed()),
                byCategory.values().stream().sorted(Comparator.comparing(CategorySales::revenue).reversed()
                        .thenComparing(CategorySales::category)).limit(TOP).toList(),
                codes, customerCounts.cohorts(), countries());
    }

    /**
     * One document per customer: their first order ever (within the country filter), which decides whether they are
     * new in a month and their acquisition cohort, and the months they ordered in within the date filter. The
     * embedded server groups by compound keys slowly, so the monthly and cohort counts are made from these in Java.
     */
    private static List<Bson> customerPipeline(KpiFilter filter) {
        List<Bson> pipeline = new ArrayList<>();
        pipeline.add(Aggregations.match(null, null, filter.country()));
        Object inView = Boolean.TRUE;
        List<Object> bounds = new ArrayList<>();
        if (filter.from() != null) {
            bounds.add(new Document("$gte", List.of("$date", startOf(filter.from()))));
        }
        if (filter.to() != null) {
            bounds.add(new Document("$lt", List.of("$date", startOf(filter.to().plusDays(1)))));
        }
        if (!bounds.isEmpty()) {
            inView = bounds.size() == 1 ? bounds.get(0) : new Document("$and", bounds);
        }
        pipeline.add(new Document("$group", new Document("_id", "$customerId")
                .append("first", new Document("$min", "$date"))
                .append("orders", sum(new Document("$cond", java.util.Arrays.asList(inView, 1, 0))))
                .append("months", new Document("$addToSet",
                        new Document("$cond", java.util.Arrays.asList(inView, month("$date"), null))))));
        return pipeline;
    }

    /** What the per-customer documents add up to. */
    private record CustomerCounts(long customers, long repeaters, Map<String, long[]> activeAndNewByMonth,
            List<Cohort> cohorts) {
    }

    private static CustomerCounts customerCounts(Iterable<Document> perCustomer, KpiFilter filter) {
        long customers = 0;
        long repeaters = 0;
        Map<String, long[]> byMonth = new HashMap<>();
        Map<String, Map<String, Long>> cohortActivity = new TreeMap<>();
        java.util.Date from = filter.from() == null ? null : startOf(filter.from());
        for (Document d : perCustomer) {
            long orders = longValue(d, "orders");
            if (orders == 0) {
                continue;
            }
            customers++;
            repeaters += orders > 1 ? 1 : 0;
            java.util.Date first = d.getDate("first");
            String firstMonth = YearMonth.from(first.toInstant().atZone(java.time.ZoneOffset.UTC)).toString();
            boolean acquiredInView = from == null || !first.before(from);
            for (Object value : d.getList("months", Object.class, List.of())) {
                if (value == null) {
                    continue;
                }
                String m = value.toString();
                long[] counts = byMonth.computeIfAbsent(m, k -> new long[2]);
                counts[0]++;
                counts[1] += m.equals(firstMonth) ? 1 : 0;
                if (acquiredInView) {
                    cohortActivity.computeIfAbsent(firstMonth, k -> new TreeMap<>()).merge(m, 1L, Long::sum);
                }
            }
        }
        return new CustomerCounts(customers, repeaters, byMonth, cohorts(cohortActivity));
    }

    private static java.util.Date startOf(java.time.LocalDate day) {
        return java.util.Date.from(day.atStartOfDay(java.time.ZoneOffset.UTC).toInstant());
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

    /** Countries present in the data, for the filter form; independent of the filter. */
    List<String> countries() {
        List<String> countries = new ArrayList<>();
        Aggregations.orders().distinct("country", String.class).into(countries);
        countries.removeIf(c -> c == null || c.isBlank());
        countries.sort(String::compareTo);
        return countries;
    }

    private static Map<String, String> categories() {
        Map<String, String> categories = new HashMap<>();
        for (Product p : Product.<Product>findAll().list()) {
            categories.put(p.id, p.category == null || p.category.isBlank() ? "Uncategorised" : p.category);
        }
        return categories;
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

    private static Document sum(Object expression) {
        return new Document("$sum", expression);
    }

    private static Document first(Iterable<Document> results) {
        for (Document d : results) {
            return d;
        }
        return new Document();
    }

    private static Document firstOf(Document facets, String name) {
        List<Document> rows = list(facets, name);
        return rows.isEmpty() ? null : rows.get(0);
    }

    private static List<Document> list(Document facets, String name) {
        return facets.getList(name, Document.class, List.of());
    }
}

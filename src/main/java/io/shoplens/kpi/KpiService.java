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
import jakarta.inject.Inject;

import org.bson.Document;
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

    public KpiReport report(KpiFilter filter) {
        long version = store.current().map(d -> d.version).orElse(0L);
        return cache.get(version, filter, () -> compute(version, filter));
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

        Document customerFacets = first(Aggregations.orders().aggregate(customerPipeline(filter)));

        Document totals = firstOf(facets, "totals");
        long orders = totals == null ? 0 : longValue(totals, "orders");
        BigDecimal revenue = totals == null ? BigDecimal.ZERO.setScale(2) : money(totals, "revenue");
        BigDecimal discount = totals == null ? BigDecimal.ZERO.setScale(2) : money(totals, "discount");
        long promoOrders = totals == null ? 0 : longValue(totals, "promoOrders");
        BigDecimal promoRevenue = totals == null ? BigDecimal.ZERO : money(totals, "promoRevenue");
        long items = totals == null ? 0 : longValue(totals, "items");
        Document customerTotals = firstOf(customerFacets, "customers");
        long customers = customerTotals == null ? 0 : longValue(customerTotals, "customers");
        long repeaters = customerTotals == null ? 0 : longValue(customerTotals, "repeaters");

        List<CountryRevenue> byCountry = new ArrayList<>();
        for (Document d : list(facets, "countries")) {
            BigDecimal countryRevenue = money(d, "revenue");
            byCountry.add(new CountryRevenue(String.valueOf(d.get("_id")), countryRevenue, longValue(d, "orders"),
                    ratio(countryRevenue, revenue)));
        }

        Map<String, long[]> activeByMonth = new HashMap<>();
        for (Document d : list(customerFacets, "monthly")) {
            activeByMonth.put(d.getString("_id"), new long[] { longValue(d, "active"), longValue(d, "new") });
        }
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
                codes, cohorts(list(customerFacets, "cohorts")), countries());
    }

    /**
     * Each customer's first order ever (within the country filter) decides whether they are new in a month and which
     * acquisition cohort they belong to; only then are their orders restricted to the date filter. Cohorts hold the
     * customers acquired inside the date filter, so that a cohort cut by the filter's start is not half counted.
     */
    private static List<Bson> customerPipeline(KpiFilter filter) {
        List<Bson> pipeline = new ArrayList<>();
        pipeline.add(Aggregations.match(null, null, filter.country()));
        pipeline.add(new Document("$group", new Document("_id", "$customerId")
                .append("first", new Document("$min", "$date"))
                .append("dates", new Document("$push", "$date"))));
        pipeline.add(new Document("$unwind", "$dates"));
        if (filter.from() != null || filter.to() != null) {
            pipeline.add(new Document("$match", Aggregations.dateRange("dates", filter.from(), filter.to())));
        }
        Object acquiredInView = filter.from() == null ? Boolean.TRUE
                : new Document("$gte", List.of("$first",
                        java.util.Date.from(filter.from().atStartOfDay(java.time.ZoneOffset.UTC).toInstant())));
        pipeline.add(new Document("$group", new Document("_id", new Document("c", "$_id").append("m", month("$dates")))
                .append("firstMonth", new Document("$first", month("$first")))
                .append("acquiredInView", new Document("$first", acquiredInView))
                .append("orders", sum(1))));
        Document isNew = new Document("$cond", List.of(new Document("$eq", List.of("$_id.m", "$firstMonth")), 1, 0));
        pipeline.add(new Document("$facet", new Document()
                .append("monthly", List.of(
                        new Document("$group", new Document("_id", "$_id.m").append("active", sum(1))
                                .append("new", sum(isNew))),
                        new Document("$sort", new Document("_id", 1))))
                .append("cohorts", List.of(
                        new Document("$match", new Document("acquiredInView", true)),
                        new Document("$group", new Document("_id",
                                new Document("cohort", "$firstMonth").append("m", "$_id.m")).append("customers", sum(1))),
                        new Document("$sort", new Document("_id.cohort", 1).append("_id.m", 1))))
                .append("customers", List.of(
                        new Document("$group", new Document("_id", "$_id.c").append("orders", sum("$orders"))),
                        new Document("$group", new Document("_id", null).append("customers", sum(1))
                                .append("repeaters", sum(new Document("$cond", List.of(
                                        new Document("$gt", List.of("$orders", 1)), 1, 0)))))))));
        return pipeline;
    }

    /** Retention triangle rows from (cohort month, active month, customers) counts. */
    static List<Cohort> cohorts(List<Document> rows) {
        Map<String, Map<String, Long>> byCohort = new TreeMap<>();
        for (Document d : rows) {
            Document id = d.get("_id", Document.class);
            byCohort.computeIfAbsent(id.getString("cohort"), k -> new TreeMap<>()).put(id.getString("m"),
                    longValue(d, "customers"));
        }
        List<Cohort> cohorts = new ArrayList<>();
        String lastMonth = byCohort.values().stream().flatMap(m -> m.keySet().stream()).max(String::compareTo)
                .orElse(null);
        for (Map.Entry<String, Map<String, Long>> entry : byCohort.entrySet()) {
            YearMonth cohortMonth = YearMonth.parse(entry.getKey());
            Long size = entry.getValue().get(entry.getKey());
            if (size == null || size == 0) {
                continue;
            }
            int span = (int) (YearMonth.parse(lastMonth).getMonthValue() + 12L * YearMonth.parse(lastMonth).getYear()
                    - cohortMonth.getMonthValue() - 12L * cohortMonth.getYear());
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

package io.shoplens.kpi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.shoplens.store.Order;
import io.shoplens.store.OrderLine;
import io.shoplens.testing.Api;
import io.shoplens.testing.EmbeddedMongoResource;

/**
 * Every KPI against a plain-Java recomputation over the raw orders, exact to the cent, for several seeds. The
 * simulator writes each return as a document of its own with negative quantities and total: those are the returns.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedMongoResource.class)
class KpiServiceTest {

    @Inject
    KpiService kpis;
    @Inject
    io.shoplens.frame.Frames frames;

    @Test
    void kpisMatchAPlainJavaRecomputation() {
        for (long seed : new long[] { 3, 17, 2024 }) {
            Api.awaitReady();
            Api.regenerate("{\"customers\": 80, \"products\": 12, \"orders\": 1500, \"seed\": " + seed
                    + ", \"days\": 400, \"asOf\": \"2025-03-31\"}");
            List<Order> orders = Order.listAll();
            check(orders, KpiFilter.ALL);
            check(orders, KpiFilter.parse("2024-06-15", "2025-01-10", null));
            String country = orders.get(0).country;
            check(orders, KpiFilter.parse(null, null, country));
            check(orders, KpiFilter.parse("2024-09-01", "2025-03-31", country));
            check(orders, KpiFilter.parse("2030-01-01", "2030-12-31", null));
        }
    }

    /**
     * What the dashboard's definitions say: products' revenue is before the orders' discounts, so with every product
     * listed (8, within the top 10) the products plus the fees, minus the discounts, are the net revenue, to the cent.
     */
    @Test
    void productsPlusFeesMinusDiscountsAreTheNetRevenue() {
        Api.awaitReady();
        Api.regenerate("{\"customers\": 60, \"products\": 8, \"orders\": 1200, \"seed\": 5, \"days\": 400,"
                + " \"asOf\": \"2025-03-31\"}");
        String country = Order.<Order>listAll().get(0).country;
        for (KpiFilter filter : List.of(KpiFilter.ALL, KpiFilter.parse("2024-06-15", "2025-01-10", null),
                KpiFilter.parse(null, null, country))) {
            KpiReport report = KpiService.compute(frames.current().orElseThrow(), filter);
            assertTrue(report.totalDiscount().signum() > 0, "some orders are discounted");
            java.math.BigDecimal products = report.topProducts().stream().map(KpiReport.ProductSales::revenue)
                    .reduce(java.math.BigDecimal.ZERO, java.math.BigDecimal::add);
            java.math.BigDecimal fees = report.fees().stream().map(KpiReport.Fee::amount)
                    .reduce(java.math.BigDecimal.ZERO, java.math.BigDecimal::add);
            assertEquals(report.revenue(), products.add(fees).subtract(report.totalDiscount()), filter.toString());
        }
    }

    private void check(List<Order> everything, KpiFilter filter) {
        List<Order> all = everything.stream().filter(o -> o.total.signum() >= 0).toList();
        KpiReport report = KpiService.compute(frames.current().orElseThrow(), filter);
        assertEquals(report, KpiService.compute(frames.current().orElseThrow(), filter, 1),
                "summed in two halves on two threads, the same report");
        Predicate<Order> inCountry = o -> filter.country() == null || filter.country().equals(o.country);
        Predicate<Order> inDates = o -> (filter.from() == null
                || !o.date.isBefore(filter.from().atStartOfDay(ZoneOffset.UTC).toInstant()))
                && (filter.to() == null || o.date.isBefore(filter.to().plusDays(1).atStartOfDay(ZoneOffset.UTC)
                        .toInstant()));
        List<Order> orders = all.stream().filter(inCountry.and(inDates)).toList();
        List<Order> returns = everything.stream().filter(o -> o.total.signum() < 0).filter(inCountry.and(inDates))
                .toList();
        String what = filter.toString();

        BigDecimal gross = sum(orders, o -> o.total);
        BigDecimal returned = sum(returns, o -> o.total.negate());
        BigDecimal revenue = gross.subtract(returned);
        assertEquals(gross, report.grossRevenue(), what);
        assertEquals(returned, report.returns(), what);
        assertEquals(revenue, report.revenue(), what);
        assertEquals(returns.size(), report.returnCount(), what);
        assertEquals(gross.signum() == 0 ? 0 : returned.doubleValue() / gross.doubleValue(), report.returnRate(),
                1e-12, what);
        assertEquals(orders.size(), report.orders(), what);
        Map<String, Long> perCustomer = orders.stream().collect(Collectors.groupingBy(o -> o.customerId,
                Collectors.counting()));
        assertEquals(perCustomer.size(), report.customers(), what);
        assertEquals(orders.isEmpty() ? new BigDecimal("0.00")
                : revenue.divide(BigDecimal.valueOf(orders.size()), 2, RoundingMode.HALF_UP), report.averageBasket());
        long promo = orders.stream().filter(o -> o.promoCode != null).count();
        assertEquals(orders.isEmpty() ? 0 : (double) promo / orders.size(), report.promoUsageRate(), 1e-12, what);
        BigDecimal discount = sum(orders, o -> o.discount);
        assertEquals(discount, report.totalDiscount(), what);
        assertEquals(promo == 0 ? new BigDecimal("0.00")
                : discount.divide(BigDecimal.valueOf(promo), 2, RoundingMode.HALF_UP), report.averageDiscount());
        long repeaters = perCustomer.values().stream().filter(n -> n > 1).count();
        assertEquals(perCustomer.isEmpty() ? 0 : (double) repeaters / perCustomer.size(),
                report.repeatPurchaseRate(), 1e-12, what);
        long items = orders.stream().flatMap(o -> o.lines.stream()).mapToLong(l -> l.quantity).sum();
        assertEquals(orders.isEmpty() ? 0 : (double) items / orders.size(), report.itemsPerOrder(), 1e-9);

        Map<String, BigDecimal> byCountry = new TreeMap<>();
        orders.forEach(o -> byCountry.merge(o.country, o.total, BigDecimal::add));
        returns.forEach(o -> byCountry.merge(o.country, o.total, BigDecimal::add));
        assertEquals(byCountry.size(), report.revenueByCountry().size(), what);
        report.revenueByCountry().forEach(c -> assertEquals(byCountry.get(c.country()), c.revenue(), c.country()));
        for (int i = 1; i < report.revenueByCountry().size(); i++) {
            assertTrue(report.revenueByCountry().get(i - 1).revenue()
                    .compareTo(report.revenueByCountry().get(i).revenue()) >= 0, "sorted by revenue");
        }

        Map<String, YearMonth> firstMonth = new HashMap<>();
        all.stream().filter(inCountry).forEach(o -> firstMonth.merge(o.customerId, month(o),
                (a, b) -> a.isBefore(b) ? a : b));
        Map<String, List<Order>> byMonth = new TreeMap<>(orders.stream().collect(Collectors.groupingBy(
                o -> month(o).toString())));
        Map<String, List<Order>> returnsByMonth = returns.stream().collect(Collectors.groupingBy(
                o -> month(o).toString()));
        Set<String> months = new java.util.TreeSet<>(byMonth.keySet());
        months.addAll(returnsByMonth.keySet());
        assertEquals(new ArrayList<>(months), report.monthly().stream().map(KpiReport.MonthlyKpi::month)
                .toList(), what);
        for (KpiReport.MonthlyKpi m : report.monthly()) {
            List<Order> monthOrders = byMonth.getOrDefault(m.month(), List.of());
            BigDecimal monthReturns = sum(returnsByMonth.getOrDefault(m.month(), List.of()), o -> o.total.negate());
            assertEquals(sum(monthOrders, o -> o.total), m.grossRevenue(), m.month());
            assertEquals(monthReturns, m.returns(), m.month());
            assertEquals(sum(monthOrders, o -> o.total).subtract(monthReturns), m.revenue(), m.month());
            assertEquals(monthOrders.size(), m.orders(), m.month());
            Set<String> active = monthOrders.stream().map(o -> o.customerId).collect(Collectors.toSet());
            long fresh = active.stream().filter(c -> firstMonth.get(c).toString().equals(m.month())).count();
            assertEquals(fresh, m.newCustomers(), m.month());
            assertEquals(active.size() - fresh, m.returningCustomers(), m.month());
            assertEquals(monthOrders.stream().filter(o -> o.promoCode != null).count(), m.promoOrders(), m.month());
        }

        Map<String, BigDecimal> productRevenue = new HashMap<>();
        Map<String, Long> productUnits = new HashMap<>();
        Map<String, Long> returnedUnits = new HashMap<>();
        for (Order o : orders) {
            for (OrderLine l : o.lines) {
                productRevenue.merge(l.productId, l.unitPrice.multiply(BigDecimal.valueOf(l.quantity)),
                        BigDecimal::add);
                productUnits.merge(l.productId, (long) l.quantity, Long::sum);
            }
        }
        // Return lines have negative quantities: adding them nets the product's figures.
        for (Order o : returns) {
            for (OrderLine l : o.lines) {
                productRevenue.merge(l.productId, l.unitPrice.multiply(BigDecimal.valueOf(l.quantity)),
                        BigDecimal::add);
                productUnits.merge(l.productId, (long) l.quantity, Long::sum);
                returnedUnits.merge(l.productId, (long) -l.quantity, Long::sum);
            }
        }
        List<String> expectedTop = productRevenue.entrySet().stream()
                .sorted(Map.Entry.<String, BigDecimal>comparingByValue().reversed()
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(KpiService.TOP).map(Map.Entry::getKey).toList();
        assertEquals(expectedTop, report.topProducts().stream().map(KpiReport.ProductSales::productId).toList());
        report.topProducts().forEach(p -> {
            assertEquals(productRevenue.get(p.productId()).setScale(2), p.revenue(), p.productId());
            assertEquals(productUnits.get(p.productId()), p.units(), p.productId());
            assertEquals(returnedUnits.getOrDefault(p.productId(), 0L), p.returnedUnits(), p.productId());
        });

        Map<String, java.time.Instant> firstOrder = new HashMap<>();
        all.stream().filter(inCountry).forEach(o -> firstOrder.merge(o.customerId, o.date,
                (a, b) -> a.isBefore(b) ? a : b));
        Map<YearMonth, Set<String>> cohortMembers = new TreeMap<>();
        Map<YearMonth, Set<String>> activeIn = new HashMap<>();
        for (Order o : orders) {
            activeIn.computeIfAbsent(month(o), k -> new java.util.HashSet<>()).add(o.customerId);
            boolean acquiredInView = filter.from() == null
                    || !firstOrder.get(o.customerId).isBefore(filter.from().atStartOfDay(ZoneOffset.UTC).toInstant());
            if (acquiredInView && firstMonth.get(o.customerId).equals(month(o))) {
                cohortMembers.computeIfAbsent(month(o), k -> new java.util.HashSet<>()).add(o.customerId);
            }
        }
        assertEquals(cohortMembers.keySet().stream().map(YearMonth::toString).toList(),
                report.cohorts().stream().map(KpiReport.Cohort::month).toList(), what);
        for (KpiReport.Cohort cohort : report.cohorts()) {
            YearMonth start = YearMonth.parse(cohort.month());
            Set<String> members = cohortMembers.get(start);
            assertEquals(members.size(), cohort.customers());
            assertEquals(1.0, cohort.retention().get(0), 1e-12);
            for (int k = 1; k < cohort.retention().size(); k++) {
                Set<String> active = activeIn.getOrDefault(start.plusMonths(k), Set.of());
                long retained = members.stream().filter(active::contains).count();
                assertEquals((double) retained / members.size(), cohort.retention().get(k), 1e-12,
                        cohort.month() + "+" + k);
            }
        }
    }

    private static YearMonth month(Order o) {
        return YearMonth.from(o.date.atZone(ZoneOffset.UTC));
    }

    private static BigDecimal sum(List<Order> orders, java.util.function.Function<Order, BigDecimal> field) {
        return orders.stream().map(field).reduce(BigDecimal.ZERO, BigDecimal::add).setScale(2, RoundingMode.HALF_UP);
    }

    @Test
    void theKpisDescribeTheDatasetJustServed() {
        long version = Api.regenerate("{\"preset\": \"classic\", \"seed\": 5, \"asOf\": \"2025-12-31\"}");
        KpiReport after = kpis.report(KpiFilter.ALL);
        assertEquals(version, after.datasetVersion(), "the job ends with the new version's analysis serving");
        assertEquals(Order.count(new org.bson.Document("total", new org.bson.Document("$gte", 0))), after.orders());
        assertTrue(after.returnCount() > 0, "the simulated shop has returns");
        assertEquals(Order.count(new org.bson.Document("total", new org.bson.Document("$lt", 0))),
                after.returnCount());
        assertEquals("2025-12", after.monthly().get(after.monthly().size() - 1).month());
    }

    @Test
    void aHugeBadFilterValueIsQuotedByAShortPrefix() {
        String huge = "x".repeat(3_000); // query strings beyond about 4 KB are refused with 414 by the server itself
        String body = io.restassured.RestAssured.given().queryParam("from", huge).get("/api/kpis").then()
                .statusCode(400).extract().asString();
        assertTrue(body.length() < 1_000, "the 400 does not echo 3,000 characters: " + body.length());
        assertTrue(body.contains("(3000 characters)"), body);
        String segment = io.restassured.RestAssured.given().queryParam("segment", huge).get("/api/customers").then()
                .statusCode(400).extract().asString();
        assertTrue(segment.length() < 1_000, "nor does an unknown segment: " + segment.length());
    }
}

package io.shoplens.bench;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import io.shoplens.frame.Behaviours;
import io.shoplens.frame.FrameBuilder;
import io.shoplens.frame.OrderFrame;
import io.shoplens.kpi.KpiFilter;
import io.shoplens.kpi.KpiReport;
import io.shoplens.kpi.KpiServiceAccess;
import io.shoplens.simulate.Preset;
import io.shoplens.simulate.ShopSimulator;
import io.shoplens.simulate.SimulationSettings;
import io.shoplens.store.Customer;
import io.shoplens.store.CustomerTruth;
import io.shoplens.store.Order;
import io.shoplens.store.Product;

/**
 * The analysis frame at a preset's size (default large), without a database: how long it takes to build from the
 * simulated documents, what it weighs, and KPIs for random filters never seen before (random country x random date
 * range), each computed fresh, next to the unfiltered KPIs and a plain-Java pass over the same orders as entities.
 * Prints p50/p95/max and the ratios.
 */
final class FrameBench {
    private FrameBench() {
    }

    static void run(String[] args) {
        Preset preset = Preset.byId(System.getProperty("preset", "large")).orElseThrow();
        int filters = Integer.getInteger("filters", 300);
        LocalDate asOf = LocalDate.of(2025, 12, 31);
        Instant end = asOf.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        SimulationSettings settings = new SimulationSettings(preset.id(), preset.customers, preset.products,
                preset.orders, 42, 730, asOf, SimulationSettings.DEFAULT_MIX);
        FrameBuilder builder = new FrameBuilder(1, end, true);
        // Keep a tenth of the orders as entities for the plain-Java comparison, so memory stays bounded.
        List<Order> sample = new ArrayList<>();
        long simulating = System.nanoTime();
        new ShopSimulator(settings).run(new ShopSimulator.Sink() {
            @Override
            public void product(Product product) {
                builder.product(product);
            }

            @Override
            public void customer(Customer customer, CustomerTruth truth) {
                builder.customer(customer);
            }

            @Override
            public void order(Order order) {
                builder.order(order);
                if (sample.size() * 10L < builder.orders()) {
                    sample.add(order);
                }
            }
        });
        long building = System.nanoTime();
        OrderFrame frame = builder.build();
        long built = System.nanoTime();
        System.out.printf("%s: %,d orders, %,d lines, %,d customers; simulated and collected in %,d ms, frame built"
                + " (sorted, encoded) in %,d ms%n", preset.id(), frame.orderCount(), frame.lineCount(),
                frame.customerCount(), (building - simulating) / 1_000_000, (built - building) / 1_000_000);
        long bytes = frame.columnBytes();
        System.out.printf("frame columns: %,d bytes = %.1f per order (lines counted apart: %.1f per order, %.1f per"
                + " line; dictionaries and customer profiles %,d bytes)%n", bytes, (double) bytes / frame.orderCount(),
                (double) frame.orderColumnBytes() / frame.orderCount(),
                (double) frame.lineColumnBytes() / frame.lineCount(), frame.dictionaryBytes());

        // Warm the JIT as a running app would be, then time fresh filters.
        Random random = new Random(7);
        List<String> countries = frame.countries();
        for (int i = 0; i < 30; i++) {
            KpiServiceAccess.compute(frame, randomFilter(random, countries, asOf));
        }
        double[] unfiltered = new double[20];
        for (int i = 0; i < unfiltered.length; i++) {
            long t = System.nanoTime();
            KpiServiceAccess.compute(frame, KpiFilter.ALL);
            unfiltered[i] = (System.nanoTime() - t) / 1e6;
        }
        double[] fresh = new double[filters];
        for (int i = 0; i < filters; i++) {
            KpiFilter filter = randomFilter(random, countries, asOf);
            long t = System.nanoTime();
            KpiReport report = KpiServiceAccess.compute(frame, filter);
            fresh[i] = (System.nanoTime() - t) / 1e6;
            if (report.orders() < 0) {
                throw new IllegalStateException();
            }
        }
        long behaviours = System.nanoTime();
        int customers = Behaviours.before(frame, List.of(end.minusSeconds(180L * 86400), end.minusSeconds(90L * 86400),
                end)).stream().mapToInt(List::size).sum();
        long behavioursDone = System.nanoTime();

        // The seed's way, for scale: a pass over order entities (a tenth of them) summing revenue by country.
        long plain = System.nanoTime();
        java.util.Map<String, BigDecimal> byCountry = new java.util.HashMap<>();
        for (Order o : sample) {
            byCountry.merge(o.country, o.total, BigDecimal::add);
        }
        double plainMillis = (System.nanoTime() - plain) / 1e6 * 10;

        System.out.printf("KPIs, %d new filters (random country x random date range), each computed fresh: p50 %.1f ms,"
                + " p95 %.1f ms, max %.1f ms%n", filters, percentile(fresh, 50), percentile(fresh, 95),
                percentile(fresh, 100));
        System.out.printf("KPIs unfiltered: p50 %.1f ms, p95 %.1f ms; ratio p95 new filter / p95 unfiltered %.2f%n",
                percentile(unfiltered, 50), percentile(unfiltered, 95),
                percentile(fresh, 95) / percentile(unfiltered, 95));
        System.out.printf("per-customer behaviour at 3 cutoffs (churn's snapshots): %,d rows in %,d ms%n", customers,
                (behavioursDone - behaviours) / 1_000_000);
        System.out.printf("one plain-Java revenue-by-country pass over order entities (scaled from a tenth): %.1f ms;"
                + " ratio full KPI report from the frame (p50, unfiltered) / that one sum %.2f%n", plainMillis,
                percentile(unfiltered, 50) / plainMillis);
    }

    private static KpiFilter randomFilter(Random random, List<String> countries, LocalDate asOf) {
        LocalDate a = asOf.minusDays(random.nextInt(730));
        LocalDate b = asOf.minusDays(random.nextInt(730));
        LocalDate from = a.isBefore(b) ? a : b;
        LocalDate to = a.isBefore(b) ? b : a;
        String country = random.nextInt(5) == 0 ? null : countries.get(random.nextInt(countries.size()));
        return new KpiFilter(from, to, country);
    }

    private static double percentile(double[] values, double p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(p / 100 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}

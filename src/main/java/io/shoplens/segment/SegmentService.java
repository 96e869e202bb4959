package io.shoplens.segment;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;

import org.bson.Document;
import org.jboss.logging.Logger;

import io.shoplens.store.CollectionSwap;
import io.shoplens.store.Customer;
import io.shoplens.store.CustomerBehaviour;
import io.shoplens.store.CustomerBehaviours;
import io.shoplens.store.CustomerTruth;
import io.shoplens.store.DatasetChanged;
import io.shoplens.store.DatasetInfo;
import io.shoplens.store.DatasetStore;
import io.shoplens.store.Persona;

/**
 * Segments every customer once per dataset version, stores the result in {@code customer_segments}, and answers
 * pages from it: nothing is recomputed on a page view.
 */
@ApplicationScoped
public class SegmentService {
    private static final Logger LOG = Logger.getLogger(SegmentService.class);
    public static final String NO_ORDERS = "No orders yet";

    @Inject
    DatasetStore store;
    @Inject
    CustomerBehaviours behaviours;
    @Inject
    SegmentConfig config;

    private volatile SegmentSummary summary;

    void onDatasetChanged(@ObservesAsync DatasetChanged event) {
        try {
            summary();
        } catch (RuntimeException e) {
            LOG.error("Segmentation after the dataset change failed; it will be retried on the next request", e);
        }
    }

    /** The summary for the current dataset, computing and storing the segments first if they are stale. */
    public synchronized SegmentSummary summary() {
        DatasetInfo dataset = store.current().orElse(null);
        long version = dataset == null ? 0 : dataset.version;
        SegmentSummary current = summary;
        if (current != null && current.datasetVersion() == version) {
            return current;
        }
        List<CustomerSegment> segments;
        if (dataset == null) {
            segments = List.of();
        } else if (CustomerSegment.find("datasetVersion", version).firstResult() != null) {
            segments = CustomerSegment.listAll();
        } else {
            long started = System.nanoTime();
            segments = compute(dataset);
            CollectionSwap.replace(CustomerSegment.COLLECTION, CustomerSegment.class, segments);
            LOG.infof("Segmented %d customers of dataset version %d in %d ms", segments.size(), version,
                    (System.nanoTime() - started) / 1_000_000);
        }
        summary = summarise(version, segments, dataset != null && dataset.simulated() ? truth() : null);
        return summary;
    }

    public Optional<CustomerSegment> customer(String id) {
        summary();
        return CustomerSegment.findByIdOptional(id);
    }

    /**
     * Customers whose id, name or email contains {@code query} (case-insensitive), in a persona or RFM segment if
     * one is given, by revenue.
     */
    public CustomerPage search(String query, String segment, int page, int size) {
        summary();
        Document filter = new Document();
        if (query != null && !query.isBlank()) {
            String pattern = Pattern.quote(query.trim());
            filter.append("$or", List.of(new Document("_id", new Document("$regex", pattern).append("$options", "i")),
                    new Document("name", new Document("$regex", pattern).append("$options", "i")),
                    new Document("email", new Document("$regex", pattern).append("$options", "i"))));
        }
        if (segment != null && !segment.isBlank()) {
            filter.putAll(segmentFilter(segment));
        }
        var found = CustomerSegment.find(filter, new Document("revenue", -1).append("_id", 1));
        long total = found.count();
        List<CustomerSegment> rows = found.page(page, size).list();
        return new CustomerPage(rows, page, size, total);
    }

    /** One page of customers, {@code page} counted from 0. */
    public record CustomerPage(List<CustomerSegment> customers, int page, int size, long total) {
        public int pages() {
            return (int) Math.max(1, (total + size - 1) / size);
        }

        public int number() {
            return page + 1;
        }

        public int previous() {
            return page - 1;
        }

        public int next() {
            return page + 1;
        }

        public boolean hasNext() {
            return page + 1 < pages();
        }
    }

    /** Segment names a user can filter by: the personas, "none" for no orders, and the RFM segments. */
    public static List<String> segmentNames() {
        List<String> names = new ArrayList<>();
        for (Persona p : Persona.values()) {
            names.add(p.name());
        }
        names.add("NONE");
        for (RfmSegment s : RfmSegment.values()) {
            names.add(s.name());
        }
        return names;
    }

    private static Document segmentFilter(String segment) {
        String name = segment.trim().toUpperCase(java.util.Locale.ROOT);
        if (name.equals("NONE")) {
            return new Document("persona", null);
        }
        for (Persona p : Persona.values()) {
            if (p.name().equals(name)) {
                return new Document("persona", p.name());
            }
        }
        for (RfmSegment s : RfmSegment.values()) {
            if (s.name().equals(name)) {
                return new Document("rfmSegment", s.name());
            }
        }
        throw new io.shoplens.common.ValidationException("segment", "unknown segment '" + segment + "'; use one of "
                + String.join(", ", segmentNames()));
    }

    List<CustomerSegment> compute(DatasetInfo dataset) {
        Instant asOf = dataset.end();
        List<CustomerBehaviour> active = behaviours.before(asOf);
        PersonaRules rules = new PersonaRules(config, asOf, active);
        int n = active.size();
        double[] recency = new double[n];
        double[] frequency = new double[n];
        double[] monetary = new double[n];
        for (int i = 0; i < n; i++) {
            recency[i] = active.get(i).recencyDays(asOf);
            frequency[i] = active.get(i).orders();
            monetary[i] = active.get(i).revenue().doubleValue();
        }
        int[] r = Rfm.scores(recency, true);
        int[] f = Rfm.scores(frequency, false);
        int[] m = Rfm.scores(monetary, false);
        Map<String, Customer> customers = Customer.allById();
        List<CustomerSegment> segments = new ArrayList<>(Math.max(n, customers.size()));
        for (int i = 0; i < n; i++) {
            CustomerBehaviour b = active.get(i);
            CustomerSegment s = base(dataset.version, b.customerId(), customers.remove(b.customerId()), b.country());
            s.persona = rules.classify(b);
            s.orders = b.orders();
            s.revenue = b.revenue();
            s.averageBasket = b.averageBasket();
            s.promoShare = b.promoShare();
            s.averageDiscount = b.promoOrders() == 0 ? BigDecimal.ZERO.setScale(2)
                    : b.discount().divide(BigDecimal.valueOf(b.promoOrders()), 2, RoundingMode.HALF_UP);
            s.firstOrder = b.firstOrder();
            s.lastOrder = b.lastOrder();
            s.recencyDays = b.recencyDays(asOf);
            s.tenureDays = b.tenureDays(asOf);
            s.meanGapDays = finite(b.meanGapDays());
            s.gapSpreadDays = finite(b.gapSpreadDays());
            s.purchasesPerYear = rules.ratePerYear(b);
            s.recencyScore = r[i];
            s.frequencyScore = f[i];
            s.monetaryScore = m[i];
            s.rfmSegment = Rfm.segment(r[i], f[i]);
            segments.add(s);
        }
        for (Customer c : customers.values()) {
            CustomerSegment s = base(dataset.version, c.id, c, c.country);
            s.revenue = BigDecimal.ZERO.setScale(2);
            s.averageBasket = BigDecimal.ZERO.setScale(2);
            s.averageDiscount = BigDecimal.ZERO.setScale(2);
            segments.add(s);
        }
        return segments;
    }

    private static CustomerSegment base(long version, String id, Customer customer, String country) {
        CustomerSegment s = new CustomerSegment();
        s.id = id;
        s.datasetVersion = version;
        s.name = customer == null ? id : customer.displayName();
        s.email = customer == null ? null : customer.email;
        s.city = customer == null ? null : customer.city;
        s.country = customer != null && customer.country != null ? customer.country : country;
        return s;
    }

    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }

    private static Map<String, Persona> truth() {
        Map<String, Persona> truth = new HashMap<>();
        for (CustomerTruth t : CustomerTruth.<CustomerTruth>findAll().list()) {
            truth.put(t.id, t.persona);
        }
        return truth;
    }

    SegmentSummary summarise(long version, List<CustomerSegment> segments, Map<String, Persona> truth) {
        BigDecimal totalRevenue = segments.stream().map(s -> s.revenue).reduce(BigDecimal.ZERO, BigDecimal::add);
        long customers = segments.size();
        Map<String, List<CustomerSegment>> byPersona = new LinkedHashMap<>();
        for (Persona p : Persona.values()) {
            byPersona.put(p.label(), new ArrayList<>());
        }
        byPersona.put(NO_ORDERS, new ArrayList<>());
        Map<RfmSegment, List<CustomerSegment>> byRfm = new EnumMap<>(RfmSegment.class);
        for (RfmSegment s : RfmSegment.values()) {
            byRfm.put(s, new ArrayList<>());
        }
        long[][] grid = new long[5][5];
        for (CustomerSegment s : segments) {
            byPersona.get(s.personaLabel()).add(s);
            if (s.rfmSegment != null) {
                byRfm.get(s.rfmSegment).add(s);
                grid[s.recencyScore - 1][s.frequencyScore - 1]++;
            }
        }
        Map<String, String> personaRules = personaRules();
        List<SegmentSummary.Group> personas = new ArrayList<>();
        byPersona.forEach((name, members) -> personas.add(group(name, personaRules.get(name), members, customers,
                totalRevenue)));
        List<SegmentSummary.Group> rfm = new ArrayList<>();
        byRfm.forEach((segment, members) -> rfm.add(group(segment.label(), segment.rule(), members, customers,
                totalRevenue)));
        return new SegmentSummary(version, customers, personas, rfm, grid,
                truth == null || truth.isEmpty() ? null : agreement(segments, truth), thresholds(segments));
    }

    private Map<String, String> personaRules() {
        Map<String, String> rules = new HashMap<>();
        rules.put(Persona.PROMO_ADDICT.label(), "promo code on at least " + Math.round(config.promoShare() * 100)
                + "% of orders");
        rules.put(Persona.VIP.label(), "average basket ≥ " + config.vipBasketFactor() + " × median and purchase rate ≥ "
                + config.vipRateFactor() + " × median");
        rules.put(Persona.REGULAR.label(), "purchase rate ≥ " + config.regularRateFactor() + " × median");
        rules.put(Persona.OCCASIONAL.label(), "everyone else with orders");
        rules.put(NO_ORDERS, "signed up, never ordered");
        return rules;
    }

    private SegmentSummary.Thresholds thresholds(List<CustomerSegment> segments) {
        double[] baskets = segments.stream().filter(s -> s.persona != null)
                .mapToDouble(s -> s.averageBasket.doubleValue()).toArray();
        double[] rates = segments.stream().filter(s -> s.persona != null).mapToDouble(s -> s.purchasesPerYear)
                .toArray();
        double medianBasket = PersonaRules.median(baskets);
        double medianRate = PersonaRules.median(rates);
        return new SegmentSummary.Thresholds(config.promoShare(), medianBasket, config.vipBasketFactor() * medianBasket,
                medianRate, config.vipRateFactor() * medianRate, config.regularRateFactor() * medianRate,
                config.minRateWindowDays());
    }

    private static SegmentSummary.Group group(String name, String rule, List<CustomerSegment> members,
            long customers, BigDecimal totalRevenue) {
        BigDecimal revenue = members.stream().map(s -> s.revenue).reduce(BigDecimal.ZERO, BigDecimal::add);
        long orders = members.stream().mapToLong(s -> s.orders).sum();
        double promoOrders = members.stream().mapToDouble(s -> s.promoShare * s.orders).sum();
        double rate = members.stream().filter(s -> s.purchasesPerYear != null).mapToDouble(s -> s.purchasesPerYear)
                .average().orElse(0);
        return new SegmentSummary.Group(name, rule, members.size(), ratio(members.size(), customers),
                revenue.setScale(2, RoundingMode.HALF_UP), totalRevenue.signum() == 0 ? 0
                        : revenue.doubleValue() / totalRevenue.doubleValue(),
                orders == 0 ? BigDecimal.ZERO.setScale(2) : revenue.divide(BigDecimal.valueOf(orders), 2,
                        RoundingMode.HALF_UP),
                orders == 0 ? 0 : promoOrders / orders, ratio(orders, members.size()), rate);
    }

    /** Customers with orders only: those without have no persona to guess. */
    static SegmentSummary.Agreement agreement(List<CustomerSegment> segments, Map<String, Persona> truth) {
        Persona[] personas = Persona.values();
        long[][] matrix = new long[personas.length][personas.length];
        long agreed = 0;
        long total = 0;
        for (CustomerSegment s : segments) {
            Persona actual = truth.get(s.id);
            if (s.persona == null || actual == null) {
                continue;
            }
            matrix[s.persona.ordinal()][actual.ordinal()]++;
            total++;
            agreed += s.persona == actual ? 1 : 0;
        }
        Function<Persona, String> label = Persona::label;
        List<List<Long>> rows = new ArrayList<>();
        for (long[] row : matrix) {
            rows.add(java.util.Arrays.stream(row).boxed().toList());
        }
        return new SegmentSummary.Agreement(ratio(agreed, total), total,
                java.util.Arrays.stream(personas).map(label).toList(), rows);
    }

    private static double ratio(long part, long whole) {
        return whole == 0 ? 0 : (double) part / whole;
    }
}

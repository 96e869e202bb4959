package io.shoplens.segment;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.shoplens.common.VersionedCache;
import io.shoplens.frame.Behaviours;
import io.shoplens.frame.CustomerBehaviour;
import io.shoplens.frame.OrderFrame;
import io.shoplens.store.CollectionSwap;
import io.shoplens.store.Persona;
import io.shoplens.store.ShopRepository;

/**
 * Segments every customer once per dataset version from the analysis frame, keeps the result in memory for the
 * pages (search included), and stores it in {@code customer_segments} for whoever reads MongoDB directly.
 */
@ApplicationScoped
public class SegmentService {
    private static final Logger LOG = Logger.getLogger(SegmentService.class);
    public static final String NO_ORDERS = "No orders yet";

    @Inject
    ShopRepository shop;
    @Inject
    SegmentConfig config;

    private volatile Segmentation current;
    private Map<String, Persona> personas = new HashMap<>();
    private long personasVersion = -1;
    /**
     * Matching positions per search, so that paging through a search and the same search from many visitors scan
     * the customers once (a scan of 100,000 is a few milliseconds, which sixteen visitors at once turn into tens).
     */
    private final VersionedCache<List<String>, int[]> searches = new VersionedCache<>(64);

    /** The segments of one dataset version, by revenue, with what the search matches on. */
    /** @param frameStamp the frame's {@link OrderFrame#stamp()}: appends segment a version again */
    public record Segmentation(SegmentSummary summary, List<CustomerSegment> byRevenue,
            Map<String, CustomerSegment> byId, String[] searchText, long frameStamp) {
    }

    /**
     * Segments the frame's customers and serves the result unless a newer dataset's is serving already. The hidden
     * personas are read only to measure the rules against them, never to decide a segment.
     */
    public Segmentation segment(OrderFrame frame, boolean simulated) {
        long started = System.nanoTime();
        List<CustomerSegment> segments = compute(frame);
        Map<String, Persona> truth = simulated ? personas(frame.version(), segments) : null;
        SegmentSummary summary = summarise(frame.version(), segments, truth);
        List<CustomerSegment> byRevenue = new ArrayList<>(segments);
        byRevenue.sort(Comparator.comparing((CustomerSegment s) -> s.revenue).reversed()
                .thenComparing(s -> s.id));
        Map<String, CustomerSegment> byId = new HashMap<>(segments.size() * 2);
        String[] text = new String[byRevenue.size()];
        for (int i = 0; i < byRevenue.size(); i++) {
            CustomerSegment s = byRevenue.get(i);
            byId.put(s.id, s);
            text[i] = (s.id + "\n" + s.name + "\n" + (s.email == null ? "" : s.email)).toLowerCase(Locale.ROOT);
        }
        Segmentation result = new Segmentation(summary, List.copyOf(byRevenue), byId, text, frame.stamp());
        boolean again;
        synchronized (this) {
            // Appends segment again off the frame's own thread, so an older frame's result may come in late.
            Segmentation serving = current;
            again = serving != null && serving.summary().datasetVersion() == frame.version();
            if (serving == null || serving.summary().datasetVersion() < frame.version()
                    || again && serving.frameStamp() < frame.stamp()) {
                current = result;
            }
        }
        // After appends this runs about once a second: the version's first segmentation is the one worth a line.
        LOG.logf(again ? Logger.Level.DEBUG : Logger.Level.INFO, "Segmented %d customers of dataset version %d in %d ms",
                segments.size(), frame.version(), (System.nanoTime() - started) / 1_000_000);
        return result;
    }

    /** Replaces {@code customer_segments} with the segmentation, for readers of the database. */
    public void store(Segmentation segmentation) {
        CollectionSwap.replace(CustomerSegment.COLLECTION, CustomerSegment.class, segmentation.byRevenue());
    }

    /** The summary of the newest segmentation, empty until the first one. */
    public Optional<SegmentSummary> summary() {
        Segmentation s = current;
        return s == null ? Optional.empty() : Optional.of(s.summary());
    }

    public Optional<CustomerSegment> customer(String id) {
        Segmentation s = current;
        return s == null ? Optional.empty() : Optional.ofNullable(s.byId().get(id));
    }

    /**
     * Customers whose id, name or email contains {@code query} (case-insensitive), in a persona or RFM segment if
     * one is given, by revenue.
     */
    public CustomerPage search(String query, String segment, int page, int size) {
        Segmentation s = current;
        if (s == null) {
            return new CustomerPage(List.of(), page, size, 0);
        }
        Predicate<CustomerSegment> inSegment = segment == null || segment.isBlank() ? c -> true
                : segmentFilter(segment);
        String needle = query == null || query.isBlank() ? null : query.trim().toLowerCase(Locale.ROOT);
        if (needle == null && (segment == null || segment.isBlank())) {
            int from = (int) Math.min((long) page * size, s.byRevenue().size());
            return new CustomerPage(s.byRevenue().subList(from, Math.min(from + size, s.byRevenue().size())), page,
                    size, s.byRevenue().size());
        }
        int[] matches = searches.get(s.frameStamp(), java.util.Arrays.asList(needle,
                segment == null ? null : segment.trim().toUpperCase(Locale.ROOT)), () -> {
                    int[] found = new int[s.byRevenue().size()];
                    int n = 0;
                    for (int i = 0; i < found.length; i++) {
                        if ((needle == null || s.searchText()[i].contains(needle))
                                && inSegment.test(s.byRevenue().get(i))) {
                            found[n++] = i;
                        }
                    }
                    return java.util.Arrays.copyOf(found, n);
                });
        List<CustomerSegment> rows = new ArrayList<>(size);
        for (long i = (long) page * size; i < matches.length && rows.size() < size; i++) {
            rows.add(s.byRevenue().get(matches[(int) i]));
        }
        return new CustomerPage(rows, page, size, matches.length);
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

    private static Predicate<CustomerSegment> segmentFilter(String segment) {
        String name = segment.trim().toUpperCase(Locale.ROOT);
        if (name.equals("NONE")) {
            return c -> c.persona == null;
        }
        for (Persona p : Persona.values()) {
            if (p.name().equals(name)) {
                return c -> c.persona == p;
            }
        }
        for (RfmSegment r : RfmSegment.values()) {
            if (r.name().equals(name)) {
                return c -> c.rfmSegment == r;
            }
        }
        throw new io.shoplens.common.ValidationException("segment", "unknown segment "
                + io.shoplens.common.Quote.of(segment) + "; use one of "
                + String.join(", ", segmentNames()));
    }

    List<CustomerSegment> compute(OrderFrame frame) {
        Instant asOf = frame.end();
        List<CustomerBehaviour> active = Behaviours.before(frame, asOf);
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
        List<CustomerSegment> segments = new ArrayList<>(frame.customerCount());
        boolean[] ordered = new boolean[frame.customerCount()];
        for (int i = 0; i < n; i++) {
            CustomerBehaviour b = active.get(i);
            int code = frame.customerCode(b.customerId()).getAsInt();
            ordered[code] = true;
            CustomerSegment s = base(frame, code);
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
        for (int code = 0; code < frame.customerCount(); code++) {
            if (ordered[code]) {
                continue;
            }
            CustomerSegment s = base(frame, code);
            s.revenue = BigDecimal.ZERO.setScale(2);
            s.averageBasket = BigDecimal.ZERO.setScale(2);
            s.averageDiscount = BigDecimal.ZERO.setScale(2);
            segments.add(s);
        }
        return segments;
    }

    private static CustomerSegment base(OrderFrame frame, int code) {
        CustomerSegment s = new CustomerSegment();
        s.id = frame.customerId(code);
        s.datasetVersion = frame.version();
        s.name = frame.customerName(code);
        s.email = frame.customerEmail(code);
        s.city = frame.customerCity(code);
        s.country = frame.customerCountry(code);
        return s;
    }

    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }

    /**
     * The hidden persona of each segmented customer (null for one without truth: a customer an append brought).
     * A persona never changes, so after appends only the customers not seen yet are read, not the whole truth
     * collection on every pass.
     */
    private synchronized Map<String, Persona> personas(long version, List<CustomerSegment> segments) {
        if (personasVersion != version) {
            personas = new HashMap<>();
            shop.truth().forEach((id, t) -> personas.put(id, t.persona));
            personasVersion = version;
        }
        List<String> unseen = segments.stream().map(s -> s.id).filter(id -> !personas.containsKey(id)).toList();
        if (!unseen.isEmpty()) {
            unseen.forEach(id -> personas.put(id, null));
            shop.truth(unseen).forEach(t -> personas.put(t.id, t.persona));
        }
        return new HashMap<>(personas);
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

package io.shoplens.simulate;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;

import io.shoplens.store.Customer;
import io.shoplens.store.CustomerTruth;
import io.shoplens.store.Order;
import io.shoplens.store.OrderLine;
import io.shoplens.store.Persona;
import io.shoplens.store.Product;
import net.datafaker.Faker;

/**
 * Simulates a shop. Each customer draws a persona, a purchase rate and a drop-out chance per purchase; while alive
 * they buy as a Poisson process shaped by the calendar, and after each purchase they may drop out for good (BG/NBD).
 * Every customer has random streams of its own, derived from the seed and its index, so the rate calibration can
 * replay the purchase timelines cheaply and the result does not depend on batch sizes or threads.
 *
 * <p>The purchase rates are scaled by one factor so that the order count lands near the target; the drop-out chance is
 * scaled by its inverse, which keeps each persona's expected lifetime in days, and so the churn pattern, unchanged.
 */
public final class ShopSimulator {
    private static final double FIRST_ORDER_CHANCE = 0.92;
    private static final double ZIPF_EXPONENT = 1.07;
    private static final int MAX_LINES = 8;
    static final double MAX_DROPOUT = 0.95;
    private static final double MEAN_RETURN_DAYS = 6;
    private static final double WHOLE_ORDER_RETURNS = 0.35;
    private static final String[] COUNTRIES = { "France", "Germany", "United Kingdom", "Spain", "Italy", "Belgium",
            "Netherlands", "Switzerland", "United States", "Canada" };
    private static final double[] COUNTRY_WEIGHTS = { 30, 15, 15, 10, 10, 5, 5, 4, 4, 2 };
    private static final double[] COUNTRY_CDF = cdf(COUNTRY_WEIGHTS);

    private final SimulationSettings settings;
    private final ShopCalendar calendar;
    private final Instant windowStart;
    private final Persona[] personas;
    private final double[] personaCdf;
    private final Map<Persona, PersonaProfile> profiles;
    private final Map<Persona, double[]> dayWeights = new EnumMap<>(Persona.class);
    private final Map<Persona, Double> maxDayWeight = new EnumMap<>(Persona.class);
    private double rateScale = Double.NaN;
    private long plannedOrders = -1;

    public ShopSimulator(SimulationSettings settings) {
        this(settings, PersonaProfile.DEFAULTS);
    }

    ShopSimulator(SimulationSettings settings, Map<Persona, PersonaProfile> profiles) {
        this.settings = settings;
        this.profiles = profiles;
        this.calendar = new ShopCalendar(settings.asOf().minusDays(settings.days() - 1L), settings.days());
        this.windowStart = calendar.start().atStartOfDay(ZoneOffset.UTC).toInstant();
        this.personas = Persona.values();
        this.personaCdf = cdf(Arrays.stream(personas)
                .mapToDouble(p -> Math.max(0, settings.personaMix().getOrDefault(p, 0.0))).toArray());
        for (Persona persona : personas) {
            double[] weights = dayWeights(calendar, profiles.get(persona));
            dayWeights.put(persona, weights);
            maxDayWeight.put(persona, Arrays.stream(weights).max().orElse(0));
        }
    }

    /**
     * Each day's weight of a customer's purchase rate: the calendar's multiplier, times the persona's campaign boost
     * while a campaign runs.
     */
    static double[] dayWeights(ShopCalendar calendar, PersonaProfile profile) {
        double[] weights = new double[calendar.days()];
        for (int d = 0; d < weights.length; d++) {
            weights[d] = calendar.multiplier(d) * (calendar.campaign(d) != null ? profile.campaignBoost() : 1.0);
        }
        return weights;
    }

    /** The order count the simulation will produce, after calibrating the rate scale to the target. */
    public long plannedOrders() {
        calibrate();
        return plannedOrders;
    }

    /** Streams the whole shop into the sink: products first, then each customer with its truth and its orders. */
    public SimulationResult run(Sink sink) {
        calibrate();
        Faker faker = new Faker(Locale.ENGLISH, new Random(settings.seed()));
        List<Product> products = products(faker);
        products.forEach(sink::product);
        ProductPicker picker = new ProductPicker(products, new SplittableRandom(mix(settings.seed(), -1, 3)));
        long orderSeq = 0;
        long returnCount = 0;
        Instant first = null;
        Instant last = null;
        for (int i = 0; i < settings.customers(); i++) {
            Timeline timeline = timeline(i, rateScale);
            SplittableRandom rng = new SplittableRandom(mix(settings.seed(), i, 2));
            // Returns draw from a stream of their own, so that the sales are the same whatever the return rate.
            SplittableRandom returnRng = new SplittableRandom(mix(settings.seed(), i, 5));
            Customer customer = customer(i, timeline, faker, rng);
            double returnRate = Math.min(1, settings.returnRate() * profiles.get(timeline.persona).returnPropensity());
            List<Order> orders = new ArrayList<>(timeline.purchases.size());
            List<Order> returns = new ArrayList<>();
            for (int k = 0; k < timeline.purchases.size(); k++) {
                double t = timeline.purchases.get(k);
                Order order = order(++orderSeq, customer, timeline, t, picker, rng);
                first = first == null || order.date.isBefore(first) ? order.date : first;
                last = last == null || order.date.isAfter(last) ? order.date : last;
                orders.add(order);
                if (returnRng.nextDouble() < returnRate) {
                    Order back = returnOf(order, t, returnRng);
                    if (back != null) {
                        returns.add(back);
                    }
                }
            }
            sink.customer(customer, truth(customer.id, timeline, returnRate, returns.size()));
            orders.forEach(sink::order);
            returns.forEach(sink::order);
            returnCount += returns.size();
        }
        return new SimulationResult(settings.customers(), products.size(), orderSeq, returnCount, rateScale, first,
                last);
    }

    private void calibrate() {
        if (plannedOrders >= 0) {
            return;
        }
        // Orders beyond each customer's first grow about in proportion to the scale (more purchases per day, same
        // lifetime in days), so a proportional step lands close; a bracket keeps the search safe where it does not.
        double tolerance = Math.max(1, settings.orders() * 0.002);
        double low = 0;
        double high = Double.POSITIVE_INFINITY;
        double scale = 1.0;
        double bestScale = scale;
        long bestCount = -1;
        for (int iteration = 0; iteration < 40; iteration++) {
            long count = 0;
            long firsts = 0;
            for (int i = 0; i < settings.customers(); i++) {
                Timeline t = timeline(i, scale);
                count += t.purchases.size();
                firsts += t.purchases.isEmpty() ? 0 : 1;
            }
            if (bestCount < 0 || Math.abs(count - settings.orders()) < Math.abs(bestCount - settings.orders())) {
                bestCount = count;
                bestScale = scale;
            }
            if (Math.abs(count - settings.orders()) <= tolerance || (count == firsts && count > settings.orders())) {
                break;
            }
            if (count < settings.orders()) {
                low = scale;
            } else {
                high = scale;
            }
            double guess = count > firsts ? scale * Math.max(1, settings.orders() - firsts) / (count - firsts)
                    : scale * 2;
            boolean inside = guess > low && guess < high && (high == Double.POSITIVE_INFINITY || guess != scale);
            scale = inside ? guess : high == Double.POSITIVE_INFINITY ? scale * 2 : Math.sqrt(Math.max(low, 1e-6) * high);
            scale = Math.min(1e4, Math.max(1e-4, scale));
        }
        rateScale = bestScale;
        plannedOrders = bestCount;
    }

    /** The purchase moments (days since the window start) of customer i, from its own random stream. */
    Timeline timeline(int index, double scale) {
        SplittableRandom rng = new SplittableRandom(mix(settings.seed(), index, 1));
        Persona persona = personas[pick(personaCdf, rng.nextDouble())];
        PersonaProfile profile = profiles.get(persona);
        double ratePerDay = profile.ordersPerYear() / 365.0 * gamma(profile.rateShape(), rng) / profile.rateShape()
                * scale;
        double dropout = Math.min(MAX_DROPOUT, profile.dropoutProbability() / scale);
        int days = calendar.days();
        double signup = days * (Math.sqrt(1 + 3 * rng.nextDouble()) - 1);
        List<Double> purchases = new ArrayList<>();
        double dropoutAt = Double.NaN;
        if (rng.nextDouble() < FIRST_ORDER_CHANCE) {
            purchases.add(signup);
            if (rng.nextDouble() < dropout) {
                dropoutAt = signup;
            }
        }
        double[] weights = dayWeights.get(persona);
        double max = maxDayWeight.get(persona);
        double t = signup;
        while (!purchases.isEmpty() && Double.isNaN(dropoutAt)) {
            t += -Math.log(1 - rng.nextDouble()) / (ratePerDay * max);
            if (t >= days) {
                break;
            }
            if (rng.nextDouble() * max < weights[(int) t]) {
                purchases.add(t);
                if (rng.nextDouble() < dropout) {
                    dropoutAt = t;
                }
            }
        }
        return new Timeline(persona, ratePerDay, dropout, signup, purchases, dropoutAt);
    }

    private List<Product> products(Faker faker) {
        SplittableRandom rng = new SplittableRandom(mix(settings.seed(), -1, 4));
        List<Product> products = new ArrayList<>(settings.products());
        for (int i = 0; i < settings.products(); i++) {
            Product p = new Product();
            p.id = id('P', i + 1, 5);
            p.name = faker.commerce().productName();
            p.category = faker.commerce().department();
            double price = Math.exp(Math.log(25) + 0.8 * rng.nextGaussian());
            p.price = BigDecimal.valueOf(Math.min(499, Math.max(2, Math.floor(price))) + 0.99).setScale(2,
                    RoundingMode.HALF_UP);
            products.add(p);
        }
        return products;
    }

    private Customer customer(int index, Timeline timeline, Faker faker, SplittableRandom rng) {
        Customer c = profile(id('C', index + 1, 6), String.valueOf(index + 1), faker, rng);
        c.signupDate = at(timeline.signup);
        return c;
    }

    /**
     * A customer's name, e-mail (made unique by {@code emailNumber}), city and country, drawn in that order; shared
     * with {@link LiveShop}, whose new customers look like the generated ones.
     */
    static Customer profile(String id, String emailNumber, Faker faker, SplittableRandom rng) {
        Customer c = new Customer();
        c.id = id;
        c.firstName = faker.name().firstName();
        c.lastName = faker.name().lastName();
        c.email = (c.firstName + "." + c.lastName).toLowerCase(Locale.ROOT).replaceAll("[^a-z.]", "") + "."
                + emailNumber + "@example.com";
        c.city = faker.address().city();
        c.country = COUNTRIES[pick(COUNTRY_CDF, rng.nextDouble())];
        return c;
    }

    private CustomerTruth truth(String customerId, Timeline timeline, double returnRate, int returns) {
        CustomerTruth truth = new CustomerTruth();
        truth.id = customerId;
        truth.persona = timeline.persona;
        truth.purchaseRatePerDay = timeline.ratePerDay;
        truth.dropoutProbability = timeline.dropoutProbability;
        truth.dropoutDate = Double.isNaN(timeline.dropoutAt) ? null : at(timeline.dropoutAt);
        truth.returnRate = returnRate;
        truth.returns = returns;
        return truth;
    }

    private Order order(long seq, Customer customer, Timeline timeline, double t, ProductPicker picker,
            SplittableRandom rng) {
        return order(id('O', seq, 8), customer.id, customer.country, profiles.get(timeline.persona), at(t),
                calendar.campaign((int) t), picker, rng);
    }

    /**
     * One order of a customer of {@code profile} on a day with {@code campaign} running (or none): its lines from the
     * picker, quantities, and the promo code it uses. Shared with {@link LiveShop}, so a live shop's orders look like
     * the generated ones.
     */
    static Order order(String id, String customerId, String country, PersonaProfile profile, Instant date,
            ShopCalendar.Campaign campaign, ProductPicker picker, SplittableRandom rng) {
        Order order = new Order();
        order.id = id;
        order.customerId = customerId;
        order.date = date;
        order.country = country;
        int lineCount = Math.min(Math.min(MAX_LINES, picker.size()), 1 + poisson(profile.extraLines(), rng));
        List<OrderLine> lines = new ArrayList<>(lineCount);
        boolean[] taken = new boolean[picker.size()];
        for (int l = 0; l < lineCount; l++) {
            int p = picker.pick(profile.premium(), taken, rng);
            taken[p] = true;
            Product product = picker.product(p);
            lines.add(new OrderLine(product.id, product.name, 1 + poisson(profile.extraQuantity(), rng),
                    product.price));
        }
        order.lines = lines;
        ShopCalendar.Campaign used = null;
        if (campaign != null && rng.nextDouble() < profile.campaignPromoUse()) {
            used = campaign;
        } else if (campaign == null && rng.nextDouble() < profile.evergreenPromoUse()) {
            used = ShopCalendar.NEWSLETTER;
        }
        BigDecimal subtotal = order.subtotal();
        order.promoCode = used == null ? null : used.code();
        order.discount = used == null ? BigDecimal.ZERO.setScale(2)
                : subtotal.multiply(used.rate()).setScale(2, RoundingMode.HALF_UP);
        order.total = subtotal.subtract(order.discount);
        return order;
    }

    /**
     * A return of the sale made at day {@code t}, {@link #returnDelay} later. Null when it would fall after the window:
     * it has not happened yet.
     */
    private Order returnOf(Order sale, double t, SplittableRandom rng) {
        double when = t + returnDelay(rng);
        if (when >= calendar.days()) {
            return null;
        }
        return returnOf(sale, "R" + sale.id.substring(1), at(when), rng);
    }

    /** Days from a sale to its return: one plus an exponential wait of mean {@value #MEAN_RETURN_DAYS} days. */
    static double returnDelay(SplittableRandom rng) {
        return 1 + -Math.log(1 - rng.nextDouble()) * MEAN_RETURN_DAYS;
    }

    /**
     * The return {@code id} of {@code sale} on {@code date}: the whole order or one line, in whole or in part. Refunds
     * are at the price paid, the order's discount taken off.
     */
    static Order returnOf(Order sale, String id, Instant date, SplittableRandom rng) {
        BigDecimal subtotal = sale.subtotal();
        BigDecimal paidShare = subtotal.signum() == 0 ? BigDecimal.ONE
                : sale.total.divide(subtotal, 10, RoundingMode.HALF_UP);
        boolean whole = rng.nextDouble() < WHOLE_ORDER_RETURNS;
        int only = rng.nextInt(sale.lines.size());
        List<OrderLine> lines = new ArrayList<>();
        for (int l = 0; l < sale.lines.size(); l++) {
            OrderLine line = sale.lines.get(l);
            if (whole || l == only) {
                int quantity = whole ? line.quantity : 1 + rng.nextInt(line.quantity);
                lines.add(new OrderLine(line.productId, line.productName, -quantity,
                        line.unitPrice.multiply(paidShare).setScale(2, RoundingMode.HALF_UP)));
            }
        }
        Order back = new Order();
        back.id = id;
        back.customerId = sale.customerId;
        back.date = date;
        back.country = sale.country;
        back.lines = lines;
        back.discount = BigDecimal.ZERO.setScale(2);
        back.total = back.subtotal();
        return back;
    }

    private Instant at(double dayOffset) {
        return windowStart.plusSeconds((long) (dayOffset * 86_400));
    }

    /** A prefix and a zero-padded number: String.format costs more than the rest of an order. */
    static String id(char prefix, long number, int width) {
        String digits = Long.toString(number);
        StringBuilder sb = new StringBuilder(1 + Math.max(width, digits.length())).append(prefix);
        for (int i = digits.length(); i < width; i++) {
            sb.append('0');
        }
        return sb.append(digits).toString();
    }

    static long mix(long seed, long index, long stream) {
        long z = seed * 0x9E3779B97F4A7C15L + index * 0xBF58476D1CE4E5B9L + stream * 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    static double[] cdf(double[] weights) {
        double total = Arrays.stream(weights).sum();
        double[] cdf = new double[weights.length];
        double acc = 0;
        for (int i = 0; i < weights.length; i++) {
            acc += weights[i] / total;
            cdf[i] = acc;
        }
        cdf[cdf.length - 1] = 1.0;
        return cdf;
    }

    static int pick(double[] cdf, double u) {
        int i = Arrays.binarySearch(cdf, u);
        i = i >= 0 ? i + 1 : -i - 1;
        return Math.min(i, cdf.length - 1);
    }

    static int poisson(double mean, SplittableRandom rng) {
        double limit = Math.exp(-mean);
        double product = rng.nextDouble();
        int k = 0;
        while (product > limit) {
            product *= rng.nextDouble();
            k++;
        }
        return k;
    }

    /** Marsaglia and Tsang's Gamma(shape, 1) sampler, for shape >= 1. */
    static double gamma(double shape, SplittableRandom rng) {
        double d = shape - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double x = rng.nextGaussian();
            double v = 1 + c * x;
            if (v <= 0) {
                continue;
            }
            v = v * v * v;
            double u = rng.nextDouble();
            if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) {
                return d * v;
            }
        }
    }

    /** Receives the simulated shop as it is produced, so that memory stays bounded whatever the size. */
    public interface Sink {
        void product(Product product);

        void customer(Customer customer, CustomerTruth truth);

        void order(Order order);
    }

    record Timeline(Persona persona, double ratePerDay, double dropoutProbability, double signup,
            List<Double> purchases, double dropoutAt) {
    }

    /** Zipf-skewed product popularity over a seeded random ranking. */
    static final class ProductPicker {
        private final List<Product> products;
        private final int[] byRank;
        private final double[] rankCdf;

        ProductPicker(List<Product> products, SplittableRandom rng) {
            this.products = products;
            this.byRank = new int[products.size()];
            for (int i = 0; i < byRank.length; i++) {
                byRank[i] = i;
            }
            for (int i = byRank.length - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int tmp = byRank[i];
                byRank[i] = byRank[j];
                byRank[j] = tmp;
            }
            double[] weights = new double[byRank.length];
            for (int r = 0; r < weights.length; r++) {
                weights[r] = 1 / Math.pow(r + 1, ZIPF_EXPONENT);
            }
            this.rankCdf = cdf(weights);
        }

        int size() {
            return products.size();
        }

        Product product(int index) {
            return products.get(index);
        }

        /** A product not yet taken if one turns up in a few draws; premium buyers keep the dearer of two draws. */
        int pick(boolean premium, boolean[] taken, SplittableRandom rng) {
            int chosen = draw(premium, rng);
            for (int attempt = 0; attempt < 8 && taken[chosen]; attempt++) {
                chosen = draw(premium, rng);
            }
            if (taken[chosen]) {
                for (int i = 0; i < taken.length; i++) {
                    if (!taken[i]) {
                        return i;
                    }
                }
            }
            return chosen;
        }

        private int draw(boolean premium, SplittableRandom rng) {
            int a = byRank[ShopSimulator.pick(rankCdf, rng.nextDouble())];
            if (!premium) {
                return a;
            }
            int b = byRank[ShopSimulator.pick(rankCdf, rng.nextDouble())];
            return products.get(a).price.compareTo(products.get(b).price) >= 0 ? a : b;
        }
    }
}

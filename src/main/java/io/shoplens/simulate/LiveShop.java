package io.shoplens.simulate;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.regex.Pattern;

import io.shoplens.store.Customer;
import io.shoplens.store.CustomerTruth;
import io.shoplens.store.Order;
import io.shoplens.store.Persona;
import io.shoplens.store.Product;
import net.datafaker.Faker;

/**
 * A simulated shop going on after its as-of date, one day at a time. Each customer who has ordered and not dropped
 * out goes on buying as the generator's model says: a Poisson process at their hidden rate, shaped by the same
 * calendar (weekday, month, campaigns and the persona's campaign boost), with their drop-out chance after every
 * purchase; by the process's lack of memory it may restart at any midnight. New customers arrive at
 * {@code newCustomersPerDay} times the day's calendar multiplier, with a persona from the mix and a rate and drop-out
 * chance drawn as the generator draws them, and place their first order on arrival.
 *
 * <p>Its sales are sent back as the generator's are: each with the customer's return chance, a day plus an exponential
 * wait of six days on average later (dropped after {@value #RETURN_WINDOW_DAYS} days), the whole order or one line.
 * A return waits in the shop until the day it falls on. The generated shop's sales are not sent back during the live
 * days: the generator dropped the returns that would fall after its as-of date, so the first live fortnight has fewer
 * returns (on day d, about exp(−(d − 1) / 6) of the usual share are missing).
 *
 * <p>Deterministic: every draw comes from a stream derived from the seed, the day and the customer's id (for a
 * return, the sale's number), and the customers are visited in id order, so the same seed and the same simulated
 * days give the same orders however the days are cut into ticks.
 */
public final class LiveShop {
    /** Streams of the live days, apart from the generator's. */
    private static final long LIVE = 0x4C495645L;
    /** Returns come at most this many days after their sale; the few later ones are not made. */
    static final int RETURN_WINDOW_DAYS = 60;
    private static final Pattern LIVE_SALE = Pattern.compile("L\\d{8,18}");

    /** What the live shop knows of a customer: the simulation truth and whether they are still buying. */
    public static final class Shopper {
        final String id;
        final String country;
        final CustomerTruth truth;
        boolean buying;

        public Shopper(String id, String country, CustomerTruth truth, boolean buying) {
            this.id = id;
            this.country = country;
            this.truth = truth;
            this.buying = buying;
        }
    }

    /**
     * One simulated day.
     *
     * @param truths the truth of each new customer, and of each customer who dropped out that day
     */
    public record Day(LocalDate date, List<Order> orders, List<Customer> newCustomers, List<CustomerTruth> truths) {
    }

    private final long seed;
    private final Map<Persona, PersonaProfile> profiles = PersonaProfile.DEFAULTS;
    private final ShopSimulator.ProductPicker picker;
    private final TreeMap<String, Shopper> shoppers = new TreeMap<>();
    private final Persona[] personas = Persona.values();
    private final double[] personaCdf;
    private final double rateScale;
    private final double baseReturnRate;
    /** Returns of sales already made, waiting for their day: by date, then id. */
    private final PriorityQueue<Order> pendingReturns = new PriorityQueue<>(
            Comparator.comparing((Order o) -> o.date).thenComparing(o -> o.id));
    private final double newCustomersPerDay;
    private final int existingCustomers;
    private long ordersMade;
    private int customersMade;

    /**
     * @param products the shop's products in id order (the generator's popularity ranking follows from it and the
     *        seed)
     * @param existingCustomers customers of the generated shop: new ones are numbered after them
     * @param ordersMade orders the live shop made before (its order ids go on from there)
     * @param customersMade customers the live shop brought in before
     * @param recentSales the live shop's sales of the {@value #RETURN_WINDOW_DAYS} days before the first it will
     *        make (more are ignored): their returns from that day on are still to come
     */
    public LiveShop(long seed, List<Product> products, Collection<Shopper> shoppers, int existingCustomers,
            double newCustomersPerDay, Map<Persona, Double> mix, long ordersMade, int customersMade,
            Collection<Order> recentSales) {
        this.seed = seed;
        List<Product> sorted = new ArrayList<>(products);
        sorted.sort(Comparator.comparing(p -> p.id));
        this.picker = new ShopSimulator.ProductPicker(sorted, new SplittableRandom(ShopSimulator.mix(seed, -1, 3)));
        shoppers.forEach(s -> this.shoppers.put(s.id, s));
        this.personaCdf = ShopSimulator.cdf(Arrays.stream(personas)
                .mapToDouble(p -> Math.max(0, mix.getOrDefault(p, 0.0))).toArray());
        List<Shopper> generated = shoppers.stream().filter(s -> !broughtIn(s.id, existingCustomers)).toList();
        this.rateScale = rateScale(generated, profiles);
        this.baseReturnRate = baseReturnRate(generated, profiles);
        this.newCustomersPerDay = newCustomersPerDay;
        this.existingCustomers = existingCustomers;
        this.ordersMade = ordersMade;
        this.customersMade = customersMade;
        recentSales.forEach(sale -> {
            Shopper s = this.shoppers.get(sale.customerId);
            long number = saleNumber(sale.id);
            // Only the shop's own sales, made before: an appended order named like one is not sent back.
            if (s != null && number > 0 && number <= ordersMade) {
                sendBack(sale, number, s);
            }
        });
    }

    /**
     * The generator scales every rate by one factor to hit its order target; the factor is read back from the truth
     * (the rates' Gamma draws have mean 1), so that new customers buy as the generated ones do.
     */
    static double rateScale(Collection<Shopper> shoppers, Map<Persona, PersonaProfile> profiles) {
        double truth = 0;
        double unscaled = 0;
        for (Shopper s : shoppers) {
            truth += s.truth.purchaseRatePerDay;
            unscaled += profiles.get(s.truth.persona).ordersPerYear() / 365.0;
        }
        return unscaled == 0 ? 1 : truth / unscaled;
    }

    /**
     * The shop's return chance before the personas' propensities, read back from the generated customers' truth as
     * the rate scale is (a chance capped at 1 says nothing about it).
     */
    static double baseReturnRate(Collection<Shopper> shoppers, Map<Persona, PersonaProfile> profiles) {
        return shoppers.stream().filter(s -> s.truth.returnRate < 1)
                .mapToDouble(s -> s.truth.returnRate / profiles.get(s.truth.persona).returnPropensity()).average()
                .orElse(0);
    }

    /**
     * The number of a live sale from its id ("L" and the number in at least 8 digits, as the shop writes it), or -1
     * for any other id: an appended order may be called anything.
     */
    static long saleNumber(String id) {
        if (!LIVE_SALE.matcher(id).matches()) {
            return -1;
        }
        long number = Long.parseLong(id.substring(1));
        return ShopSimulator.id('L', number, 8).equals(id) ? number : -1;
    }

    /** Whether {@code id} is written as the live shop writes its sales' ids. */
    public static boolean isLiveSale(String id) {
        return saleNumber(id) > 0;
    }

    /** Customers the live shop brought in are numbered after the generated ones. */
    public static boolean broughtIn(String id, int existingCustomers) {
        return id.matches("C\\d{6,}") && Long.parseLong(id.substring(1)) > existingCustomers;
    }

    public long ordersMade() {
        return ordersMade;
    }

    public int customersMade() {
        return customersMade;
    }

    /** Simulates {@code date}: call once a day, in date order. */
    public Day next(LocalDate date) {
        ShopCalendar calendar = new ShopCalendar(date, 1);
        double multiplier = calendar.multiplier(0);
        ShopCalendar.Campaign campaign = calendar.campaign(0);
        Instant midnight = date.atStartOfDay(ZoneOffset.UTC).toInstant();
        long day = date.toEpochDay();
        List<Order> orders = new ArrayList<>();
        List<Customer> newCustomers = new ArrayList<>();
        List<CustomerTruth> truths = new ArrayList<>();

        SplittableRandom arrivals = new SplittableRandom(ShopSimulator.mix(seed ^ LIVE, -2, day));
        int arriving = poisson(newCustomersPerDay * multiplier, arrivals);
        Faker faker = arriving == 0 ? null : new Faker(Locale.ENGLISH, new Random(ShopSimulator.mix(seed ^ LIVE, -3,
                day)));
        Map<String, Double> arrivalTimes = new java.util.HashMap<>();
        for (int k = 0; k < arriving; k++) {
            Persona persona = personas[ShopSimulator.pick(personaCdf, arrivals.nextDouble())];
            PersonaProfile profile = profiles.get(persona);
            double rate = profile.ordersPerYear() / 365.0 * ShopSimulator.gamma(profile.rateShape(), arrivals)
                    / profile.rateShape() * rateScale;
            double dropout = Math.min(ShopSimulator.MAX_DROPOUT, profile.dropoutProbability() / rateScale);
            String id = ShopSimulator.id('C', existingCustomers + (++customersMade), 6);
            Customer c = ShopSimulator.profile(id, id.substring(1), faker, arrivals);
            double arrival = arrivals.nextDouble();
            c.signupDate = at(midnight, arrival);
            newCustomers.add(c);
            arrivalTimes.put(c.id, arrival);
            CustomerTruth t = new CustomerTruth();
            t.id = c.id;
            t.persona = persona;
            t.purchaseRatePerDay = rate;
            t.dropoutProbability = dropout;
            t.returnRate = Math.min(1, baseReturnRate * profile.returnPropensity());
            truths.add(t);
            shoppers.put(c.id, new Shopper(c.id, c.country, t, true));
        }

        for (Shopper s : shoppers.values()) {
            if (!s.buying) {
                continue;
            }
            SplittableRandom rng = new SplittableRandom(ShopSimulator.mix(seed ^ LIVE, s.id.hashCode(), day));
            PersonaProfile profile = profiles.get(s.truth.persona);
            double rate = s.truth.purchaseRatePerDay * multiplier * (campaign != null ? profile.campaignBoost() : 1.0);
            Double arrived = arrivalTimes.get(s.id);
            double t = arrived != null ? arrived : 0;
            boolean first = arrived != null;
            while (true) {
                if (!first) {
                    t += -Math.log(1 - rng.nextDouble()) / rate;
                    if (t >= 1) {
                        break;
                    }
                }
                first = false;
                Instant when = at(midnight, t);
                Order sale = ShopSimulator.order(ShopSimulator.id('L', ++ordersMade, 8), s.id, s.country, profile,
                        when, campaign, picker, rng);
                orders.add(sale);
                sendBack(sale, ordersMade, s);
                if (rng.nextDouble() < s.truth.dropoutProbability) {
                    s.buying = false;
                    s.truth.dropoutDate = when;
                    if (!arrivalTimes.containsKey(s.id)) {
                        truths.add(s.truth);
                    }
                    break;
                }
            }
        }
        // A return comes a day or more after its sale, so today's sales add none to today.
        Instant nextMidnight = midnight.plus(1, ChronoUnit.DAYS);
        while (!pendingReturns.isEmpty() && pendingReturns.peek().date.isBefore(nextMidnight)) {
            Order back = pendingReturns.poll();
            if (!back.date.isBefore(midnight)) {
                orders.add(back); // earlier ones belong to days made before a restart
            }
        }
        orders.sort(Comparator.comparing((Order o) -> o.date).thenComparing(o -> o.id));
        return new Day(date, orders, newCustomers, truths);
    }

    /**
     * Whether and when the customer sends {@code sale} (the shop's sale {@code number}) back, drawn from the sale's own
     * stream: a return within {@value #RETURN_WINDOW_DAYS} days waits for its day.
     */
    private void sendBack(Order sale, long number, Shopper s) {
        SplittableRandom rng = new SplittableRandom(ShopSimulator.mix(seed ^ LIVE, number, -4));
        if (rng.nextDouble() >= s.truth.returnRate) {
            return;
        }
        double delay = ShopSimulator.returnDelay(rng);
        if (delay < RETURN_WINDOW_DAYS) {
            pendingReturns.add(ShopSimulator.returnOf(sale, "R" + sale.id, at(sale.date, delay), rng));
        }
    }

    /** {@code days} (with their fraction) after {@code from}. */
    private static Instant at(Instant from, double days) {
        return from.plusMillis((long) (days * 86_400_000L));
    }

    /** Knuth's product method underflows past a mean of about 700: a normal approximation serves there. */
    private static int poisson(double mean, SplittableRandom rng) {
        if (mean <= 0) {
            return 0;
        }
        return mean < 500 ? ShopSimulator.poisson(mean, rng)
                : (int) Math.max(0, Math.round(mean + Math.sqrt(mean) * rng.nextGaussian()));
    }
}

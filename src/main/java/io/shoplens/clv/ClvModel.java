package io.shoplens.clv;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import io.shoplens.frame.OrderFrame;
import io.shoplens.lifetimes.BgNbd;
import io.shoplens.lifetimes.GammaGamma;

/**
 * The lifetime-value analysis of one frame, without CDI so that tests and benchmarks run it on a frame in memory.
 * Time is counted in whole UTC days and purchases in order days, as lifetimes'
 * {@code summary_data_from_transaction_data} does with daily periods: several orders on one day are one purchase
 * (their totals add up), which keeps a basket split into two orders from looking like two visits.
 */
final class ClvModel {
    static final long DAY_MILLIS = 86_400_000L;
    /** An average month, so that 12 of them make a year. */
    static final double MONTH_DAYS = 365.25 / 12;
    static final int FREQUENCY_ROWS = 8;
    static final int TOP = 20;
    static final int BINS = 20;

    /** Settings of one analysis (the configuration's values, so that benchmarks need no CDI). */
    record Settings(double monthlyDiscountRate, int holdoutDays, double penalizer, int maxFitCustomers,
            int minRepeatCustomers, long seed) {
        static Settings of(ClvConfig config) {
            return new Settings(config.monthlyDiscountRate(), config.holdoutDays(), config.penalizer(),
                    config.maxFitCustomers(), config.minRepeatCustomers(), config.seed());
        }
    }

    /**
     * Every customer with an order before a cutoff, summed up for the models: x repeat order days, tx days from the
     * first order day to the last, T days from the first order day to the last day before the cutoff, and the mean
     * net total of the repeat order days (in currency units; 0 when x = 0).
     */
    record Histories(int[] customer, double[] x, double[] tx, double[] T, double[] meanSpend) {
        int size() {
            return customer.length;
        }
    }

    /** The analysis and each customer's figures, by customer code (null for customers without orders). */
    record Result(ClvSummary summary, CustomerClv[] byCustomer) {
    }

    private ClvModel() {
    }

    static Result analyse(OrderFrame frame, Settings settings) {
        long started = System.nanoTime();
        long end = frame.end().toEpochMilli();
        Histories all = histories(frame, end);
        if (all.size() == 0) {
            throw new IllegalStateException("the dataset has no orders to fit the lifetime-value models on");
        }
        long repeaters = Arrays.stream(all.x()).filter(x -> x > 0).count();
        if (repeaters < settings.minRepeatCustomers()) {
            throw new IllegalStateException("only " + repeaters + " customer" + (repeaters == 1 ? "" : "s")
                    + " ordered on two days or more; the models need at least " + settings.minRepeatCustomers()
                    + " (shoplens.clv.min-repeat-customers) to say anything about drop-out and spend");
        }
        long fitStarted = System.nanoTime();
        int[] sample = sample(all.size(), settings.maxFitCustomers(), settings.seed());
        BgNbd.Params purchases = fitPurchases(all, sample, settings.penalizer());
        GammaGamma.Params spend = fitSpend(all, sample, settings.penalizer());
        double fitSeconds = (System.nanoTime() - fitStarted) / 1e9;

        CustomerClv[] byCustomer = new CustomerClv[frame.customerCount()];
        long totalCents = 0;
        double[] values = new double[all.size()];
        for (int i = 0; i < all.size(); i++) {
            CustomerClv clv = score(purchases, spend, settings.monthlyDiscountRate(), all.x()[i], all.tx()[i],
                    all.T()[i], all.meanSpend()[i]);
            byCustomer[all.customer()[i]] = clv;
            totalCents += clv.clv12m().unscaledValue().longValueExact();
            values[i] = clv.clv12m().doubleValue();
        }

        long endDay = Math.floorDiv(end, DAY_MILLIS);
        // The data's span in days: from the earliest first order day (the largest T) through the as-of day.
        long span = (long) Arrays.stream(all.T()).max().orElse(0) + 1;
        int days = (int) Math.max(1, Math.min(settings.holdoutDays(), span / 2));
        long cutoff = (endDay - days) * DAY_MILLIS;
        Histories calibration = histories(frame, cutoff);
        if (calibration.size() == 0) {
            throw new IllegalStateException("no customer ordered before the holdout cutoff "
                    + LocalDate.ofEpochDay(endDay - days) + "; the data is too short for a holdout check");
        }
        long calibrationStarted = System.nanoTime();
        BgNbd.Params calibrated = fitPurchases(calibration,
                sample(calibration.size(), settings.maxFitCustomers(), settings.seed()), settings.penalizer());
        fitSeconds += (System.nanoTime() - calibrationStarted) / 1e9;
        ClvSummary.Holdout holdout = holdout(frame, calibration, calibrated, cutoff, days);
        if (!Double.isFinite(holdout.predictedOrders())) {
            // Never served as a number: NaN is not JSON, and no page can chart it.
            throw new IllegalStateException("the purchase model fitted before the holdout cutoff (" + calibrated
                    + ") gives no finite prediction; try shoplens.clv.penalizer=0.001");
        }

        LocalDate asOf = LocalDate.ofEpochDay(endDay - 1);
        ClvSummary.Params params = new ClvSummary.Params(purchases.r(), purchases.alpha(), purchases.a(),
                purchases.b(), spend.p(), spend.q(), spend.v());
        List<ClvSummary.TopCustomer> top = IntStream.range(0, all.size()).boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> -values[i]).thenComparing(i -> i))
                .limit(TOP)
                .map(i -> new ClvSummary.TopCustomer(frame.customerId(all.customer()[i]),
                        frame.customerName(all.customer()[i]), byCustomer[all.customer()[i]]))
                .toList();
        ClvSummary summary = new ClvSummary(frame.version(), asOf, params, holdout, BigDecimal.valueOf(totalCents, 2),
                all.size(), settings.monthlyDiscountRate(), sample.length, fitSeconds,
                (System.nanoTime() - started) / 1e9, distribution(values), top);
        return new Result(summary, byCustomer);
    }

    /**
     * One customer's figures. The 12-month value sums, over months m = 1..12 of 365.25 / 12 days, the order days
     * expected in month m times the expected value of one, discounted by (1 + rate)^m.
     */
    static CustomerClv score(BgNbd.Params purchases, GammaGamma.Params spend, double monthlyDiscountRate, double x,
            double tx, double T, double meanSpend) {
        // A customer whose repeat order days net to nothing or less (returns) is worth the population's shrunk
        // towards nothing, not a negative amount: Gamma-Gamma spends are positive.
        double value = GammaGamma.conditionalExpectedAverageValue(spend, x, Math.max(0, meanSpend));
        double clv = 0;
        double before = 0;
        for (int m = 1; m <= 12; m++) {
            double upTo = BgNbd.expectedPurchases(purchases, m * MONTH_DAYS, x, tx, T);
            clv += (upTo - before) * value / Math.pow(1 + monthlyDiscountRate, m);
            before = upTo;
        }
        return new CustomerClv(BgNbd.pAlive(purchases, x, tx, T), BgNbd.expectedPurchases(purchases, 90, x, tx, T),
                BgNbd.expectedPurchases(purchases, 365, x, tx, T), cents(value), cents(clv));
    }

    /**
     * The holdout check: the purchase model fitted on the orders before {@code cutoff} predicts each of those
     * customers' order days in the {@code days} from the cutoff to the end; the actual ones are counted from the frame.
     */
    static ClvSummary.Holdout holdout(OrderFrame frame, Histories calibration, BgNbd.Params calibrated, long cutoff,
            int days) {
        long end = frame.end().toEpochMilli();
        double[] predicted = new double[FREQUENCY_ROWS];
        double[] actual = new double[FREQUENCY_ROWS];
        long[] customers = new long[FREQUENCY_ROWS];
        for (int i = 0; i < calibration.size(); i++) {
            int row = (int) Math.min(FREQUENCY_ROWS - 1, calibration.x()[i]);
            customers[row]++;
            predicted[row] += BgNbd.expectedPurchases(calibrated, days, calibration.x()[i], calibration.tx()[i],
                    calibration.T()[i]);
            actual[row] += orderDays(frame, calibration.customer()[i], cutoff, end);
        }
        List<ClvSummary.FrequencyRow> rows = new ArrayList<>();
        for (int row = 0; row < FREQUENCY_ROWS; row++) {
            rows.add(new ClvSummary.FrequencyRow(row, row == FREQUENCY_ROWS - 1 ? row + "+" : String.valueOf(row),
                    customers[row], predicted[row], actual[row]));
        }
        return new ClvSummary.Holdout(LocalDate.ofEpochDay(Math.floorDiv(cutoff, DAY_MILLIS)), days,
                calibration.size(), Arrays.stream(predicted).sum(), Arrays.stream(actual).sum(), List.copyOf(rows),
                new ClvSummary.PurchaseParams(calibrated.r(), calibrated.alpha(), calibrated.a(), calibrated.b()));
    }

    /** Each customer with an order before {@code cutoff} (epoch millis, a midnight), summed up for the models. */
    static Histories histories(OrderFrame frame, long cutoff) {
        long lastDay = Math.floorDiv(cutoff, DAY_MILLIS) - 1;
        int n = 0;
        int[] customer = new int[frame.customerCount()];
        double[] x = new double[customer.length];
        double[] tx = new double[customer.length];
        double[] T = new double[customer.length];
        double[] meanSpend = new double[customer.length];
        for (int c = 0; c < frame.customerCount(); c++) {
            int orders = frame.orderCountOf(c);
            if (orders == 0 || frame.date(frame.orderOf(c, 0)) >= cutoff) {
                continue;
            }
            long firstDay = Math.floorDiv(frame.date(frame.orderOf(c, 0)), DAY_MILLIS);
            long day = firstDay;
            int repeatDays = 0;
            long repeatCents = 0;
            long grossCents = 0;
            for (int k = 0; k < orders; k++) {
                int o = frame.orderOf(c, k);
                if (frame.date(o) >= cutoff) {
                    break;
                }
                grossCents += frame.totalCents(o);
                long orderDay = Math.floorDiv(frame.date(o), DAY_MILLIS);
                if (orderDay != day) {
                    repeatDays++;
                    day = orderDay;
                }
                if (orderDay != firstDay) {
                    repeatCents += frame.totalCents(o);
                }
            }
            customer[n] = c;
            x[n] = repeatDays;
            tx[n] = day - firstDay;
            T[n] = lastDay - firstDay;
            // Spend is net: a return rarely names the order it undoes, so the customer's repeat spend keeps the share
            // of their sales that they did not give back before the cutoff.
            long returnedCents = frame.returns().amountBefore(c, cutoff);
            double netShare = grossCents <= 0 ? 1 : (double) (grossCents - returnedCents) / grossCents;
            meanSpend[n] = repeatDays == 0 ? 0 : repeatCents * netShare / 100.0 / repeatDays;
            n++;
        }
        return new Histories(Arrays.copyOf(customer, n), Arrays.copyOf(x, n), Arrays.copyOf(tx, n),
                Arrays.copyOf(T, n), Arrays.copyOf(meanSpend, n));
    }

    /** Distinct days with an order of customer {@code c} in [from, to). */
    static int orderDays(OrderFrame frame, int c, long from, long to) {
        int days = 0;
        long previous = Long.MIN_VALUE;
        for (int k = 0; k < frame.orderCountOf(c); k++) {
            long date = frame.date(frame.orderOf(c, k));
            long day = Math.floorDiv(date, DAY_MILLIS);
            if (date >= from && date < to && day != previous) {
                days++;
                previous = day;
            }
        }
        return days;
    }

    /** The purchase model fitted on the sampled customers. */
    static BgNbd.Params fitPurchases(Histories h, int[] sample, double penalizer) {
        return BgNbd.fitDistinct(Arrays.stream(sample).mapToDouble(i -> h.x()[i]).toArray(),
                Arrays.stream(sample).mapToDouble(i -> h.tx()[i]).toArray(),
                Arrays.stream(sample).mapToDouble(i -> h.T()[i]).toArray(), penalizer);
    }

    /** The spend model fitted on the sampled customers with a repeat order day of positive net value. */
    static GammaGamma.Params fitSpend(Histories h, int[] sample, double penalizer) {
        int[] buyers = Arrays.stream(sample).filter(i -> h.x()[i] >= 1 && h.meanSpend()[i] > 0).toArray();
        if (buyers.length == 0) {
            throw new IllegalStateException("no customer has a repeat order day with a positive net total, so the"
                    + " spend model cannot be fitted");
        }
        return GammaGamma.fit(Arrays.stream(buyers).mapToDouble(i -> h.x()[i]).toArray(),
                Arrays.stream(buyers).mapToDouble(i -> h.meanSpend()[i]).toArray(), null, penalizer);
    }

    /** Indices 0..n-1, or a seeded sample of {@code max} of them in increasing order when n is larger. */
    static int[] sample(int n, int max, long seed) {
        if (max <= 0 || n <= max) {
            return IntStream.range(0, n).toArray();
        }
        int[] all = IntStream.range(0, n).toArray();
        Random random = new Random(seed);
        for (int i = 0; i < max; i++) {
            int j = i + random.nextInt(n - i);
            int swap = all[i];
            all[i] = all[j];
            all[j] = swap;
        }
        int[] chosen = Arrays.copyOf(all, max);
        Arrays.sort(chosen);
        return chosen;
    }

    /** Equal bins from 0 up to the 99th percentile, and one bin above it up to the largest value. */
    static List<ClvSummary.Bin> distribution(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double max = sorted[sorted.length - 1];
        double p99 = sorted[(int) Math.floor(0.99 * (sorted.length - 1))];
        double width = p99 > 0 ? p99 / (BINS - 1) : Math.max(max, 1) / BINS;
        long[] counts = new long[BINS];
        for (double v : values) {
            counts[(int) Math.min(BINS - 1, Math.floor(v / width))]++;
        }
        List<ClvSummary.Bin> bins = new ArrayList<>(BINS);
        for (int b = 0; b < BINS; b++) {
            bins.add(new ClvSummary.Bin(b * width, b == BINS - 1 ? Math.max(max, BINS * width) : (b + 1) * width,
                    counts[b]));
        }
        return List.copyOf(bins);
    }

    private static BigDecimal cents(double value) {
        return BigDecimal.valueOf(Math.round(value * 100), 2);
    }
}

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
import io.shoplens.lifetimes.PurchaseModel;

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
            int minRepeatCustomers, long seed, PurchaseModel purchaseModel, boolean seasonal) {
        static Settings of(ClvConfig config) {
            return new Settings(config.monthlyDiscountRate(), config.holdoutDays(), config.penalizer(),
                    config.maxFitCustomers(), config.minRepeatCustomers(), config.seed(), config.purchaseModel(),
                    config.seasonal());
        }

        /** The same with another purchase model and calendar. */
        Settings with(PurchaseModel model, boolean seasonalCalendar) {
            return new Settings(monthlyDiscountRate, holdoutDays, penalizer, maxFitCustomers, minRepeatCustomers, seed,
                    model, seasonalCalendar);
        }

        /** The same with another holdout. */
        Settings withHoldoutDays(int days) {
            return new Settings(monthlyDiscountRate, days, penalizer, maxFitCustomers, minRepeatCustomers, seed,
                    purchaseModel, seasonal);
        }
    }

    /**
     * Every customer with an order before a cutoff, summed up for the models: x repeat order days, tx days from the
     * first order day to the last, T days from the first order day to the last day before the cutoff, and the mean
     * net total of the repeat order days (in currency units; 0 when x = 0); {@code firstDay} is the epoch day of the
     * first order day, and {@code orderDays} each customer's order days (epoch days, sorted) before the cutoff.
     */
    record Histories(int[] customer, double[] x, double[] tx, double[] T, double[] meanSpend, long[] firstDay,
            List<long[]> orderDays) {
        int size() {
            return customer.length;
        }

        /**
         * The histories on a clock: tx and T as the operational time from the first order day to the last, and to
         * the last day observed; x and the spend as they are.
         */
        Histories on(OperationalTime clock) {
            if (!clock.seasonal()) {
                return this;
            }
            double[] opTx = new double[size()];
            double[] opT = new double[size()];
            for (int i = 0; i < size(); i++) {
                opTx[i] = clock.length(firstDay[i], firstDay[i] + tx[i]);
                opT[i] = clock.length(firstDay[i], firstDay[i] + T[i]);
            }
            return new Histories(customer, x, opTx, opT, meanSpend, firstDay, orderDays);
        }
    }

    /**
     * The prediction horizons as of one day, on a clock: operational time from that day to 90 and 365 days later and
     * to the end of each of the next 12 months (index m, 0 to 12) of 365.25 / 12 days.
     */
    record Horizons(double days90, double days365, double[] monthEnds) {
        static Horizons from(long day, OperationalTime clock) {
            double[] months = new double[13];
            for (int m = 1; m <= 12; m++) {
                months[m] = clock.length(day, day + m * MONTH_DAYS);
            }
            return new Horizons(clock.length(day, day + 90), clock.length(day, day + 365), months);
        }
    }

    /** The analysis and each customer's figures, by customer code (null for customers without orders). */
    record Result(ClvSummary summary, CustomerClv[] byCustomer) {
    }

    private ClvModel() {
    }

    /**
     * Fits, checks and scores; a refusal is an {@link IllegalStateException} with the reason in words, which
     * {@code /api/clv} answers with a 503.
     */
    static Result analyse(OrderFrame frame, Settings settings) {
        try {
            return fitCheckAndScore(frame, settings);
        } catch (ArithmeticException e) {
            // Seen on shops of 50 to 60 customers: a + b fitted near 0 puts eq. (10)'s 2F1 next to a pole.
            throw new IllegalStateException("the purchase model fitted on this data is degenerate, so its expected"
                    + " orders cannot be computed (" + e.getMessage() + "); a larger or longer history usually"
                    + " fits well", e);
        }
    }

    private static Result fitCheckAndScore(OrderFrame frame, Settings settings) {
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
        long endDay = Math.floorDiv(end, DAY_MILLIS);
        long fitStarted = System.nanoTime();
        PurchaseModel model = settings.purchaseModel();
        OperationalTime clock = clock(settings, all, endDay);
        Histories timed = all.on(clock);
        int[] sample = sample(all.size(), settings.maxFitCustomers(), settings.seed());
        BgNbd.Params purchases = fitPurchases(model, timed, sample, settings.penalizer());
        GammaGamma.Params spend = fitSpend(all, sample, settings.penalizer());
        double fitSeconds = (System.nanoTime() - fitStarted) / 1e9;

        CustomerClv[] byCustomer = new CustomerClv[frame.customerCount()];
        long totalCents = 0;
        double[] values = new double[all.size()];
        Horizons horizons = Horizons.from(endDay, clock);
        for (int i = 0; i < all.size(); i++) {
            CustomerClv clv = score(model, purchases, spend, settings.monthlyDiscountRate(), horizons, all.x()[i],
                    timed.tx()[i], timed.T()[i], all.meanSpend()[i]);
            byCustomer[all.customer()[i]] = clv;
            totalCents += clv.clv12m().unscaledValue().longValueExact();
            values[i] = clv.clv12m().doubleValue();
        }

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
        long cutoffDay = endDay - days;
        OperationalTime calibrationClock = clock(settings, calibration, cutoffDay);
        Histories calibrationTimed = calibration.on(calibrationClock);
        BgNbd.Params calibrated = fitPurchases(model, calibrationTimed,
                sample(calibration.size(), settings.maxFitCustomers(), settings.seed()), settings.penalizer());
        fitSeconds += (System.nanoTime() - calibrationStarted) / 1e9;
        ClvSummary.Holdout holdout = holdout(frame, model, calibrationTimed, calibrated, cutoff, days,
                calibrationClock);
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
        ClvSummary summary = new ClvSummary(frame.version(), asOf, model.label(), timeScale(clock), params, holdout,
                BigDecimal.valueOf(totalCents, 2),
                all.size(), settings.monthlyDiscountRate(), sample.length, fitSeconds,
                (System.nanoTime() - started) / 1e9, distribution(values), top);
        return new Result(summary, byCustomer);
    }

    /**
     * The calendar the purchase model runs on for histories observed up to {@code cutoffDay}: the seasonal clock
     * estimated from their order days when configured and the data allow, else plain days.
     */
    static OperationalTime clock(Settings settings, Histories histories, long cutoffDay) {
        if (!settings.seasonal()) {
            return OperationalTime.plain("plain days (shoplens.clv.seasonal=false)");
        }
        return OperationalTime.estimate(histories.orderDays(), cutoffDay);
    }

    static ClvSummary.TimeScale timeScale(OperationalTime clock) {
        return new ClvSummary.TimeScale(clock.seasonal(), clock.note(),
                Arrays.stream(clock.monthIndex()).boxed().toList(),
                Arrays.stream(clock.weekdayIndex()).boxed().toList());
    }

    /**
     * One customer's figures, tx and T in the clock's time and the horizons on it. The 12-month value sums, over
     * months m = 1..12 of 365.25 / 12 days, the order days expected in month m times the expected value of one,
     * discounted by (1 + rate)^m.
     */
    static CustomerClv score(PurchaseModel model, BgNbd.Params purchases, GammaGamma.Params spend,
            double monthlyDiscountRate, Horizons horizons, double x, double tx, double T, double meanSpend) {
        // A customer whose repeat order days net to nothing or less (returns) is worth the population's shrunk
        // towards nothing, not a negative amount: Gamma-Gamma spends are positive.
        double value = GammaGamma.conditionalExpectedAverageValue(spend, x, Math.max(0, meanSpend));
        double clv = 0;
        double before = 0;
        for (int m = 1; m <= 12; m++) {
            double upTo = model.expectedPurchases(purchases, horizons.monthEnds()[m], x, tx, T);
            clv += (upTo - before) * value / Math.pow(1 + monthlyDiscountRate, m);
            before = upTo;
        }
        return new CustomerClv(model.pAlive(purchases, x, tx, T),
                model.expectedPurchases(purchases, horizons.days90(), x, tx, T),
                model.expectedPurchases(purchases, horizons.days365(), x, tx, T), cents(value), cents(clv));
    }

    /**
     * The holdout check: the purchase model fitted on the orders before {@code cutoff} predicts each of those
     * customers' order days in the {@code days} from the cutoff to the end; the actual ones are counted from the frame.
     */
    static ClvSummary.Holdout holdout(OrderFrame frame, PurchaseModel model, Histories calibration,
            BgNbd.Params calibrated, long cutoff, int days, OperationalTime clock) {
        long end = frame.end().toEpochMilli();
        long cutoffDay = Math.floorDiv(cutoff, DAY_MILLIS);
        double length = clock.length(cutoffDay, cutoffDay + days);
        double[] predicted = new double[FREQUENCY_ROWS];
        double[] actual = new double[FREQUENCY_ROWS];
        long[] customers = new long[FREQUENCY_ROWS];
        for (int i = 0; i < calibration.size(); i++) {
            int row = (int) Math.min(FREQUENCY_ROWS - 1, calibration.x()[i]);
            customers[row]++;
            predicted[row] += model.expectedPurchases(calibrated, length, calibration.x()[i], calibration.tx()[i],
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
                new ClvSummary.PurchaseParams(calibrated.r(), calibrated.alpha(), calibrated.a(), calibrated.b()),
                timeScale(clock), length);
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
        long[] first = new long[customer.length];
        List<long[]> orderDays = new ArrayList<>();
        long[] dayBuffer = new long[16];
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
            dayBuffer[0] = firstDay;
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
                    if (repeatDays >= dayBuffer.length) {
                        dayBuffer = Arrays.copyOf(dayBuffer, 2 * dayBuffer.length);
                    }
                    dayBuffer[repeatDays] = orderDay;
                }
                if (orderDay != firstDay) {
                    repeatCents += frame.totalCents(o);
                }
            }
            customer[n] = c;
            first[n] = firstDay;
            orderDays.add(Arrays.copyOf(dayBuffer, repeatDays + 1));
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
                Arrays.copyOf(T, n), Arrays.copyOf(meanSpend, n), Arrays.copyOf(first, n), orderDays);
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
    static BgNbd.Params fitPurchases(PurchaseModel model, Histories h, int[] sample, double penalizer) {
        return model.fitDistinct(Arrays.stream(sample).mapToDouble(i -> h.x()[i]).toArray(),
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

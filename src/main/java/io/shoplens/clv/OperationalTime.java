package io.shoplens.clv;

import java.time.LocalDate;
import java.time.Month;
import java.util.Arrays;
import java.util.List;

/**
 * A shop's calendar as a clock: each day counts as much time as it brings purchases, month-of-year index × weekday
 * index, scaled so that an ordinary year is 365 units. The purchase models assume a steady rate; in this "operational
 * time" a seasonal shop's rate is steady, so the models are fitted and predict in it, and a December holdout is
 * longer than a February one of the same days.
 *
 * <p>The indices are estimated from the order days themselves, without a model of who is still a customer: between a
 * customer's first and last order day they are surely alive (the purchase models let them leave only at a purchase),
 * and given those two days and how many order days lie strictly between, the in-between ones are spread over the days
 * between as the calendar's intensity (a Poisson process with intensity λ·s(day), conditioned on its count, places its
 * points independently with density ∝ s). That leaves each customer's own rate and drop-out out of it, and the
 * shop's growth too. The conditional likelihood Σ log s(day of each in-between order day) − Σ n·log Σ s(days between)
 * is maximised over the 12 month and 7 weekday indices by the minorise-maximise iteration (each index ← its order days
 * / its exposure weighted by n / Σ s), alternating months and weekdays, which raises it at every step.
 *
 * <p>Without enough data to see every month (less than a year of orders, or fewer than {@link #MIN_ORDER_DAYS} such
 * in-between order days in some month of the year) the clock is the plain calendar, and {@link #note()} says why.
 */
final class OperationalTime {
    /** Fewest in-between order days each month of the year needs before its index is trusted (about ±10%). */
    static final int MIN_ORDER_DAYS = 100;
    private static final int[] MONTH_DAYS = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    private static final int MAX_ITERATIONS = 2_000;

    private final boolean seasonal;
    private final String note;
    private final double[] month;
    private final double[] weekday;

    private OperationalTime(boolean seasonal, String note, double[] month, double[] weekday) {
        this.seasonal = seasonal;
        this.note = note;
        this.month = month;
        this.weekday = weekday;
    }

    /** The plain calendar: every day is one unit. */
    static OperationalTime plain(String note) {
        double[] months = new double[12];
        double[] weekdays = new double[7];
        Arrays.fill(months, 1);
        Arrays.fill(weekdays, 1);
        return new OperationalTime(false, note, months, weekdays);
    }

    /** A clock with the given indices (month of the year January first, weekday Monday first), normalised. */
    static OperationalTime of(double[] month, double[] weekday, String note) {
        double[] m = month.clone();
        double[] w = weekday.clone();
        normalise(m, w);
        return new OperationalTime(true, note, m, w);
    }

    /**
     * The clock estimated from the order days (epoch days, each customer's distinct and sorted) before
     * {@code cutoffDay}; plain when the data cannot tell every month of the year.
     */
    static OperationalTime estimate(List<long[]> orderDays, long cutoffDay) {
        long firstDay = orderDays.stream().filter(d -> d.length > 0).mapToLong(d -> d[0]).min().orElse(cutoffDay);
        if (cutoffDay - firstDay < 365) {
            return plain("the orders before " + LocalDate.ofEpochDay(cutoffDay) + " span " + (cutoffDay - firstDay)
                    + " days, less than a year, so not every month of the year has been seen: plain days are used");
        }
        // Per customer with an order day strictly between the first and the last: n in-between order days and the
        // days strictly between, [from, to) as epoch days; the in-between order days counted by (month, weekday).
        List<long[]> between = orderDays.stream().filter(d -> d.length >= 3).toList();
        int customers = between.size();
        double[] n = new double[customers];
        long[] from = new long[customers];
        long[] to = new long[customers];
        long lo = Long.MAX_VALUE;
        long hi = Long.MIN_VALUE;
        double[] monthEvents = new double[12];
        double[] weekdayEvents = new double[7];
        for (int i = 0; i < customers; i++) {
            long[] days = between.get(i);
            for (int k = 1; k < days.length - 1; k++) {
                monthEvents[monthOf(days[k])]++;
                weekdayEvents[weekdayOf(days[k])]++;
            }
            n[i] = days.length - 2;
            from[i] = days[0] + 1;
            to[i] = days[days.length - 1];
            lo = Math.min(lo, from[i]);
            hi = Math.max(hi, to[i]);
        }
        for (int m = 0; m < 12; m++) {
            if (monthEvents[m] < MIN_ORDER_DAYS) {
                return plain(Month.of(m + 1) + " has " + (long) monthEvents[m] + " order days between customers'"
                        + " first and last before " + LocalDate.ofEpochDay(cutoffDay) + ", fewer than "
                        + MIN_ORDER_DAYS + " to tell its season by: plain days are used");
            }
        }
        // Days lo..hi-1 as indices 0..span-1, with their month and weekday.
        int span = (int) (hi - lo);
        int[] dayMonth = new int[span];
        int[] dayWeekday = new int[span];
        for (int j = 0; j < span; j++) {
            dayMonth[j] = monthOf(lo + j);
            dayWeekday[j] = weekdayOf(lo + j);
        }
        double[] m = new double[12];
        double[] w = new double[7];
        Arrays.fill(m, 1);
        Arrays.fill(w, 1);
        double[] cumulative = new double[span + 1];
        double[] exposed = new double[span + 1];
        for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
            double[] before = concat(m, w);
            // Months, with the weekdays held: each month's index = its in-between order days / Σ over its days of
            // weekday index × Σ of n / Σ s over the customers whose days between include that day.
            exposure(m, w, dayMonth, dayWeekday, n, from, to, lo, cumulative, exposed);
            double[] monthExposure = new double[12];
            for (int j = 0; j < span; j++) {
                monthExposure[dayMonth[j]] += exposed[j] * w[dayWeekday[j]];
            }
            for (int k = 0; k < 12; k++) {
                m[k] = monthEvents[k] / monthExposure[k];
            }
            // Weekdays, with the new months held.
            exposure(m, w, dayMonth, dayWeekday, n, from, to, lo, cumulative, exposed);
            double[] weekdayExposure = new double[7];
            for (int j = 0; j < span; j++) {
                weekdayExposure[dayWeekday[j]] += exposed[j] * m[dayMonth[j]];
            }
            for (int k = 0; k < 7; k++) {
                w[k] = weekdayExposure[k] > 0 && weekdayEvents[k] > 0 ? weekdayEvents[k] / weekdayExposure[k] : w[k];
            }
            normalise(m, w);
            double[] after = concat(m, w);
            double change = 0;
            for (int k = 0; k < after.length; k++) {
                change = Math.max(change, Math.abs(after[k] / before[k] - 1));
            }
            if (change < 1e-9) {
                break;
            }
        }
        return of(m, w, "month-of-year and weekday indices from " + (long) Arrays.stream(monthEvents).sum()
                + " order days between " + customers + " customers' first and last before "
                + LocalDate.ofEpochDay(cutoffDay));
    }

    /**
     * exposed[j] = Σ n_i / S_i over the customers whose days between include day j, S_i being the sum of the
     * current day weights over their days between (prefix sums and a difference array keep it O(days + customers)).
     */
    private static void exposure(double[] m, double[] w, int[] dayMonth, int[] dayWeekday, double[] n, long[] from,
            long[] to, long lo, double[] cumulative, double[] exposed) {
        int span = dayMonth.length;
        for (int j = 0; j < span; j++) {
            cumulative[j + 1] = cumulative[j] + m[dayMonth[j]] * w[dayWeekday[j]];
        }
        Arrays.fill(exposed, 0);
        for (int i = 0; i < n.length; i++) {
            int a = (int) (from[i] - lo);
            int b = (int) (to[i] - lo);
            double s = cumulative[b] - cumulative[a];
            if (s > 0) {
                exposed[a] += n[i] / s;
                exposed[b] -= n[i] / s;
            }
        }
        for (int j = 1; j <= span; j++) {
            exposed[j] += exposed[j - 1];
        }
    }

    private static double[] concat(double[] a, double[] b) {
        double[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    /** Weekdays to a mean of 1, months so that an ordinary year's days add up to 365. */
    private static void normalise(double[] m, double[] w) {
        double weekMean = Arrays.stream(w).sum() / 7;
        double year = 0;
        for (int k = 0; k < 12; k++) {
            year += MONTH_DAYS[k] * m[k];
        }
        for (int k = 0; k < 7; k++) {
            w[k] /= weekMean;
        }
        for (int k = 0; k < 12; k++) {
            m[k] *= 365 / year;
        }
    }

    /** Month of the year, 0 = January; from a table for 1970–2199, which covers any order log. */
    private static int monthOf(long epochDay) {
        if (epochDay >= 0 && epochDay < MONTH_OF_DAY.length) {
            return MONTH_OF_DAY[(int) epochDay];
        }
        return LocalDate.ofEpochDay(epochDay).getMonthValue() - 1;
    }

    /** Weekday, 0 = Monday (1970-01-01 was a Thursday). */
    private static int weekdayOf(long epochDay) {
        return (int) Math.floorMod(epochDay + 3, 7L);
    }

    private static final byte[] MONTH_OF_DAY = monthTable();

    private static byte[] monthTable() {
        int days = (int) LocalDate.of(2200, 1, 1).toEpochDay();
        byte[] table = new byte[days];
        LocalDate date = LocalDate.ofEpochDay(0);
        for (int d = 0; d < days; d++) {
            table[d] = (byte) (date.getMonthValue() - 1);
            date = date.plusDays(1);
        }
        return table;
    }

    /** Whether the calendar is seasonal (false: plain days). */
    boolean seasonal() {
        return seasonal;
    }

    String note() {
        return note;
    }

    /** The month-of-year indices, January first (all 1 when plain). */
    double[] monthIndex() {
        return month.clone();
    }

    /** The weekday indices, Monday first (all 1 when plain). */
    double[] weekdayIndex() {
        return weekday.clone();
    }

    /** The weight of one calendar day. */
    double intensity(long epochDay) {
        return month[monthOf(epochDay)] * weekday[weekdayOf(epochDay)];
    }

    /** Operational time from the start of 1970-01-01 to the start of each day up to 2200 (seasonal clocks only). */
    private double[] cumulative;

    /** Operational time from the start of epoch day 0 to the start of {@code day}. */
    private double upTo(long day) {
        if (day < 0 || day >= MONTH_OF_DAY.length) {
            double sum = 0;
            for (long d = Math.min(0, day); d < Math.max(0, day); d++) {
                sum += intensity(d);
            }
            return day < 0 ? -sum : sum;
        }
        if (cumulative == null) {
            double[] c = new double[MONTH_OF_DAY.length + 1];
            for (int d = 0; d < MONTH_OF_DAY.length; d++) {
                c[d + 1] = c[d] + intensity(d);
            }
            cumulative = c;
        }
        return cumulative[(int) day];
    }

    /**
     * Operational time from the start of day {@code from} to the start of day {@code to} (epoch days, fractions are
     * that share of their day): the days' weights added up; {@code to − from} on the plain calendar.
     */
    double length(double from, double to) {
        if (to < from) {
            return -length(to, from);
        }
        if (!seasonal) {
            return to - from;
        }
        long firstWhole = (long) Math.ceil(from);
        long lastWhole = (long) Math.floor(to);
        if (lastWhole < firstWhole) {
            // Both within one day.
            return (to - from) * intensity((long) Math.floor(from));
        }
        return (firstWhole - from) * intensity(firstWhole - 1) + upTo(lastWhole) - upTo(firstWhole)
                + (to - lastWhole) * intensity(lastWhole);
    }
}

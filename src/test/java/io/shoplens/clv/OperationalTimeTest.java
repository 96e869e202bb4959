package io.shoplens.clv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class OperationalTimeTest {
    static final double[] MONTHS = { 0.95, 0.85, 0.90, 0.92, 0.95, 0.95, 1.00, 0.92, 0.95, 1.00, 1.20, 1.40 };
    static final double[] WEEKDAYS = { 0.90, 0.92, 0.95, 1.00, 1.10, 1.20, 1.15 };
    static final long JAN_2024 = LocalDate.of(2024, 1, 1).toEpochDay();

    @Test
    void aFlatCalendarGivesPlainDays() {
        double[] ones = new double[12];
        double[] sevenOnes = new double[7];
        Arrays.fill(ones, 2.5);
        Arrays.fill(sevenOnes, 0.4);
        OperationalTime flat = OperationalTime.of(ones, sevenOnes, "flat");
        OperationalTime plain = OperationalTime.plain("plain");
        for (double[] range : new double[][] { { JAN_2024, JAN_2024 + 365 }, { JAN_2024 + 0.25, JAN_2024 + 0.75 },
            { JAN_2024 + 10.5, JAN_2024 + 700.125 }, { JAN_2024, JAN_2024 } }) {
            double days = range[1] - range[0];
            assertEquals(days, flat.length(range[0], range[1]), 1e-9, Arrays.toString(range));
            assertEquals(days, plain.length(range[0], range[1]), 0, Arrays.toString(range));
        }
        assertTrue(flat.seasonal());
        assertFalse(plain.seasonal());
    }

    @Test
    void aYearIs365AndLengthsAddUp() {
        double[] flatWeek = new double[7];
        Arrays.fill(flatWeek, 1);
        OperationalTime months = OperationalTime.of(MONTHS, flatWeek, "months");
        long jan2025 = LocalDate.of(2025, 1, 1).toEpochDay();
        assertEquals(365, months.length(jan2025, jan2025 + 365), 1e-9);
        OperationalTime both = OperationalTime.of(MONTHS, WEEKDAYS, "months and weekdays");
        // A year has 52 weeks and one day, so the weekdays add at most one day's weight above or below 365.
        assertEquals(365, both.length(jan2025, jan2025 + 365), 1.5);
        double a = jan2025 + 3.5;
        double b = jan2025 + 100.25;
        double c = jan2025 + 400;
        assertEquals(both.length(a, c), both.length(a, b) + both.length(b, c), 1e-9);
        // By hand: 2025-12-01 is a Monday; half of it and all of the Tuesday.
        double dec = 1.40 * 365 / yearOf(MONTHS);
        long dec1 = LocalDate.of(2025, 12, 1).toEpochDay();
        double week = Arrays.stream(WEEKDAYS).sum() / 7;
        assertEquals(dec * (0.5 * WEEKDAYS[0] + WEEKDAYS[1]) / week, both.length(dec1 + 0.5, dec1 + 2), 1e-9);
    }

    /**
     * 40,000 customers over two years, each ordering on a day with chance λ · month · weekday (λ uniform in 0.002 to
     * 0.02 a day, so that a day rarely has two orders; first order day spread over the two years) and leaving after
     * each order with chance 3%: the indices come back within 3%.
     */
    @Test
    void theIndicesOfASimulatedShopAreRecovered() {
        Random random = new Random(5);
        int span = 730;
        double[] season = new double[span];
        for (int d = 0; d < span; d++) {
            LocalDate date = LocalDate.ofEpochDay(JAN_2024 + d);
            season[d] = MONTHS[date.getMonthValue() - 1] * WEEKDAYS[date.getDayOfWeek().getValue() - 1];
        }
        List<long[]> orderDays = new ArrayList<>();
        for (int i = 0; i < 40_000; i++) {
            double lambda = 0.002 + 0.018 * random.nextDouble();
            long first = JAN_2024 + random.nextInt(span);
            List<Long> days = new ArrayList<>(List.of(first));
            if (random.nextDouble() >= 0.03) {
                for (long d = first + 1; d < JAN_2024 + span; d++) {
                    double chance = lambda * season[(int) (d - JAN_2024)];
                    if (random.nextDouble() < chance) {
                        days.add(d);
                        if (random.nextDouble() < 0.03) {
                            break;
                        }
                    }
                }
            }
            orderDays.add(days.stream().mapToLong(Long::longValue).toArray());
        }
        OperationalTime estimated = OperationalTime.estimate(orderDays, JAN_2024 + span);
        assertTrue(estimated.seasonal(), estimated.note());
        OperationalTime truth = OperationalTime.of(MONTHS, WEEKDAYS, "truth");
        for (int m = 0; m < 12; m++) {
            assertEquals(truth.monthIndex()[m], estimated.monthIndex()[m], 0.03 * truth.monthIndex()[m],
                    "month " + (m + 1) + ": " + Arrays.toString(estimated.monthIndex()));
        }
        for (int k = 0; k < 7; k++) {
            assertEquals(truth.weekdayIndex()[k], estimated.weekdayIndex()[k], 0.03 * truth.weekdayIndex()[k],
                    "weekday " + (k + 1) + ": " + Arrays.toString(estimated.weekdayIndex()));
        }
        // The second half of the year is what a holdout from July predicts: within 1% of the truth's length.
        long july = LocalDate.of(2025, 7, 5).toEpochDay();
        assertEquals(truth.length(july, july + 180), estimated.length(july, july + 180),
                0.01 * truth.length(july, july + 180));
    }

    /**
     * End to end on customers drawn from BG/NBD's own story on a seasonal calendar (λ ~ Gamma(2, 100) a day, times
     * the day's month × weekday weight; drop-out chance ~ Beta(1, 20) after each repeat order day; first order days
     * spread over two years): the model fitted on the clock estimated before a 180-day holdout from July 5 predicts
     * the holdout's order days within 3%, where on plain days it misses by far more.
     */
    @Test
    void onTheEstimatedClockBgNbdPredictsASeasonalHoldout() {
        Random random = new Random(11);
        org.apache.commons.math3.random.Well19937c rng = new org.apache.commons.math3.random.Well19937c(11);
        var rates = new org.apache.commons.math3.distribution.GammaDistribution(rng, 2, 1 / 100.0);
        var dropOuts = new org.apache.commons.math3.distribution.BetaDistribution(rng, 1, 20);
        int span = 730;
        long end = JAN_2024 + span;
        long cutoff = end - 180;
        double[] season = new double[span];
        for (int d = 0; d < span; d++) {
            LocalDate date = LocalDate.ofEpochDay(JAN_2024 + d);
            season[d] = MONTHS[date.getMonthValue() - 1] * WEEKDAYS[date.getDayOfWeek().getValue() - 1];
        }
        List<long[]> before = new ArrayList<>();
        List<Integer> inHoldout = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            double lambda = rates.sample();
            double p = dropOuts.sample();
            long first = JAN_2024 + random.nextInt((int) (cutoff - JAN_2024));
            List<Long> days = new ArrayList<>(List.of(first));
            int later = 0;
            for (long d = first + 1; d < end; d++) {
                // Poisson with intensity λ · s(day), counted as an order day when at least one order falls on it.
                if (random.nextDouble() < 1 - Math.exp(-lambda * season[(int) (d - JAN_2024)])) {
                    if (d < cutoff) {
                        days.add(d);
                    } else {
                        later++;
                    }
                    if (random.nextDouble() < p) {
                        break;
                    }
                }
            }
            before.add(days.stream().mapToLong(Long::longValue).toArray());
            inHoldout.add(later);
        }
        double actual = inHoldout.stream().mapToInt(Integer::intValue).sum();
        OperationalTime clock = OperationalTime.estimate(before, cutoff);
        assertTrue(clock.seasonal(), clock.note());
        double seasonal = predicted(before, clock, cutoff) / actual;
        double plain = predicted(before, OperationalTime.plain("plain"), cutoff) / actual;
        assertEquals(1, seasonal, 0.03, "seasonal clock: predicted / actual " + seasonal + " (plain days " + plain + ")");
        assertTrue(Math.abs(plain - 1) > 2 * Math.abs(seasonal - 1), "plain days " + plain + ", seasonal " + seasonal);
    }

    /** BG/NBD fitted on the histories before the cutoff, on the clock, and its prediction of the next 180 days. */
    private static double predicted(List<long[]> orderDays, OperationalTime clock, long cutoff) {
        int n = orderDays.size();
        double[] x = new double[n];
        double[] tx = new double[n];
        double[] T = new double[n];
        for (int i = 0; i < n; i++) {
            long[] days = orderDays.get(i);
            x[i] = days.length - 1;
            tx[i] = clock.length(days[0], days[days.length - 1]);
            T[i] = clock.length(days[0], cutoff - 1);
        }
        io.shoplens.lifetimes.BgNbd.Params params = io.shoplens.lifetimes.BgNbd.fitDistinct(x, tx, T, 0);
        double length = clock.length(cutoff, cutoff + 180);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += io.shoplens.lifetimes.BgNbd.expectedPurchases(params, length, x[i], tx[i], T[i]);
        }
        return sum;
    }

    @Test
    void lessThanAYearOfOrdersFallsBackToPlainDaysAndSaysWhy() {
        List<long[]> orderDays = List.of(new long[] { JAN_2024, JAN_2024 + 10, JAN_2024 + 20, JAN_2024 + 30 },
                new long[] { JAN_2024 + 5 });
        OperationalTime clock = OperationalTime.estimate(orderDays, JAN_2024 + 300);
        assertFalse(clock.seasonal());
        assertTrue(clock.note().contains("less than a year"), clock.note());
        assertEquals(42.5, clock.length(JAN_2024, JAN_2024 + 42.5), 0);
        // A year of orders, but far too few between first and last order days to tell the months apart.
        OperationalTime sparse = OperationalTime.estimate(orderDays, JAN_2024 + 400);
        assertFalse(sparse.seasonal());
        assertTrue(sparse.note().contains("fewer than " + OperationalTime.MIN_ORDER_DAYS), sparse.note());
    }

    private static double yearOf(double[] months) {
        int[] days = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
        double year = 0;
        for (int m = 0; m < 12; m++) {
            year += days[m] * months[m];
        }
        return year;
    }
}

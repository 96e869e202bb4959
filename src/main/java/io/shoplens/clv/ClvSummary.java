package io.shoplens.clv;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * The lifetime-value analysis of one dataset version: the fitted models, the holdout check, the total value and its
 * distribution.
 *
 * @param asOf the last day of the data; predictions start the day after
 * @param purchaseModel "MBG/NBD" or "BG/NBD" ({@code shoplens.clv.purchase-model})
 * @param timeScale the calendar the purchase model was fitted and predicts on
 * @param totalClv12m the sum of every customer's {@code clv12m} (each rounded to the cent)
 * @param customers customers with at least one order, each scored
 * @param fitCustomers customers the models were fitted on (a seeded sample when there are more than
 *        {@code shoplens.clv.max-fit-customers})
 * @param fitSeconds wall time of the three fits (purchases and spend on all the data, purchases on the calibration
 *        window)
 * @param computeSeconds wall time of the whole analysis, fits included
 * @param distribution customers by 12-month value, in equal bins up to the 99th percentile and one bin above it
 * @param top the customers of highest 12-month value, highest first
 */
public record ClvSummary(long datasetVersion, LocalDate asOf, String purchaseModel, TimeScale timeScale, Params params,
        Holdout holdout, BigDecimal totalClv12m,
        int customers, double monthlyDiscountRate, int fitCustomers, double fitSeconds, double computeSeconds,
        List<Bin> distribution, List<TopCustomer> top) {

    /**
     * Fitted parameters, times in days (operational days on a seasonal time scale: an ordinary year is 365 of them).
     * Purchases: rate ~ Gamma(r, α) per day while alive, drop-out chance after each order day ~ Beta(a, b) (after
     * each repeat order day under BG/NBD, after every order day, the first too, under MBG/NBD). Spend: an order day's value ~ Gamma(p, ν) with ν ~ Gamma(q, v).
     * The spreads put the fitted shapes in plain words, since a fit may find the customers all alike: on one imported
     * shop a = 240,940 and b = 3,675,795, which read as a broken fit, are a drop-out chance of 6.2% for everybody.
     */
    public record Params(double r, double alpha, double a, double b, double p, double q, double v) {
        /** Mean order days a year of a customer while alive: 365.25 · r / α. */
        public double meanOrdersPerYear() {
            return 365.25 * r / alpha;
        }

        /** Mean chance of dropping out after an order day: a / (a + b). */
        public double meanDropOutChance() {
            return a / (a + b);
        }

        /** Mean value of an order day across customers: p · v / (q − 1). */
        public double meanOrderValue() {
            return p * v / (q - 1);
        }

        /** Coefficient of variation of the purchase rate across customers: 1 / √r. */
        public double rateSpread() {
            return 1 / Math.sqrt(r);
        }

        /** Standard deviation of the drop-out chance across customers: √(ab / ((a + b)² (a + b + 1))). */
        public double dropOutSpread() {
            double n = a + b;
            return Math.sqrt(a * b / (n * n * (n + 1)));
        }

        /**
         * Coefficient of variation of customers' typical order-day value p / ν, ν ~ Gamma(q, v): 1 / √(q − 2); NaN
         * for q ≤ 2, where that spread is infinite.
         */
        public double orderValueSpread() {
            return q > 2 ? 1 / Math.sqrt(q - 2) : Double.NaN;
        }

        /** Whether every customer has about the same drop-out chance: a spread under a tenth of a point. */
        public boolean dropOutAlike() {
            return dropOutSpread() < 0.001;
        }

        /** Whether every customer's typical order-day value is about the same: within 1% of the mean. */
        public boolean orderValueAlike() {
            return orderValueSpread() < 0.01;
        }
    }

    /**
     * The models fitted on the orders before {@code cutoff} predict each of those customers' order days from the
     * cutoff to the end of the data, and are compared with what happened.
     *
     * @param cutoff the first day held out
     * @param customers customers with an order before the cutoff, the ones predicted
     * @param params the purchase model fitted on the orders before the cutoff
     * @param timeScale the calendar estimated from the orders before the cutoff, which the model ran on
     * @param operationalDays the holdout's length on that calendar (= days when it is plain)
     */
    public record Holdout(LocalDate cutoff, int days, int customers, double predictedOrders, double actualOrders,
            List<FrequencyRow> byFrequency, PurchaseParams params, TimeScale timeScale, double operationalDays) {
        public double ratio() {
            return actualOrders == 0 ? Double.NaN : predictedOrders / actualOrders;
        }
    }

    /** Purchase-model parameters, times in (operational) days. */
    public record PurchaseParams(double r, double alpha, double a, double b) {
    }

    /**
     * The time the purchase model runs on: plain days, or operational days in which each calendar day counts its
     * month-of-year index × weekday index (estimated from the order days; an ordinary year is 365 operational days).
     *
     * @param seasonal false: plain days
     * @param note how the indices were estimated, or why plain days are used
     * @param monthIndex January first (all 1 when plain)
     * @param weekdayIndex Monday first, mean 1 (all 1 when plain)
     */
    public record TimeScale(boolean seasonal, String note, List<Double> monthIndex, List<Double> weekdayIndex) {
    }

    /**
     * Holdout figures of the customers with {@code orders} repeat order days before the cutoff ({@code label} "7+"
     * for the last row: 7 or more).
     */
    public record FrequencyRow(int orders, String label, long customers, double predicted, double actual) {
    }

    /** Customers whose 12-month value lies in [from, to); the last bin includes its upper end. */
    public record Bin(double from, double to, long customers) {
    }

    public record TopCustomer(String id, String name, CustomerClv clv) {
    }
}

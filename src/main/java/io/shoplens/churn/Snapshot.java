package io.shoplens.churn;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import io.shoplens.frame.CustomerBehaviour;

/**
 * The customers known at a cutoff, each with features computed from orders before it and, when the horizon after it
 * lies inside the data, the label: churned = no order in [cutoff, cutoff + H).
 *
 * @param churned null for an unlabelled (scoring) snapshot
 */
record Snapshot(Instant cutoff, List<CustomerBehaviour> customers, double[][] features, boolean[] churned) {

    static final List<String> BASE_FEATURES = List.of("recency_days", "frequency", "monetary", "tenure_days",
            "average_basket", "mean_gap_days", "gap_spread_days", "orders_last_30_days", "orders_last_90_days",
            "trend_90_days", "promo_share", "average_discount", "distinct_products", "recency_in_usual_gaps",
            "silence_likelihood");

    /** Feature names: the base ones, then one indicator per country seen in the data. */
    static List<String> featureNames(List<String> countries) {
        List<String> names = new java.util.ArrayList<>(BASE_FEATURES);
        countries.forEach(c -> names.add("country=" + c));
        return names;
    }

    static List<String> countries(List<CustomerBehaviour> customers) {
        Set<String> countries = new TreeSet<>();
        customers.forEach(c -> {
            if (c.country() != null) {
                countries.add(c.country());
            }
        });
        return List.copyOf(countries);
    }

    /**
     * Builds a snapshot. {@code ordering} holds the customers with an order in the horizon after the cutoff, or is
     * null for a scoring snapshot.
     */
    static Snapshot of(Instant cutoff, List<CustomerBehaviour> customers, List<String> countries,
            Set<String> ordering) {
        double[][] features = new double[customers.size()][];
        boolean[] churned = ordering == null ? null : new boolean[customers.size()];
        for (int i = 0; i < customers.size(); i++) {
            CustomerBehaviour c = customers.get(i);
            features[i] = vector(c, cutoff, countries);
            if (churned != null) {
                churned[i] = !ordering.contains(c.customerId());
            }
        }
        return new Snapshot(cutoff, customers, features, churned);
    }

    /**
     * Every feature reads only the summary of orders before the cutoff. The last two compare the silence since the
     * last order with the customer's usual gap (tenure / orders): a customer who usually buys weekly and has been
     * silent for two months is probably gone, while one who buys twice a year is not.
     */
    static double[] vector(CustomerBehaviour c, Instant cutoff, List<String> countries) {
        double tenure = c.tenureDays(cutoff);
        double overallRate = c.orders() / Math.max(tenure, 90.0);
        double recentRate = c.ordersLast90Days() / 90.0;
        double[] v = new double[BASE_FEATURES.size() + countries.size()];
        v[0] = c.recencyDays(cutoff);
        v[1] = c.orders();
        v[2] = c.revenue().doubleValue();
        v[3] = tenure;
        v[4] = c.averageBasket().doubleValue();
        v[5] = c.orders() < 2 ? -1 : c.meanGapDays();
        v[6] = c.orders() < 2 ? -1 : c.gapSpreadDays();
        v[7] = c.ordersLast30Days();
        v[8] = c.ordersLast90Days();
        v[9] = overallRate == 0 ? 0 : recentRate / overallRate;
        v[10] = c.promoShare();
        v[11] = c.orders() == 0 ? 0 : c.discount().doubleValue() / c.orders();
        v[12] = c.distinctProducts();
        // Trees split on one feature at a time and cannot divide two: give them the ratio that says "overdue".
        double usualGap = Math.max(tenure, 1.0) / c.orders();
        v[13] = v[0] / usualGap;
        v[14] = Math.exp(-v[0] / usualGap);
        for (int i = 0; i < BASE_FEATURES.size(); i++) {
            v[i] = twoSignificantDigits(v[i]);
        }
        // List.copyOf's lists throw on indexOf(null): a customer without a country (an import with no country
        // column) made every training on such a file fail with a NullPointerException.
        int country = c.country() == null ? -1 : countries.indexOf(c.country());
        if (country >= 0) {
            v[BASE_FEATURES.size() + country] = 1;
        }
        return v;
    }

    /**
     * Trees only compare values, and Tribuo's CART tries a split at every distinct value: two significant digits keep
     * the order of magnitude and cut training time several-fold.
     */
    static double twoSignificantDigits(double value) {
        if (value == 0 || !Double.isFinite(value)) {
            return value;
        }
        double magnitude = Math.pow(10, Math.floor(Math.log10(Math.abs(value))) - 1);
        return Math.round(value / magnitude) * magnitude;
    }

    /** At most {@code n} rows drawn without replacement (all rows when there are fewer). */
    Snapshot sample(int n, long seed) {
        if (size() <= n) {
            return this;
        }
        Integer[] order = new Integer[size()];
        java.util.Arrays.setAll(order, i -> i);
        java.util.Collections.shuffle(java.util.Arrays.asList(order), new java.util.Random(seed));
        List<CustomerBehaviour> rows = new java.util.ArrayList<>(n);
        double[][] x = new double[n][];
        boolean[] y = new boolean[n];
        for (int i = 0; i < n; i++) {
            rows.add(customers.get(order[i]));
            x[i] = features[order[i]];
            y[i] = churned[order[i]];
        }
        return new Snapshot(cutoff, rows, x, y);
    }

    /** Days since the last order, the baseline score, as the feature holds it. */
    double[] recency() {
        int column = BASE_FEATURES.indexOf("recency_days");
        double[] values = new double[size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = features[i][column];
        }
        return values;
    }

    int size() {
        return customers.size();
    }

    double baseRate() {
        return churned.length == 0 ? Double.NaN : (double) Metrics.count(churned) / churned.length;
    }

    static Instant minus(Instant instant, int days) {
        return instant.minus(Duration.ofDays(days));
    }
}

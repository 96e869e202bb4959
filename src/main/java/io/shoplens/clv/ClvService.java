package io.shoplens.clv;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.shoplens.frame.OrderFrame;

/**
 * Customer lifetime value, computed once per dataset version from the analysis frame and held in memory: the newest
 * version's result serves, and an older one keeps serving while a newer one is computed (not after it failed).
 */
@ApplicationScoped
public class ClvService {
    private static final Logger LOG = Logger.getLogger(ClvService.class);

    @Inject
    ClvConfig config;

    private volatile Computed current;
    private volatile Failure failure;

    /** What was computed for one version: the summary and each customer's figures by id. */
    /** @param frameStamp the frame's {@link OrderFrame#stamp()}: appends make a version's frame anew */
    private record Computed(ClvSummary summary, Map<String, CustomerClv> byId, long frameStamp) {
    }

    /** The last analysis that failed, and why. */
    public record Failure(long datasetVersion, String message) {
    }

    /**
     * Analyses the frame and serves the result unless a newer version's serves already. One analysis at a time; a
     * version already analysed is not analysed again (the flow and the churn scoring may both ask for it).
     */
    public synchronized ClvSummary analyse(OrderFrame frame) {
        Computed done = current;
        if (done != null && done.frameStamp() == frame.stamp()) {
            return done.summary();
        }
        Failure failed = failure;
        if (failed != null && failed.datasetVersion() == frame.version()) {
            throw new IllegalStateException(failed.message());
        }
        ClvModel.Result result;
        try {
            result = ClvModel.analyse(frame, ClvModel.Settings.of(config));
        } catch (RuntimeException e) {
            synchronized (this) {
                // An older version's values would be served as this one's, with other customers: none serve.
                if (current != null && current.summary().datasetVersion() < frame.version()) {
                    current = null;
                }
                failure = new Failure(frame.version(), e.getMessage());
            }
            throw e;
        }
        Map<String, CustomerClv> byId = new HashMap<>(result.byCustomer().length * 2);
        for (int c = 0; c < result.byCustomer().length; c++) {
            if (result.byCustomer()[c] != null) {
                byId.put(frame.customerId(c), result.byCustomer()[c]);
            }
        }
        synchronized (this) {
            Computed serving = current;
            if (serving == null || serving.summary().datasetVersion() <= frame.version()) {
                current = new Computed(result.summary(), byId, frame.stamp());
                failure = null;
            }
        }
        ClvSummary s = result.summary();
        LOG.infof("Lifetime values of dataset version %d: %d customers in %.1f s (fits %.1f s on %d customers);"
                + " holdout predicted %.0f order days, actual %.0f", frame.version(), s.customers(),
                s.computeSeconds(), s.fitSeconds(), s.fitCustomers(), s.holdout().predictedOrders(),
                s.holdout().actualOrders());
        return s;
    }

    /** The newest analysis, empty until the first one. */
    public Optional<ClvSummary> summary() {
        Computed c = current;
        return c == null ? Optional.empty() : Optional.of(c.summary());
    }

    /** Each customer's 12-month value in dataset {@code version}, by id; empty unless that version's values serve. */
    public Map<String, BigDecimal> clv12m(long version) {
        Computed c = current;
        if (c == null || c.summary().datasetVersion() != version) {
            return Map.of();
        }
        Map<String, BigDecimal> values = new HashMap<>(c.byId().size() * 2);
        c.byId().forEach((id, clv) -> values.put(id, clv.clv12m()));
        return values;
    }

    /** A customer's figures; empty for a customer without orders, or before the first analysis. */
    public Optional<CustomerClv> customer(String id) {
        Computed c = current;
        return c == null ? Optional.empty() : Optional.ofNullable(c.byId().get(id));
    }

    /** Why the newest analysis failed, unless a later one succeeded. */
    public Optional<Failure> failure() {
        return Optional.ofNullable(failure);
    }

    /** Figures of one group of customers: their number, total and mean 12-month value, mean P(alive), value share. */
    public record Group(String name, long customers, BigDecimal totalClv12m, BigDecimal meanClv12m, double meanPAlive,
            double share) {
    }

    /**
     * The customers grouped by {@code groupOf} (customer id to a group name; null leaves the customer out), highest
     * total value first. The groups come from the caller, so this package needs no segmentation of its own.
     */
    public List<Group> groups(Function<String, String> groupOf) {
        Computed c = current;
        if (c == null) {
            return List.of();
        }
        Map<String, double[]> sums = new LinkedHashMap<>();
        for (Map.Entry<String, CustomerClv> e : c.byId().entrySet()) {
            String group = groupOf.apply(e.getKey());
            if (group != null) {
                double[] s = sums.computeIfAbsent(group, g -> new double[3]);
                s[0]++;
                s[1] += e.getValue().clv12m().doubleValue();
                s[2] += e.getValue().pAlive();
            }
        }
        double total = c.summary().totalClv12m().doubleValue();
        List<Group> groups = new ArrayList<>();
        sums.forEach((name, s) -> groups.add(new Group(name, (long) s[0], money(s[1]), money(s[1] / s[0]),
                s[2] / s[0], total == 0 ? 0 : s[1] / total)));
        groups.sort(Comparator.comparing(Group::totalClv12m).reversed().thenComparing(Group::name));
        return groups;
    }

    private static BigDecimal money(double value) {
        return BigDecimal.valueOf(Math.round(value * 100), 2);
    }
}

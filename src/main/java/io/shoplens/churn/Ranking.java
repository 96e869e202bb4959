package io.shoplens.churn;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import io.quarkus.panache.common.Sort;

/**
 * How the list of customers to win back is ordered.
 */
public enum Ranking {
    /** Highest churn probability first; then higher revenue at risk, then customer id, so that the order is stable. */
    RISK("risk", Sort.descending("probability").and("revenueAtRisk", Sort.Direction.Descending).and("customerId")),
    /** Highest revenue at risk first (probability × 12-month value): whom a win-back budget is best spent on. */
    REVENUE("revenue", Sort.descending("revenueAtRisk").and("probability", Sort.Direction.Descending)
            .and("customerId"));

    public final String id;
    final Sort sort;

    Ranking(String id, Sort sort) {
        this.id = id;
        this.sort = sort;
    }

    public static Optional<Ranking> byId(String id) {
        return Arrays.stream(values()).filter(r -> r.id.equals(id)).findFirst();
    }

    public static List<String> ids() {
        return Arrays.stream(values()).map(r -> r.id).toList();
    }
}

package io.shoplens.churn;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import io.quarkus.panache.common.Sort;

/**
 * How the list of customers to win back is ordered. One value per ranking, so that another (revenue at risk from a
 * lifetime-value model) is one more constant and its sort.
 */
public enum Ranking {
    /** Highest churn probability first; then higher revenue at risk, then customer id, so that the order is stable. */
    RISK("risk", Sort.descending("probability").and("revenueAtRisk", Sort.Direction.Descending).and("customerId"));

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

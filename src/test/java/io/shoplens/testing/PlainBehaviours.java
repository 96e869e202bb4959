package io.shoplens.testing;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.shoplens.frame.CustomerBehaviour;
import io.shoplens.store.Order;

/**
 * The per-customer view recomputed in plain Java from raw orders, to check the frame's against. A document with a
 * negative total is a return (the simulator writes them so): it is not an order, and its total comes off revenue.
 */
public final class PlainBehaviours {
    private PlainBehaviours() {
    }

    public static List<CustomerBehaviour> before(Iterable<Order> orders, Instant cutoff) {
        Map<String, List<Order>> byCustomer = new TreeMap<>();
        Map<String, BigDecimal> returned = new TreeMap<>();
        for (Order o : orders) {
            if (o.date.isBefore(cutoff) && o.total.signum() < 0) {
                returned.merge(o.customerId, o.total, BigDecimal::add);
            } else if (o.date.isBefore(cutoff)) {
                byCustomer.computeIfAbsent(o.customerId, k -> new ArrayList<>()).add(o);
            }
        }
        List<CustomerBehaviour> result = new ArrayList<>();
        byCustomer.forEach((id, list) -> {
            list.sort(Comparator.comparing(o -> o.date));
            BigDecimal revenue = returned.getOrDefault(id, BigDecimal.ZERO);
            BigDecimal discount = BigDecimal.ZERO;
            long promo = 0;
            long items = 0;
            double gapSum = 0;
            double gapSquares = 0;
            long last30 = 0;
            long last90 = 0;
            java.util.Set<String> products = new java.util.HashSet<>();
            for (int i = 0; i < list.size(); i++) {
                Order o = list.get(i);
                o.lines.forEach(l -> products.add(l.productId));
                revenue = revenue.add(o.total);
                discount = discount.add(o.discount);
                promo += o.promoCode == null ? 0 : 1;
                items += o.lines.stream().mapToLong(l -> l.quantity).sum();
                if (i > 0) {
                    double gap = (o.date.toEpochMilli() - list.get(i - 1).date.toEpochMilli()) / 86_400_000.0;
                    gapSum += gap;
                    gapSquares += gap * gap;
                }
                last30 += o.date.isBefore(cutoff.minus(Duration.ofDays(30))) ? 0 : 1;
                last90 += o.date.isBefore(cutoff.minus(Duration.ofDays(90))) ? 0 : 1;
            }
            result.add(new CustomerBehaviour(id, list.get(list.size() - 1).country, list.size(),
                    revenue.setScale(2, RoundingMode.HALF_UP), discount.setScale(2, RoundingMode.HALF_UP), promo,
                    items, list.get(0).date, list.get(list.size() - 1).date, gapSum, gapSquares, last30, last90,
                    products.size()));
        });
        return result;
    }
}

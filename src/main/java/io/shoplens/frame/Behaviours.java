package io.shoplens.frame;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The per-customer view that segmentation and churn share, summed up from the frame as of one or more cutoffs. Each
 * customer's orders are walked in date order and the walk stops at the cutoff, so nothing on or after it can leak in.
 * Counts, dates and gaps are of sales; revenue is net of the returns made before the cutoff.
 */
public final class Behaviours {
    private static final long DAY_MILLIS = 86_400_000L;

    private Behaviours() {
    }

    /** Every customer with at least one order before {@code cutoff}, in customer-id order. */
    public static List<CustomerBehaviour> before(OrderFrame frame, Instant cutoff) {
        return before(frame, List.of(cutoff)).get(0);
    }

    /** The same for several cutoffs; one list per cutoff, in the order given. */
    public static List<List<CustomerBehaviour>> before(OrderFrame frame, List<Instant> cutoffs) {
        List<List<CustomerBehaviour>> result = new ArrayList<>(cutoffs.size());
        int[] seenBy = new int[frame.productCount()];
        int stamp = 0;
        for (Instant cutoff : cutoffs) {
            long end = cutoff.toEpochMilli();
            long since30 = end - 30 * DAY_MILLIS;
            long since90 = end - 90 * DAY_MILLIS;
            List<CustomerBehaviour> rows = new ArrayList<>();
            for (int c = 0; c < frame.customerCount(); c++) {
                int n = frame.orderCountOf(c);
                if (n == 0 || frame.date(frame.orderOf(c, 0)) >= end) {
                    continue;
                }
                stamp++;
                long revenue = 0;
                long discount = 0;
                long promo = 0;
                long items = 0;
                long last30 = 0;
                long last90 = 0;
                double gapSum = 0;
                double gapSquares = 0;
                int distinct = 0;
                int country = OrderFrame.NONE;
                long previous = 0;
                int k = 0;
                for (; k < n; k++) {
                    int o = frame.orderOf(c, k);
                    long date = frame.date(o);
                    if (date >= end) {
                        break;
                    }
                    revenue += frame.totalCents(o);
                    discount += frame.discountCents(o);
                    promo += frame.promoOf(o) == OrderFrame.NONE ? 0 : 1;
                    items += frame.items(o);
                    last30 += date >= since30 ? 1 : 0;
                    last90 += date >= since90 ? 1 : 0;
                    if (k > 0) {
                        double gap = (date - previous) / (double) DAY_MILLIS;
                        gapSum += gap;
                        gapSquares += gap * gap;
                    }
                    previous = date;
                    country = frame.countryOf(o);
                    for (int l = frame.firstLine(o); l < frame.endLine(o); l++) {
                        int p = frame.lineProduct(l);
                        if (seenBy[p] != stamp) {
                            seenBy[p] = stamp;
                            distinct++;
                        }
                    }
                }
                // Revenue is net: what the customer gave back before the cutoff is taken off.
                revenue -= frame.returns().amountBefore(c, end);
                rows.add(new CustomerBehaviour(frame.customerId(c), frame.country(country), k,
                        OrderFrame.money(revenue), OrderFrame.money(discount), promo, items,
                        frame.instant(frame.orderOf(c, 0)), frame.instant(frame.orderOf(c, k - 1)), gapSum,
                        gapSquares, last30, last90, distinct));
            }
            result.add(List.copyOf(rows));
        }
        return result;
    }
}

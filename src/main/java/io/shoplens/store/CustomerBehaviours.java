package io.shoplens.store;

import static io.shoplens.store.Aggregations.ifPromo;
import static io.shoplens.store.Aggregations.longValue;
import static io.shoplens.store.Aggregations.money;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.bson.Document;

/**
 * The per-customer view that segmentation and churn share, computed by one aggregation pipeline over {@code orders}
 * (never all orders in Java). Orders after the cutoff are filtered out first, so nothing after it can leak in.
 */
@ApplicationScoped
public class CustomerBehaviours {
    private static final long DAY_MILLIS = 86_400_000L;

    @jakarta.inject.Inject
    DatasetStore store;

    /** Segmentation and churn scoring ask for the same cutoff right after a dataset change: compute it once. */
    private final io.shoplens.common.VersionedCache<Instant, List<CustomerBehaviour>> cache =
            new io.shoplens.common.VersionedCache<>(4);

    /** Every customer with at least one order before {@code cutoff} (exclusive), summed up, by customer id. */
    public List<CustomerBehaviour> before(Instant cutoff) {
        long version = store.current().map(d -> d.version).orElse(0L);
        return cache.get(version, cutoff, () -> compute(cutoff));
    }

    private List<CustomerBehaviour> compute(Instant cutoff) {
        Date end = Date.from(cutoff);
        Document gap = new Document("$divide", List.of(new Document("$subtract", List.of("$$this", "$$value.prev")),
                DAY_MILLIS));
        Document firstOrGap = new Document("$cond", Arrays.asList(
                new Document("$eq", Arrays.asList("$$value.prev", null)), 0, gap));
        Document firstOrSquare = new Document("$cond", Arrays.asList(
                new Document("$eq", Arrays.asList("$$value.prev", null)), 0,
                new Document("$multiply", List.of(gap, gap))));
        List<Document> pipeline = List.of(
                new Document("$match", new Document("date", new Document("$lt", end))),
                new Document("$sort", new Document("customerId", 1).append("date", 1)),
                new Document("$group", new Document("_id", "$customerId")
                        .append("country", new Document("$last", "$country"))
                        .append("orders", new Document("$sum", 1))
                        .append("revenue", new Document("$sum", "$total"))
                        .append("discount", new Document("$sum", "$discount"))
                        .append("promoOrders", new Document("$sum", ifPromo(1, 0)))
                        .append("items", new Document("$sum", new Document("$sum", "$lines.quantity")))
                        .append("first", new Document("$min", "$date"))
                        .append("last", new Document("$max", "$date"))
                        .append("o30", new Document("$sum", since(cutoff, 30)))
                        .append("o90", new Document("$sum", since(cutoff, 90)))
                        .append("dates", new Document("$push", "$date"))),
                new Document("$addFields", new Document("gaps", new Document("$reduce", new Document("input", "$dates")
                        .append("initialValue", new Document("prev", null).append("s", 0.0).append("ss", 0.0))
                        .append("in", new Document("prev", "$$this")
                                .append("s", new Document("$add", List.of("$$value.s", firstOrGap)))
                                .append("ss", new Document("$add", List.of("$$value.ss", firstOrSquare))))))),
                new Document("$project", new Document("dates", 0)),
                new Document("$sort", new Document("_id", 1)));
        List<CustomerBehaviour> result = new ArrayList<>();
        for (Document d : Aggregations.orders().aggregate(pipeline).allowDiskUse(true)) {
            Document gaps = d.get("gaps", Document.class);
            result.add(new CustomerBehaviour(String.valueOf(d.get("_id")), d.getString("country"),
                    longValue(d, "orders"), money(d, "revenue"), money(d, "discount"), longValue(d, "promoOrders"),
                    longValue(d, "items"), d.getDate("first").toInstant(), d.getDate("last").toInstant(),
                    Aggregations.doubleValue(gaps, "s"), Aggregations.doubleValue(gaps, "ss"), longValue(d, "o30"),
                    longValue(d, "o90")));
        }
        return List.copyOf(result);
    }

    /**
     * How many distinct products each customer bought before each cutoff (exclusive), in one pass: every
     * (customer, product) pair's first purchase date is compared with every cutoff.
     */
    public java.util.Map<String, int[]> distinctProductsBefore(List<Instant> cutoffs) {
        Document counts = new Document("_id", "$_id.c");
        for (int i = 0; i < cutoffs.size(); i++) {
            counts.append("n" + i, new Document("$sum", new Document("$cond", List.of(
                    new Document("$lt", List.of("$first", Date.from(cutoffs.get(i)))), 1, 0))));
        }
        Instant last = cutoffs.stream().max(Instant::compareTo).orElseThrow();
        List<Document> pipeline = List.of(
                new Document("$match", new Document("date", new Document("$lt", Date.from(last)))),
                new Document("$unwind", "$lines"),
                new Document("$group", new Document("_id", new Document("c", "$customerId")
                        .append("p", "$lines.productId")).append("first", new Document("$min", "$date"))),
                new Document("$group", counts));
        java.util.Map<String, int[]> result = new java.util.HashMap<>();
        for (Document d : Aggregations.orders().aggregate(pipeline).allowDiskUse(true)) {
            int[] n = new int[cutoffs.size()];
            for (int i = 0; i < n.length; i++) {
                n[i] = (int) longValue(d, "n" + i);
            }
            result.put(String.valueOf(d.get("_id")), n);
        }
        return result;
    }

    private static Document since(Instant cutoff, int days) {
        return new Document("$cond", List.of(
                new Document("$gte", List.of("$date", Date.from(cutoff.minus(Duration.ofDays(days))))), 1, 0));
    }
}

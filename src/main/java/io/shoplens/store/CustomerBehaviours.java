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
import java.util.UUID;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;

import org.bson.Document;

import com.mongodb.client.MongoCollection;

/**
 * The per-customer view that segmentation and churn share, computed by one aggregation pipeline over {@code orders}
 * (never all orders in Java). Orders after the cutoff are filtered out first, so nothing after it can leak in.
 */
@ApplicationScoped
public class CustomerBehaviours {
    private static final long DAY_MILLIS = 86_400_000L;

    @jakarta.inject.Inject
    DatasetStore store;

    /** Segmentation and churn scoring ask for the same cutoffs right after a dataset change: compute them once. */
    private final io.shoplens.common.VersionedCache<List<Instant>, List<List<CustomerBehaviour>>> cache =
            new io.shoplens.common.VersionedCache<>(4);

    /** Every customer with at least one order before {@code cutoff} (exclusive), summed up, by customer id. */
    public List<CustomerBehaviour> before(Instant cutoff) {
        return before(List.of(cutoff)).get(0);
    }

    /**
     * The same for several cutoffs in one pass over the orders (churn needs three): each sum counts only the orders
     * before its own cutoff. One list per cutoff, in the order given.
     */
    public List<List<CustomerBehaviour>> before(List<Instant> cutoffs) {
        long version = store.current().map(d -> d.version).orElse(0L);
        return cache.get(version, List.copyOf(cutoffs), () -> compute(cutoffs));
    }

    private List<List<CustomerBehaviour>> compute(List<Instant> cutoffs) {
        Instant last = cutoffs.stream().max(Instant::compareTo).orElseThrow();
        Document group = new Document("_id", "$customerId")
                .append("country", new Document("$last", "$country"))
                .append("first", new Document("$min", "$date"))
                .append("dates", new Document("$push", "$date"));
        Document gapsInitial = new Document();
        Document gapsStep = new Document();
        for (int k = 0; k < cutoffs.size(); k++) {
            Instant cutoff = cutoffs.get(k);
            Document before = new Document("$lt", List.of("$date", Date.from(cutoff)));
            group.append("orders" + k, sumIf(before, 1))
                    .append("revenue" + k, sumIf(before, "$total"))
                    .append("discount" + k, sumIf(before, "$discount"))
                    .append("promoOrders" + k, sumIf(before, ifPromo(1, 0)))
                    .append("items" + k, sumIf(before, new Document("$sum", "$lines.quantity")))
                    .append("last" + k, new Document("$max", new Document("$cond", Arrays.asList(before, "$date",
                            null))))
                    .append("o30_" + k, sumIf(between(cutoff, 30), 1))
                    .append("o90_" + k, sumIf(between(cutoff, 90), 1));
            gapsInitial.append("prev" + k, null).append("s" + k, 0.0).append("ss" + k, 0.0);
            gapStep(gapsStep, k, Date.from(cutoff));
        }
        List<Document> pipeline = List.of(
                new Document("$match", new Document("date", new Document("$lt", Date.from(last)))),
                new Document("$sort", new Document("customerId", 1).append("date", 1)),
                new Document("$group", group),
                new Document("$addFields", new Document("gaps", new Document("$reduce", new Document("input", "$dates")
                        .append("initialValue", gapsInitial).append("in", gapsStep)))),
                new Document("$project", new Document("dates", 0)));
        List<List<CustomerBehaviour>> result = new ArrayList<>();
        cutoffs.forEach(c -> result.add(new ArrayList<>()));
        throughCollection(pipeline, d -> {
            Document gaps = d.get("gaps", Document.class);
            for (int k = 0; k < cutoffs.size(); k++) {
                long orders = longValue(d, "orders" + k);
                if (orders > 0) {
                    result.get(k).add(new CustomerBehaviour(String.valueOf(d.get("_id")), d.getString("country"),
                            orders, money(d, "revenue" + k), money(d, "discount" + k),
                            longValue(d, "promoOrders" + k), longValue(d, "items" + k),
                            d.getDate("first").toInstant(), d.getDate("last" + k).toInstant(),
                            Aggregations.doubleValue(gaps, "s" + k), Aggregations.doubleValue(gaps, "ss" + k),
                            longValue(d, "o30_" + k), longValue(d, "o90_" + k)));
                }
            }
        });
        return result.stream().map(List::copyOf).toList();
    }

    /**
     * Runs the pipeline into a collection of its own and reads it back sorted, in cursor batches: the embedded server
     * answers an aggregation in a single reply, which at 100,000 customers and three cutoffs outgrew its 48 MB message
     * limit.
     */
    private static void throughCollection(List<Document> pipeline, Consumer<Document> row) {
        String name = "customer_behaviours_" + UUID.randomUUID().toString().replace("-", "");
        List<Document> withOut = new ArrayList<>(pipeline);
        withOut.add(new Document("$out", name));
        MongoCollection<Document> out = Order.mongoDatabase().getCollection(name);
        try {
            Aggregations.orders().aggregate(withOut).allowDiskUse(true).toCollection();
            out.find().sort(new Document("_id", 1)).batchSize(10_000).forEach(row);
        } finally {
            out.drop();
        }
    }

    /**
     * One step of the fold over a customer's sorted order dates, for cutoff k: dates before the cutoff add their gap
     * to the previous one (and its square); later dates leave the sums as they are.
     */
    private static void gapStep(Document step, int k, Date cutoff) {
        String prev = "$$value.prev" + k;
        Document gap = new Document("$divide", List.of(new Document("$subtract", List.of("$$this", prev)),
                DAY_MILLIS));
        Document counts = new Document("$lt", List.of("$$this", cutoff));
        Document hasPrevious = new Document("$ne", Arrays.asList(prev, null));
        Document addsGap = new Document("$and", List.of(counts, hasPrevious));
        step.append("prev" + k, new Document("$cond", List.of(counts, "$$this", prev)))
                .append("s" + k, new Document("$cond", List.of(addsGap,
                        new Document("$add", List.of("$$value.s" + k, gap)), "$$value.s" + k)))
                .append("ss" + k, new Document("$cond", List.of(addsGap,
                        new Document("$add", List.of("$$value.ss" + k, new Document("$multiply", List.of(gap, gap)))),
                        "$$value.ss" + k)));
    }

    private static Document sumIf(Document condition, Object value) {
        return new Document("$sum", new Document("$cond", List.of(condition, value, 0)));
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

    /** Orders in the {@code days} before the cutoff: on or after cutoff − days, and before the cutoff. */
    private static Document between(Instant cutoff, int days) {
        return new Document("$and", List.of(
                new Document("$gte", List.of("$date", Date.from(cutoff.minus(Duration.ofDays(days))))),
                new Document("$lt", List.of("$date", Date.from(cutoff)))));
    }
}

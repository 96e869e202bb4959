package io.shoplens.ingest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.shoplens.frame.FrameBuilder;
import io.shoplens.frame.Frames;
import io.shoplens.frame.OrderFrame;
import io.shoplens.kpi.KpiFilter;
import io.shoplens.kpi.KpiService;
import io.shoplens.store.Customer;
import io.shoplens.store.DatasetInfo;
import io.shoplens.store.DatasetJobs;
import io.shoplens.store.Order;
import io.shoplens.store.OrderLine;
import io.shoplens.store.ShopRepository;
import io.shoplens.testing.Api;
import io.shoplens.testing.EmbeddedMongoResource;

/** POST /api/orders: appended orders are stored once, checked all or nothing, and every analysis follows them. */
@QuarkusTest
@QuarkusTestResource(EmbeddedMongoResource.class)
class AppendResourceTest {
    private static final String SHOP = "{\"customers\": 60, \"products\": 8, \"orders\": 900, \"seed\": %d,"
            + " \"days\": 200}";

    @Inject
    Frames frames;
    @Inject
    KpiService kpis;
    @Inject
    ShopRepository shop;
    @Inject
    DatasetJobs jobs;

    private static String today(int hour) {
        return LocalDate.now(ZoneOffset.UTC).atTime(hour, 15).toInstant(ZoneOffset.UTC).toString();
    }

    private static String order(String id, String customer, String date, String lines, String extra) {
        return "{\"id\": \"" + id + "\", \"customerId\": \"" + customer + "\", \"date\": \"" + date
                + "\", \"country\": \"Iceland\", \"lines\": [" + lines + "]" + extra + "}";
    }

    private static String line(String product, int quantity, String price) {
        return "{\"productId\": \"" + product + "\", \"productName\": \"Name of " + product
                + "\", \"category\": \"Appended\", \"quantity\": " + quantity + ", \"unitPrice\": " + price + "}";
    }

    @Test
    void appendedOrdersAreStoredOnceAndEveryFigureFollows() {
        long version = Api.regenerate(String.format(SHOP, 3));
        long before = Api.sales();
        BigDecimal revenueBefore = kpis.report(KpiFilter.ALL).revenue();
        String body = "[\n" + order("APP-1", "C000001", today(1), line("P00001", 2, "10.50"), "") + ",\n"
                + order("APP-2", "NEW-CUSTOMER", today(2), line("NEW-PRODUCT", 3, "4.00") + ","
                        + line("P00002", 1, "1.99"), ", \"promoCode\": \"HELLO\", \"discount\": 2.00") + "\n]";

        Api.admin().contentType("application/json").body(body).post("/api/orders").then().statusCode(200)
                .body("accepted", equalTo(2)).body("duplicates", equalTo(0))
                .body("orders", equalTo((int) before + 2)).body("version", equalTo((int) version));
        assertEquals(before + 2, Api.sales());
        // A client retrying after a lost answer: nothing is added twice.
        Api.admin().contentType("application/json").body(body).post("/api/orders").then().statusCode(200)
                .body("accepted", equalTo(0)).body("duplicates", equalTo(2)).body("orders", equalTo((int) before + 2));
        assertEquals(before + 2, Api.sales());
        given().get("/api/dataset").then().body("orders", equalTo((int) before + 2))
                .body("version", equalTo((int) version));

        OrderFrame frame = awaitAppended(2);
        assertEquals(version, frame.version(), "appends extend the version");
        // 21.00 + (12.00 + 1.99 - 2.00), to the cent.
        assertEquals(revenueBefore.add(new BigDecimal("32.99")), kpis.report(KpiFilter.ALL).revenue());
        given().get("/api/kpis").then().body("orders", equalTo((int) before + 2));
        assertEquals(rebuilt(), kpis.report(frame, KpiFilter.ALL).toString(),
                "the KPIs of the extended frame are those of a full read of MongoDB");
        Api.awaitStatus("/api/customers/NEW-CUSTOMER", 200);
        given().get("/api/customers/NEW-CUSTOMER").then().statusCode(200).body("customer.orders", equalTo(1))
                .body("orders.id", hasItem("APP-2"));
        given().get("/customers/NEW-CUSTOMER").then().statusCode(200).body(containsString("APP-2"));
    }

    /**
     * An append cut off between its orders' insert and their record in dataset_info (a kill -9 while the database
     * lives on, which AppendDurabilityIT meets at random) left them stored and numbered in the append sequence, but not
     * counted. The next append counts them in (and the customer it created) and numbers its own orders after them: the
     * client's retry of the cut-off request finds its orders as duplicates, and every count is exact.
     */
    @Test
    void anAppendCutOffBeforeItsRecordIsCountedInByTheNext() {
        Api.regenerate(String.format(SHOP, 9));
        long before = Api.sales();
        int customers = given().get("/api/dataset").then().extract().path("customers");
        Customer created = new Customer();
        created.id = "CUT-NEW";
        created.country = "Iceland";
        created.signupDate = Instant.parse(today(5));
        Customer.mongoCollection().insertOne(created);
        Order.mongoCollection().insertMany(java.util.List.of(stored("CUT-1", "C000003", today(4), "P00001", 1, "3.00", 1),
                stored("CUT-2", "CUT-NEW", today(5), "P00002", 2, "1.50", 2)));
        given().get("/api/dataset").then().body("orders", equalTo((int) before));

        String retry = "[\n" + order("CUT-1", "C000003", today(4), line("P00001", 1, "3.00"), "") + ",\n"
                + order("CUT-2", "CUT-NEW", today(5), line("P00002", 2, "1.50"), "") + ",\n"
                + order("CUT-3", "C000004", today(6), line("P00001", 1, "2.00"), "") + "\n]";
        Api.admin().contentType("application/json").body(retry).post("/api/orders").then().statusCode(200)
                .body("accepted", equalTo(1)).body("duplicates", equalTo(2)).body("orders", equalTo((int) before + 3));
        given().get("/api/dataset").then().body("orders", equalTo((int) before + 3))
                .body("customers", equalTo(customers + 1));
        assertEquals(3L, ((Order) Order.findById("CUT-3")).seq, "numbered after the cut-off append's orders");
        OrderFrame frame = awaitAppended(3);
        given().get("/api/kpis").then().body("orders", equalTo((int) before + 3));
        assertEquals(rebuilt(), kpis.report(frame, KpiFilter.ALL).toString());
    }

    /**
     * Another replica died holding the append lock, after its orders' insert and before their record: this one waits
     * until the lock expires, takes it over and counts those orders in although it has appended to this version before
     * (so it would not otherwise look), numbering its own after them.
     */
    @Test
    void aReplicaThatDiedHoldingTheLockHasItsOrdersCountedIn() {
        Api.regenerate(String.format(SHOP, 10));
        long before = Api.sales();
        Api.admin().contentType("application/json")
                .body("[" + order("DEAD-0", "C000001", today(3), line("P00001", 1, "1.00"), "") + "]")
                .post("/api/orders").then().statusCode(200).body("orders", equalTo((int) before + 1));
        Order.mongoCollection().insertMany(java.util.List.of(
                stored("DEAD-1", "C000002", today(4), "P00001", 1, "3.00", 2),
                stored("DEAD-2", "C000003", today(5), "P00002", 2, "1.50", 3)));
        appendLock().replaceOne(new org.bson.Document("_id", "appends"), new org.bson.Document("_id", "appends")
                .append("owner", "dead-pod").append("released", false)
                .append("expiresAt", java.util.Date.from(Instant.now().minusSeconds(1))), upsert());

        Api.admin().contentType("application/json")
                .body("[" + order("DEAD-3", "C000004", today(6), line("P00001", 1, "2.00"), "") + "]")
                .post("/api/orders").then().statusCode(200).body("accepted", equalTo(1))
                .body("orders", equalTo((int) before + 4));
        assertEquals(4L, ((Order) Order.findById("DEAD-3")).seq, "numbered after the dead replica's orders");
        given().get("/api/dataset").then().body("orders", equalTo((int) before + 4));
        awaitAppended(4);
        given().get("/api/kpis").then().body("orders", equalTo((int) before + 4));
    }

    /** An append waits while another replica holds the lock, and goes through once it is freed. */
    @Test
    void anAppendWaitsForAnotherReplicasToEnd() throws Exception {
        Api.regenerate(String.format(SHOP, 11));
        long before = Api.sales();
        appendLock().replaceOne(new org.bson.Document("_id", "appends"), new org.bson.Document("_id", "appends")
                .append("owner", "busy-pod").append("released", false)
                .append("expiresAt", java.util.Date.from(Instant.now().plusSeconds(60))), upsert());
        java.util.concurrent.CompletableFuture<Integer> append = java.util.concurrent.CompletableFuture
                .supplyAsync(() -> Api.admin().contentType("application/json")
                        .body("[" + order("WAIT-1", "C000001", today(3), line("P00001", 1, "1.00"), "") + "]")
                        .post("/api/orders").then().extract().statusCode());
        Thread.sleep(500);
        assertTrue(!append.isDone(), "held by another replica: the append waits");
        appendLock().updateOne(new org.bson.Document("_id", "appends"),
                new org.bson.Document("$set", new org.bson.Document("released", true)));
        assertEquals(200, append.get(30, java.util.concurrent.TimeUnit.SECONDS));
        given().get("/api/dataset").then().body("orders", equalTo((int) before + 1));
    }

    private static com.mongodb.client.MongoCollection<org.bson.Document> appendLock() {
        return io.shoplens.store.DatasetStore.database().getCollection("append_lock");
    }

    private static com.mongodb.client.model.ReplaceOptions upsert() {
        return new com.mongodb.client.model.ReplaceOptions().upsert(true);
    }

    private static Order stored(String id, String customer, String date, String product, int quantity, String price,
            long seq) {
        Order o = new Order();
        o.id = id;
        o.customerId = customer;
        o.date = Instant.parse(date);
        o.country = "Iceland";
        o.discount = BigDecimal.ZERO.setScale(2);
        o.lines = java.util.List.of(new OrderLine(product, "Name of " + product, quantity, new BigDecimal(price)));
        o.total = o.subtotal();
        o.seq = seq;
        return o;
    }

    @Test
    void anIdStoredWithOtherContentIsAnErrorAndNothingIsStored() {
        Api.regenerate(String.format(SHOP, 4));
        Api.admin().contentType("application/json").body("[" + order("SAME-1", "C000002", today(3),
                line("P00001", 1, "5.00"), "") + "]").post("/api/orders").then().statusCode(200);
        long before = Api.sales();
        Api.admin().contentType("application/json").body("[" + order("FRESH-1", "C000002", today(3),
                line("P00001", 1, "5.00"), "") + ",\n" + order("SAME-1", "C000002", today(3),
                        line("P00001", 2, "5.00"), "") + "]").post("/api/orders").then().statusCode(400)
                .body("errors.field", hasItem("line 2 (id)"))
                .body("errors.message", hasItem(containsString("SAME-1 is stored already with other content")));
        assertEquals(before, Api.sales(), "all or nothing: FRESH-1 was not stored either");
    }

    @Test
    void badOrdersAreNamedByLineAndNothingIsStored() {
        Api.regenerate(String.format(SHOP, 5));
        long before = Api.sales();
        String farFuture = LocalDate.now(ZoneOffset.UTC).plusDays(30) + "T00:00:00Z";
        String body = "[\n" + order("B-1", "C000001", today(1), line("P00001", -1, "3.00"), "") + ",\n"
                + order("B-2", "C000001", "1991-01-01T00:00:00Z", line("P00001", 1, "-3.00"), "") + ",\n"
                + order("B-3", "C000001", farFuture, line("P00001", 1, "3.00"), ", \"colour\": \"red\"") + ",\n"
                + "{\"id\": 7, \"customerId\": \"C000001\", \"date\": \"yesterday\", \"lines\": []},\n"
                + order("GOOD-1", "C000001", today(1), line("P00001", 1, "3.00"), "") + "\n]";
        Api.admin().contentType("application/json").body(body).post("/api/orders").then().statusCode(400)
                .body("errors.field", hasItem("line 2 (lines[1].quantity)"))
                .body("errors.field", hasItem("line 3 (date)"))
                .body("errors.field", hasItem("line 3 (lines[1].unitPrice)"))
                .body("errors.field", hasItem("line 4 (date)"))
                .body("errors.field", hasItem("line 4 ('colour')"))
                .body("errors.field", hasItem("line 5 (id)"))
                .body("errors.field", hasItem("line 5 (lines)"));
        // Numbers a double cannot hold, and lines whose amounts the analysis could not add up (it keeps cents as
        // longs): each one named, nothing stored. As doubles, 1e400 was a 500 and 1e-400 a price of 0.
        String huge = "[\n" + order("H-1", "C000001", today(1), line("P00001", 1, "1e400"), "") + ",\n"
                + order("H-2", "C000001", today(1), line("P00001", 1, "1e-400"), "") + ",\n"
                + order("H-3", "C000001", today(1), line("P00001", 1, "2.00"), ", \"discount\": -1e400") + ",\n"
                + order("H-4", "C000001", today(1), line("P00001", 1_000_000, "999999999.99"), "") + "\n]";
        Api.admin().contentType("application/json").body(huge).post("/api/orders").then().statusCode(400)
                .body("errors.field", hasItem("line 2 (lines[1].unitPrice)"))
                .body("errors.field", hasItem("line 3 (lines[1].unitPrice)"))
                .body("errors.field", hasItem("line 4 (discount)"))
                .body("errors.field", hasItem("line 5 (lines[1])"))
                .body("errors.message", hasItem(containsString("is too large")))
                .body("errors.message", hasItem(containsString("more than two decimals")))
                .body("errors.message", hasItem(containsString("quantity × unitPrice is more than 999,999,999.99")));
        Api.admin().contentType("application/json").body("[{\"id\": \"X\",").post("/api/orders").then()
                .statusCode(400).body("errors[0].message", containsString("not valid JSON"));
        Api.admin().contentType("application/json").body("{\"id\": \"X\"}").post("/api/orders").then()
                .statusCode(400).body("errors[0].message", containsString("JSON array"));
        given().contentType("application/json").body("[]").post("/api/orders").then().statusCode(401);
        assertEquals(before, Api.sales());
    }

    @Test
    void ndjsonIsReadLineByLine() {
        Api.regenerate(String.format(SHOP, 6));
        long before = Api.sales();
        String body = order("ND-1", "C000003", today(1), line("P00003", 1, "2.50"), "") + "\n\n"
                + order("ND-2", "C000003", today(2), line("P00003", 1, "2.50"), "") + "\n";
        Api.admin().contentType("application/x-ndjson").body(body.getBytes(java.nio.charset.StandardCharsets.UTF_8)).post("/api/orders").then().statusCode(200)
                .body("accepted", equalTo(2));
        Api.admin().contentType("application/x-ndjson").body((body + "{\"id\": \"ND-3\"}\n").getBytes(java.nio.charset.StandardCharsets.UTF_8)).post("/api/orders")
                .then().statusCode(400).body("errors.field", hasItem("line 4 (customerId)"));
        assertEquals(before + 2, Api.sales());
    }

    @Test
    void appendsAndDatasetJobsExcludeEachOther() {
        Api.regenerate(String.format(SHOP, 7));
        try (DatasetJobs.Job job = jobs.tryStart("test", Instant.now()).orElseThrow()) {
            Api.admin().contentType("application/json").body("[" + order("J-1", "C000001", today(1),
                    line("P00001", 1, "1.00"), "") + "]").post("/api/orders").then().statusCode(409);
        }
        assertTrue(jobs.tryAppend());
        try {
            Api.admin().contentType("application/json").body("{\"preset\": \"classic\"}").post("/api/dataset")
                    .then().statusCode(409);
        } finally {
            jobs.appendDone();
        }
    }

    @Test
    void tooManyOrdersInOneRequestAreRefusedWhole() {
        Api.regenerate(String.format(SHOP, 8));
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 10_001; i++) {
            body.append(order("MANY-" + i, "C000001", today(1), line("P00001", 1, "1.00"), "")).append('\n');
        }
        Api.admin().contentType("application/x-ndjson").body(body.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)).post("/api/orders").then()
                .statusCode(400).body("errors", hasSize(1))
                .body("errors[0].message", containsString("more than 10000 orders"));
    }

    private OrderFrame awaitAppended(long appended) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (Instant.now().isBefore(deadline)) {
            OrderFrame frame = frames.current().orElseThrow();
            if (frame.appended() >= appended) {
                return frame;
            }
            Api.pause();
        }
        throw new AssertionError("the frame did not take the appends within 10 s");
    }

    /** The KPIs of the frame a full read of MongoDB makes now. */
    private String rebuilt() {
        DatasetInfo info = DatasetInfo.findById("current");
        FrameBuilder builder = new FrameBuilder(info.version, info.end(), info.simulated());
        shop.forEachProduct(builder::product);
        shop.forEachCustomer(builder::customer);
        shop.forEachOrder(builder::order);
        return kpis.report(builder.build(), KpiFilter.ALL).toString();
    }
}

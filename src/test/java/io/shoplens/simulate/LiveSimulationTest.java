package io.shoplens.simulate;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

import org.bson.Document;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.shoplens.store.Customer;
import io.shoplens.store.Order;
import io.shoplens.testing.Api;
import io.shoplens.testing.EmbeddedMongoResource;

/** POST /api/live: the shop goes on, the same at any speed, and stops when its dataset is replaced. */
@QuarkusTest
@QuarkusTestResource(EmbeddedMongoResource.class)
class LiveSimulationTest {
    private static final String SHOP = "{\"customers\": 300, \"products\": 12, \"orders\": 6000, \"seed\": 31,"
            + " \"days\": 365, \"asOf\": \"2025-06-30\"}";
    /** Ten simulated days after the as-of date: returns come a day or more after their sale. */
    private static final Instant CUTOFF = Instant.parse("2025-07-11T00:00:00Z");

    @Test
    void theSameDaysGiveTheSameOrdersAtAnySpeed() {
        List<String> fast = liveOrdersUpToTheCutoff(20);
        List<String> slow = liveOrdersUpToTheCutoff(4);
        assertTrue(fast.size() > 100, "ten days of a 300-customer shop: " + fast.size());
        assertTrue(fast.stream().anyMatch(o -> o.startsWith("RL")), "returns among them: " + fast);
        assertEquals(fast, slow);
    }

    private List<String> liveOrdersUpToTheCutoff(double speed) {
        long version = Api.regenerate(SHOP);
        long before = Api.sales();
        runUpToTheCutoff(version, speed);
        var live = given().get("/api/live").then().extract();
        long added = live.<Number>path("ordersAdded").longValue();
        long returned = live.<Number>path("returnsAdded").longValue();
        assertEquals(before + added, Api.sales(), "every order the live shop reports is stored");
        assertEquals(returned, Order.count(new Document("_id", new Document("$regex", "^RL"))),
                "every return the live shop reports is stored");
        given().get("/api/dataset").then().body("version", equalTo((int) version));
        // Every customer the live shop brought in is stored with the profile it made, whichever tick of the day
        // brought their first order.
        for (Order o : Order.<Order>find(new Document("_id", new Document("$regex", "^L"))).list()) {
            if (LiveShop.broughtIn(o.customerId, 300)) {
                Customer c = Customer.findById(o.customerId);
                assertTrue(c != null && c.lastName != null && c.email != null, "profile of " + o.customerId);
            }
        }
        return Order.<Order>find(new Document("_id", new Document("$regex", "^R?L"))).list().stream()
                .filter(o -> o.date.isBefore(CUTOFF)).sorted(Comparator.comparing((Order o) -> o.id))
                .map(o -> o.id + " " + o.customerId + " " + o.date + " " + o.total + " " + o.lines.size()).toList();
    }

    /** Starts the live shop of {@code version} and stops it once its clock has reached the cutoff. */
    private static void runUpToTheCutoff(long version, double speed) {
        Api.admin().contentType("application/json").body("{\"running\": true, \"speed\": " + speed + "}")
                .post("/api/live").then().statusCode(200).body("running", equalTo(true))
                .body("datasetVersion", equalTo((int) version)).body("clock", equalTo("2025-07-01T00:00:00Z"));
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            String clock = given().get("/api/live").then().extract().path("clock");
            if (!Instant.parse(clock).isBefore(CUTOFF)) {
                break;
            }
            Api.pause();
        }
        Api.admin().contentType("application/json").body("{\"running\": false}").post("/api/live").then()
                .statusCode(200).body("running", equalTo(false));
        String clock = given().get("/api/live").then().extract().path("clock");
        assertFalse(Instant.parse(clock).isBefore(CUTOFF), "the clock reached the cutoff: " + clock);
    }

    /**
     * An order appended through the API under an id the live shop reaches later keeps its content, and the shop goes
     * on past it (it stopped on every tick, each append refused as a conflict).
     */
    @Test
    void anOrderAppendedUnderALiveIdDoesNotStopTheShop() {
        long version = Api.regenerate(SHOP);
        Api.admin().contentType("application/json").body("[{\"id\": \"L00000003\", \"customerId\": \"C000001\","
                + " \"date\": \"2025-06-30T12:00:00Z\", \"country\": \"Germany\", \"lines\": [{\"productId\":"
                + " \"API-1\", \"productName\": \"Appended\", \"quantity\": 1, \"unitPrice\": 9.99}]}]")
                .post("/api/orders").then().statusCode(200).body("accepted", equalTo(1));
        runUpToTheCutoff(version, 20);
        assertTrue(given().get("/api/live").then().extract().<Number>path("ordersAdded").longValue() > 100);
        Order kept = Order.findById("L00000003");
        assertEquals("C000001", kept.customerId);
        assertEquals(0, new java.math.BigDecimal("9.99").compareTo(kept.total));
    }

    @Test
    void aNewDatasetStopsItAndBadRequestsAreRefused() {
        Api.regenerate(SHOP);
        given().contentType("application/json").body("{\"running\": true}").post("/api/live").then()
                .statusCode(401);
        Api.admin().contentType("application/json").body("{\"running\": true, \"speed\": 0}").post("/api/live")
                .then().statusCode(400).body("errors.field", hasItem("speed"));
        Api.admin().contentType("application/json").body("{\"running\": true, \"speed\": 1000}").post("/api/live")
                .then().statusCode(400).body("errors.field", hasItem("speed"));
        Api.admin().contentType("application/json").body("{\"speed\": 1}").post("/api/live").then()
                .statusCode(400).body("errors.field", hasItem("running"));
        Api.admin().contentType("application/json").body("{\"running\": true, \"speed\": 0.5}").post("/api/live")
                .then().statusCode(200);
        long next = Api.regenerate("{\"customers\": 100, \"products\": 10, \"orders\": 1500, \"seed\": 32}");
        given().get("/api/live").then().body("running", equalTo(false))
                .body("message", containsString("replaced by version " + next));

        Api.admin().contentType("text/csv").body("customer,date,amount\nc1,2025-01-02,10.00\nc1,2025-03-02,5.00\n")
                .post("/api/import").then().statusCode(200);
        Api.awaitReady();
        Api.admin().contentType("application/json").body("{\"running\": true, \"speed\": 1}").post("/api/live")
                .then().statusCode(409).body("detail", containsString("imported"));
        assertFalse(given().get("/api/live").then().extract().<Boolean>path("running"));
        Api.regenerate("{\"preset\": \"classic\"}");
    }
}

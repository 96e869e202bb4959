package io.shoplens.segment;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.shoplens.frame.Behaviours;
import io.shoplens.frame.CustomerBehaviour;
import io.shoplens.frame.Frames;
import io.shoplens.frame.OrderFrame;
import io.shoplens.store.Customer;
import io.shoplens.store.CustomerTruth;
import io.shoplens.store.Order;
import io.shoplens.store.Persona;
import io.shoplens.testing.Api;
import io.shoplens.testing.EmbeddedMongoResource;
import io.shoplens.testing.PlainBehaviours;

@QuarkusTest
@QuarkusTestResource(EmbeddedMongoResource.class)
class SegmentServiceTest {

    @Inject
    Frames frames;
    @Inject
    SegmentService segments;

    @BeforeEach
    void shop() {
        Api.awaitReady();
        Api.regenerate("{\"customers\": 300, \"products\": 30, \"orders\": 5000, \"seed\": 8, \"days\": 500,"
                + " \"asOf\": \"2025-09-30\"}");
    }

    @Test
    void theFramesBehavioursMatchAPlainJavaRecomputation() {
        // One cutoff at a time, and three at once (as churn asks): each must count only its own earlier orders.
        OrderFrame frame = frames.current().orElseThrow();
        List<Instant> cutoffs = List.of(Instant.parse("2025-03-15T00:00:00Z"), Instant.parse("2025-10-01T00:00:00Z"),
                Instant.parse("2025-06-20T00:00:00Z"));
        List<List<CustomerBehaviour>> together = Behaviours.before(frame, cutoffs);
        for (int k = 0; k < cutoffs.size(); k++) {
            Instant cutoff = cutoffs.get(k);
            List<CustomerBehaviour> expected = PlainBehaviours.before(Order.<Order>listAll(), cutoff);
            assertEquals(Behaviours.before(frame, cutoff), together.get(k));
            List<CustomerBehaviour> actual = together.get(k);
            assertEquals(expected.size(), actual.size());
            for (int i = 0; i < expected.size(); i++) {
                CustomerBehaviour e = expected.get(i);
                CustomerBehaviour a = actual.get(i);
                assertEquals(e.customerId(), a.customerId());
                assertEquals(e.country(), a.country(), e.customerId());
                assertEquals(e.orders(), a.orders(), e.customerId());
                assertEquals(e.revenue(), a.revenue(), e.customerId());
                assertEquals(e.discount(), a.discount(), e.customerId());
                assertEquals(e.promoOrders(), a.promoOrders(), e.customerId());
                assertEquals(e.items(), a.items(), e.customerId());
                assertEquals(e.firstOrder(), a.firstOrder(), e.customerId());
                assertEquals(e.lastOrder(), a.lastOrder(), e.customerId());
                assertEquals(e.gapSum(), a.gapSum(), 1e-6, e.customerId());
                assertEquals(e.gapSquareSum(), a.gapSquareSum(), 1e-3, e.customerId());
                assertEquals(e.ordersLast30Days(), a.ordersLast30Days(), e.customerId());
                assertEquals(e.ordersLast90Days(), a.ordersLast90Days(), e.customerId());
                assertEquals(e.distinctProducts(), a.distinctProducts(), e.customerId());
            }
        }
    }

    @Test
    void everyCustomerHasExactlyOnePersonaAndTheAgreementMatchesTheTruth() {
        SegmentSummary summary = segments.summary().orElseThrow();
        assertEquals(Customer.count(), summary.customers());
        assertEquals(summary.customers(), summary.personas().stream().mapToLong(SegmentSummary.Group::customers).sum());
        // customer_segments is written in the background after the job, for readers of MongoDB.
        java.time.Instant deadline = java.time.Instant.now().plusSeconds(30);
        while (java.time.Instant.now().isBefore(deadline) && (CustomerSegment.count() != Customer.count()
                || CustomerSegment.count("datasetVersion", summary.datasetVersion()) != Customer.count())) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        List<CustomerSegment> stored = CustomerSegment.listAll();
        assertTrue(stored.stream().allMatch(c -> c.datasetVersion == summary.datasetVersion()), "the version served");
        assertEquals(Customer.count(), stored.size());
        Map<String, Persona> truth = new HashMap<>();
        CustomerTruth.<CustomerTruth>listAll().forEach(t -> truth.put(t.id, t.persona));
        long agreed = 0;
        long withOrders = 0;
        for (CustomerSegment s : stored) {
            assertEquals(s.orders > 0, s.persona != null, s.id);
            assertEquals(s.orders > 0, s.rfmSegment != null, s.id);
            if (s.persona != null) {
                withOrders++;
                agreed += s.persona == truth.get(s.id) ? 1 : 0;
            }
        }
        assertNotNull(summary.agreement());
        assertEquals((double) agreed / withOrders, summary.agreement().rate(), 1e-12);
        assertEquals(withOrders, summary.agreement().customers());
        assertTrue(summary.agreement().rate() > 0.6, "agreement " + summary.agreement().rate());
    }

    @Test
    void apiAndPagesShowTheSegments() {
        SegmentSummary summary = segments.summary().orElseThrow();
        given().get("/api/segments").then().statusCode(200)
                .body("personas[0].name", equalTo("VIP"))
                .body("personas[0].customers", equalTo((int) summary.personas().get(0).customers()))
                .body("agreement.rate", equalTo((float) summary.agreement().rate()));
        given().get("/segments").then().statusCode(200)
                .body(containsString("id=\"confusion\""))
                .body(containsString("Champions"));
        CustomerSegment top = segments.search(null, null, 0, 1).customers().get(0);
        given().get("/api/customers/" + top.id).then().statusCode(200)
                .body("customer.persona", equalTo(top.persona.name()))
                .body("orders.size()", equalTo((int) top.orders
                        + frames.current().orElseThrow().returnsOf(top.id).size()));
        given().get("/customers/" + top.id).then().statusCode(200).body(containsString(top.name));
        given().get("/customers?segment=" + top.persona.name()).then().statusCode(200)
                .body(containsString(top.id));
        given().get("/api/customers?q=" + top.email.substring(0, 6).toUpperCase()).then().statusCode(200)
                .body("customers.id", org.hamcrest.Matchers.hasItem(top.id));
        given().get("/api/customers/NOPE").then().statusCode(404).contentType("application/problem+json");
        given().get("/customers/NOPE").then().statusCode(404).contentType(containsString("text/html"))
                .body(containsString("No customer with id"));
        given().get("/api/customers?segment=gold").then().statusCode(400).body("errors[0].field", equalTo("segment"));
        given().get("/api/customers?size=5000").then().statusCode(400).body("errors[0].field", equalTo("size"));
    }
}

package io.shoplens.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import io.shoplens.clv.ClvService;
import io.shoplens.testing.Api;
import io.shoplens.testing.EmbeddedMongoResource;

@QuarkusTest
@QuarkusTestResource(EmbeddedMongoResource.class)
class ClvResourceTest {
    /** Money read as exact decimals: JsonPath reads numbers as floats by default, which lose cents. */
    static final JsonPathConfig BIG_DECIMALS = JsonPathConfig.jsonPathConfig()
            .numberReturnType(JsonPathConfig.NumberReturnType.BIG_DECIMAL);

    @Inject
    ClvService service;

    /** The lifetime values are computed in the background after a dataset change: waits for the version's. */
    static JsonPath awaitClv(long version) {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (Instant.now().isBefore(deadline)) {
            var response = given().get("/api/clv");
            if (response.statusCode() == 200 && response.jsonPath().getLong("datasetVersion") == version) {
                return response.jsonPath();
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("no lifetime values for dataset version " + version + " within 2 minutes");
    }

    @Test
    void apiAndPagesShowValuesThatAddUp() {
        Api.awaitReady();
        long version = Api.regenerate("{\"customers\": 300, \"products\": 30, \"orders\": 6000, \"seed\": 8,"
                + " \"days\": 500, \"asOf\": \"2025-09-30\"}");
        JsonPath clv = awaitClv(version).using(BIG_DECIMALS);
        assertEquals("2025-09-30", clv.getString("asOf"));
        for (String key : List.of("r", "alpha", "a", "b", "p", "q", "v")) {
            assertTrue(clv.getDouble("params." + key) > 0, key);
        }
        // The holdout's rows add up to its totals.
        List<Map<String, Object>> rows = clv.getList("holdout.byFrequency");
        assertEquals(List.of("0", "1", "2", "3", "4", "5", "6", "7+"), rows.stream().map(r -> r.get("label")).toList());
        assertEquals(clv.getInt("holdout.customers"),
                rows.stream().mapToInt(r -> ((Number) r.get("customers")).intValue()).sum());
        assertEquals(clv.getDouble("holdout.actualOrders"),
                rows.stream().mapToDouble(r -> ((Number) r.get("actual")).doubleValue()).sum(), 1e-6);
        assertEquals(clv.getDouble("holdout.predictedOrders"),
                rows.stream().mapToDouble(r -> ((Number) r.get("predicted")).doubleValue()).sum(), 1e-3);
        assertEquals("2025-04-04", clv.getString("holdout.cutoff"), "180 days held out, through the as-of date");

        // The total is the sum of the customers' values as /api/customers/{id} shows them.
        List<String> ids = new ArrayList<>();
        for (int page = 0; ids.size() < 300; page++) {
            List<String> batch = given().get("/api/customers?size=200&page=" + page).then().statusCode(200)
                    .extract().jsonPath().getList("customers.id");
            if (batch.isEmpty()) {
                break;
            }
            ids.addAll(batch);
        }
        BigDecimal total = BigDecimal.ZERO;
        int valued = 0;
        BigDecimal highest = BigDecimal.ZERO;
        for (String id : ids) {
            var value = service.customer(id);
            if (value.isPresent()) {
                total = total.add(value.get().clv12m());
                highest = highest.max(value.get().clv12m());
                valued++;
            }
        }
        // What the API shows of a customer is the service's figures; a few customers stand for all (each request
        // also reads the order history).
        for (String id : ids.subList(0, 10)) {
            JsonPath customer = given().get("/api/customers/{id}", id).then().statusCode(200).extract()
                    .jsonPath(BIG_DECIMALS);
            var value = service.customer(id);
            if (value.isEmpty()) {
                assertEquals(0, customer.getLong("customer.orders"), id);
                assertNull(customer.get("clv"), id);
                continue;
            }
            assertEquals(0, value.get().clv12m().compareTo(customer.get("clv.clv12m")), id);
            double pAlive = customer.getDouble("clv.pAlive");
            assertEquals(value.get().pAlive(), pAlive, 1e-12, id);
            assertTrue(pAlive > 0 && pAlive <= 1, id + ": " + pAlive);
            assertTrue(customer.getDouble("clv.expectedOrders365d") >= customer.getDouble("clv.expectedOrders90d"));
        }
        assertEquals(valued, clv.getInt("customers"));
        assertEquals(0, total.compareTo(clv.get("totalClv12m")), total + " vs " + clv.get("totalClv12m"));
        assertEquals(0, highest.compareTo(clv.get("top[0].clv.clv12m")));
        assertEquals(valued, clv.getList("distribution.customers", Integer.class).stream()
                .mapToInt(Integer::intValue).sum());

        // The fitted shapes in plain words, recomputed from the served parameters.
        double r = clv.getDouble("params.r");
        double a = clv.getDouble("params.a");
        double b = clv.getDouble("params.b");
        double q = clv.getDouble("params.q");
        String spreads = "by " + Formats.fmtPercent(1 / Math.sqrt(r)) + " of it (a coefficient of variation, 1 / √r)|"
                + "give or take " + Formats.fmtPercent(Math.sqrt(a * b / ((a + b) * (a + b) * (a + b + 1))))
                + " (a standard deviation|" + (q > 2 ? "differ by " + Formats.fmtPercent(1 / Math.sqrt(q - 2)) + " of it"
                        : "differ without bound");
        String page = given().get("/clv").then().statusCode(200).extract().asString();
        for (String phrase : spreads.split("\\|")) {
            assertTrue(page.contains(phrase), phrase);
        }
        String top = clv.getString("top[0].id");
        given().get("/clv").then().statusCode(200)
                .body(containsString("id=\"holdout-table\""))
                .body(containsString("data-chart="))
                .body(containsString("href=\"/customers/" + top + "\""))
                .body(containsString(Formats.fmtMoney(clv.get("totalClv12m"))))
                .body(containsString(String.format(Locale.US, "%,.0f predicted vs %,.0f actual order days",
                        clv.getDouble("holdout.predictedOrders"), clv.getDouble("holdout.actualOrders"))))
                .body(containsString("id=\"by-persona\""))
                .body(containsString("Definitions"));
        given().get("/customers/{id}", top).then().statusCode(200)
                .body(containsString("data-kpi=\"clv\""))
                .body(containsString(Formats.fmtMoney(clv.get("top[0].clv.clv12m"))))
                .body(containsString("id=\"expected-orders\""));
    }

    @Test
    void dataTheModelsCannotFitAnswers503WithTheReason() {
        Api.awaitReady();
        Api.admin().contentType("text/csv").body("customer,date,amount\nc1,2025-01-02,10.00\nc2,2025-01-03,5.00\n")
                .post("/api/import").then().statusCode(200);
        long version = Api.awaitReady();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
        while (Instant.now().isBefore(deadline)
                && !given().get("/api/clv").asString().contains("could not be computed")) {
            Thread.onSpinWait();
        }
        given().get("/api/clv").then().statusCode(503).header("Retry-After", equalTo("2"))
                .body("title", equalTo("Analysis not ready"))
                .body("detail", containsString("dataset version " + version + " could not be computed"));
        given().get("/clv").then().statusCode(200).body(containsString("could not be computed"));
        given().get("/api/customers/c1").then().statusCode(200).body("clv", nullValue());
        Api.regenerate("{\"preset\": \"classic\"}");
    }

    /**
     * This shop (50 customers over 200 days) fits a + b near 0, where eq. (10)'s series cannot converge: the
     * analysis is refused with that reason, as the others are, rather than failing with an ArithmeticException.
     */
    @Test
    void aDegenerateFitIsRefusedWithItsReason() {
        long version = Api.regenerate("{\"customers\": 50, \"products\": 6, \"orders\": 700, \"seed\": 22,"
                + " \"days\": 200, \"asOf\": \"2026-12-01\"}");
        Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
        while (Instant.now().isBefore(deadline)
                && !given().get("/api/clv").asString().contains("could not be computed")) {
            Thread.onSpinWait();
        }
        given().get("/api/clv").then().statusCode(503)
                .body("detail", containsString("dataset version " + version + " could not be computed"))
                .body("detail", containsString("degenerate"));
        Api.regenerate("{\"preset\": \"classic\"}");
    }
}

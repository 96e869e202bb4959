package io.shoplens.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.shoplens.testing.Api;
import io.shoplens.testing.EmbeddedMongoResource;

/**
 * MongoDB goes away and comes back while the app runs: what needs the database answers 503 (inside the layout for
 * pages), the analyses keep answering from the frame in memory and say so, readiness is DOWN, then recovery.
 */
@QuarkusTest
@TestProfile(DatabaseOutageTest.ShortTimeouts.class)
@QuarkusTestResource(EmbeddedMongoResource.class)
class DatabaseOutageTest {

    public static class ShortTimeouts implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.mongodb.server-selection-timeout", "2S", "quarkus.mongodb.connect-timeout", "1S",
                    "shoplens.churn.catch-up-every", "1s");
        }
    }

    Runnable stopDatabase;
    Runnable startDatabase;

    @Test
    void answers503WhileMongoDbIsDownAndRecoversWithoutRestart() {
        // The first churn training may still be running when the database goes: it fails, and the catch-up retrains.
        long version = Api.awaitReady();
        given().get("/customers").then().statusCode(200);

        stopDatabase.run();
        try {
            // Past the one second the dataset info is cached: the next read goes to the (absent) database.
            sleep(1100);
            given().get("/churn").then().statusCode(503).contentType(containsString("text/html"))
                    .header("Retry-After", "10")
                    .body(containsString("The database cannot be reached right now"))
                    .body(containsString("<nav>"))
                    .body(org.hamcrest.Matchers.not(containsString("Exception")));
            given().get("/api/orders.csv").then().statusCode(503)
                    .contentType(containsString("application/problem+json"))
                    .body("title", equalTo("Database unavailable")).body("status", equalTo(503));
            given().get("/customers").then().statusCode(200)
                    .body(containsString("The database cannot be reached right now: these figures are those of"))
                    .body(containsString("<nav>"));
            given().get("/api/kpis").then().statusCode(200).body("orders", org.hamcrest.Matchers.greaterThan(0));

            given().get("/q/health/ready").then().statusCode(503).body("status", equalTo("DOWN"));
            given().get("/q/health/live").then().statusCode(200);
        } finally {
            startDatabase.run();
        }

        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        int status = 0;
        while (Instant.now().isBefore(deadline) && status != 200) {
            status = given().get("/q/health/ready").statusCode();
        }
        assertEquals(200, status, "readiness back UP once MongoDB is back");
        given().get("/customers").then().statusCode(200);
        given().get("/api/dataset").then().statusCode(200).body("version", equalTo((int) version));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

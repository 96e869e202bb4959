package io.shoplens.testing;

import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.time.Instant;

import io.restassured.specification.RequestSpecification;

/** Helpers for tests that drive the app through HTTP. */
public final class Api {
    public static final String ADMIN_PASSWORD = "test-secret";

    private Api() {
    }

    public static RequestSpecification admin() {
        return given().auth().preemptive().basic("admin", ADMIN_PASSWORD);
    }

    /** Waits until no dataset job runs and returns the served dataset's version. */
    public static long awaitReady() {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (Instant.now().isBefore(deadline)) {
            String status = given().get("/api/dataset").then().statusCode(200).extract().path("status");
            if ("ready".equals(status)) {
                return given().get("/api/dataset").then().extract().<Number>path("version").longValue();
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("dataset not ready within 2 minutes");
    }

    /** Regenerates with the given JSON body as admin and waits for it to serve. */
    public static long regenerate(String json) {
        admin().contentType("application/json").body(json).post("/api/dataset").then().statusCode(202);
        return awaitReady();
    }
}

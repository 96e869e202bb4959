package io.shoplens.testing;

import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/** Helpers for tests that drive the app through HTTP. */
public final class Api {
    public static final String ADMIN_PASSWORD = "test-secret";

    private Api() {
    }

    public static RequestSpecification admin() {
        return given().auth().preemptive().basic("admin", ADMIN_PASSWORD);
    }

    /** The CSRF cookie a page sets and the token its forms carry, read as a browser would from GET /data. */
    public record Csrf(String cookie, String token) {
        public RequestSpecification form(RequestSpecification request) {
            return request.cookie(CSRF_COOKIE, cookie).formParam(CSRF_FIELD, token);
        }

        public RequestSpecification multipart(RequestSpecification request) {
            return request.cookie(CSRF_COOKIE, cookie).multiPart(CSRF_FIELD, token);
        }
    }

    public static final String CSRF_COOKIE = "shoplens-csrf";
    public static final String CSRF_FIELD = "csrf-token";

    public static Csrf csrf() {
        Response page = given().get("/data");
        Matcher field = Pattern.compile("name=\"" + CSRF_FIELD + "\" value=\"([^\"]+)\"").matcher(page.asString());
        if (!field.find()) {
            throw new AssertionError("the /data forms carry no CSRF token");
        }
        return new Csrf(page.getCookie(CSRF_COOKIE), field.group(1));
    }

    /** An admin form post with a valid CSRF token. */
    public static RequestSpecification adminForm() {
        return csrf().form(admin());
    }

    /** An admin multipart post with a valid CSRF token. */
    public static RequestSpecification adminMultipart() {
        return csrf().multipart(admin());
    }

    /** Waits until no dataset job runs and returns the served dataset's version. */
    /**
     * Sales orders stored: every document but the returns, which the simulator writes as documents with a negative
     * total (the store holds both in {@code orders}).
     */
    public static long sales() {
        return io.shoplens.store.Order.count(new org.bson.Document("total", new org.bson.Document("$gte", 0)));
    }

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

    /**
     * Waits (at most 10 s) until {@code path} answers {@code status}: after appends the segments, and so the customer
     * pages, follow the frame from a thread of their own, at most once a second.
     */
    public static void awaitStatus(String path, int status) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (given().get(path).statusCode() != status && Instant.now().isBefore(deadline)) {
            pause();
        }
    }

    /** 50 ms between two polls of a wait. */
    public static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Regenerates with the given JSON body as admin and waits for it to serve. */
    public static long regenerate(String json) {
        admin().contentType("application/json").body(json).post("/api/dataset").then().statusCode(202);
        return awaitReady();
    }
}

package io.shoplens.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.shoplens.store.Order;
import io.shoplens.testing.Api;
import io.shoplens.testing.EmbeddedMongoResource;

/** Password guessing and oversized bodies, with small limits so that the test is quick. */
@QuarkusTest
@TestProfile(AbuseTest.SmallLimits.class)
@QuarkusTestResource(EmbeddedMongoResource.class)
class AbuseTest {
    static final String LIMIT = "1M";

    public static class SmallLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("shoplens.admin.throttle.max-failures", "3", "shoplens.admin.throttle.window", "PT2S",
                    "quarkus.http.limits.max-body-size", LIMIT);
        }
    }

    @TestHTTPResource("/api/import")
    URI importUri;

    @Test
    void repeatedWrongPasswordsAreSlowedDownButRequestsWithoutOneAreNot() throws InterruptedException {
        Api.awaitReady();
        for (int i = 0; i < 5; i++) {
            given().contentType("application/json").body("{}").post("/api/dataset").then().statusCode(401);
        }
        for (int i = 0; i < 3; i++) {
            given().auth().preemptive().basic("admin", "guess" + i).contentType("application/json").body("{}")
                    .post("/api/dataset").then().statusCode(401);
        }
        given().auth().preemptive().basic("admin", "guess3").contentType("application/json").body("{}")
                .post("/api/dataset").then().statusCode(429).header("Retry-After", equalTo("2"))
                .contentType("application/problem+json").body("detail", containsString("try again in 2 s"));
        // Blocked means blocked: the right password waits too, or guessing would go on at full speed.
        Api.admin().contentType("application/json").body("{\"customers\": 0}").post("/api/dataset").then()
                .statusCode(429);
        Thread.sleep(2100);
        Api.admin().contentType("application/json").body("{\"customers\": 0}").post("/api/dataset").then()
                .statusCode(400).body("errors[0].field", equalTo("customers"));
    }

    @Test
    void aDeclaredBodyOverTheLimitIsRefusedAtOnceWithProblemJson() throws Exception {
        long version = Api.awaitReady();
        // Only the headers: the answer must come before any of the 2 MB is sent.
        try (Socket socket = new Socket(importUri.getHost(), importUri.getPort())) {
            socket.setSoTimeout(10_000);
            long started = System.nanoTime();
            socket.getOutputStream().write(("POST /api/import HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + basic()
                    + "\r\nContent-Type: text/csv\r\nContent-Length: " + 2 * 1024 * 1024 + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            long millis = (System.nanoTime() - started) / 1_000_000;
            assertTrue(response.startsWith("HTTP/1.1 413"), response);
            assertTrue(response.contains("application/problem+json"), response);
            assertTrue(response.contains("larger than the limit of 1M (1048576 bytes"), response);
            System.out.printf("declared 2 MB body over a 1 MB limit: 413 in %d ms%n", millis);
        }
        assertEquals(version, Api.awaitReady());
    }

    @Test
    void aStreamedBodyIsRefusedAtTheFirstByteOverTheLimit() throws Exception {
        long version = Api.awaitReady();
        long orders = Order.count();
        byte[] line = "A,2025-01-02,10.00,p\n".getBytes(StandardCharsets.US_ASCII);
        int lines = 30 * 1024 * 1024 / line.length;
        HttpRequest request = HttpRequest.newBuilder(importUri).timeout(Duration.ofMinutes(1))
                .header("Authorization", basic()).header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new SequenceInputStream(
                        new ByteArrayInputStream("customer,date,amount,product\n".getBytes(StandardCharsets.US_ASCII)),
                        repeat(line, lines))))
                .build();
        long started = System.nanoTime();
        HttpResponse<String> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(request, HttpResponse.BodyHandlers.ofString());
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertEquals(413, response.statusCode(), response.body());
        assertTrue(response.body().contains("larger than the limit of 1M"), response.body());
        System.out.printf("streamed 30 MB body over a 1 MB limit: 413 in %d ms%n", millis);
        assertTrue(millis < 10_000, "refused as the body arrives, not at the import's pace: " + millis + " ms");
        assertEquals(version, Api.awaitReady());
        assertEquals(orders, Order.count());
    }

    private static String basic() {
        return "Basic " + Base64.getEncoder().encodeToString(("admin:" + Api.ADMIN_PASSWORD)
                .getBytes(StandardCharsets.UTF_8));
    }

    private static InputStream repeat(byte[] chunk, int times) {
        return new InputStream() {
            private long position;
            private final long end = (long) chunk.length * times;

            @Override
            public int read() {
                return position < end ? chunk[(int) (position++ % chunk.length)] : -1;
            }
        };
    }
}

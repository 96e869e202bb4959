package io.shoplens.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Two runs of the packaged jar on one database, as two pods would be: A with its defaults (it starts the embedded
 * MongoDB and generates the classic shop), B given A's embedded server as its connection string and told not to
 * generate. An append through either is visible on the other, in its dataset counts and in its KPIs, within 2 s of
 * being acknowledged (polled every 100 ms; the delays are printed), an SSE client of B hears the {@code orders}
 * event of an append through A, and appends through both at once are each counted once on both (the append lock).
 */
class TwoReplicasIT {
    private static final Duration WITHIN = Duration.ofSeconds(2);
    private static final int ROUNDS = 3;
    private static final int ORDERS_PER_APPEND = 10;
    private static final int CONCURRENT_APPENDS = 10;

    @TempDir
    Path workDir;

    private PackagedApp a;
    private PackagedApp b;
    private final java.util.concurrent.atomic.AtomicInteger ids = new java.util.concurrent.atomic.AtomicInteger();
    private final Instant base = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);

    @AfterEach
    void stop() throws InterruptedException {
        if (b != null) {
            b.stop();
        }
        if (a != null) {
            a.stop();
        }
    }

    @Test
    void anAppendThroughOneReplicaIsVisibleOnTheOtherWithinTwoSeconds() throws Exception {
        a = new PackagedApp("A", Files.createDirectory(workDir.resolve("a")), Map.of()).start();
        long orders = a.awaitReady(1).path("orders").asLong();
        b = new PackagedApp("B", Files.createDirectory(workDir.resolve("b")), Map.of(
                "QUARKUS_MONGODB_CONNECTION_STRING", "mongodb://127.0.0.1:" + a.mongoPort,
                "SHOPLENS_SIMULATE_GENERATE_WHEN_EMPTY", "false")).start();
        assertEquals(orders, b.awaitReady(1).path("orders").asLong(), "B serves A's dataset");
        assertTrue(!Files.exists(b.workDir.resolve("data")), "B started no embedded server of its own");
        assertTrue(delayUntilVisible(a, orders, Duration.ofMinutes(1)) != null, "A's frame is ready");
        assertTrue(delayUntilVisible(b, orders, Duration.ofMinutes(1)) != null, "B's frame is ready");

        BlockingQueue<String> events = listen(b);
        List<Long> delays = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            orders = appendThrough(a, orders);
            delays.add(assertVisible(b, orders, "A → B"));
            if (round == 0) {
                JsonNode event = awaitOrdersEvent(events, orders);
                assertEquals(ORDERS_PER_APPEND, event.path("orders").asLong(), event.toString());
            }
            orders = appendThrough(b, orders);
            delays.add(assertVisible(a, orders, "B → A"));
        }
        System.out.printf("TwoReplicasIT: delays from acknowledgement to visible on the other replica (ms): %s;"
                + " max %d%n", delays, delays.stream().mapToLong(Long::longValue).max().orElseThrow());

        // Both at once, as clients behind a Service would: each order numbered once, each counted once, on both.
        java.util.concurrent.ExecutorService clients = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
            for (PackagedApp app : List.of(a, b)) {
                sent.add(clients.submit(() -> {
                    for (int k = 0; k < CONCURRENT_APPENDS; k++) {
                        JsonNode answer = PackagedApp.json(app.append(batch()));
                        assertEquals(ORDERS_PER_APPEND, answer.path("accepted").asInt(), app.name + ": " + answer);
                    }
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> f : sent) {
                f.get(5, java.util.concurrent.TimeUnit.MINUTES);
            }
        } finally {
            clients.shutdownNow();
        }
        orders += 2L * CONCURRENT_APPENDS * ORDERS_PER_APPEND;
        assertVisible(a, orders, "A and B at once → A");
        assertVisible(b, orders, "A and B at once → B");
    }

    /** Appends through {@code app} and answers the dataset's new order count. */
    private long appendThrough(PackagedApp app, long before) throws Exception {
        JsonNode answer = PackagedApp.json(app.append(batch()));
        assertEquals(ORDERS_PER_APPEND, answer.path("accepted").asInt(), app.name + ": " + answer);
        assertEquals(before + ORDERS_PER_APPEND, answer.path("orders").asLong(), app.name + ": " + answer);
        return answer.path("orders").asLong();
    }

    /** A JSON array of {@link #ORDERS_PER_APPEND} new orders. */
    private String batch() {
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < ORDERS_PER_APPEND; i++) {
            int n = ids.incrementAndGet();
            json.append(i == 0 ? "" : ",").append(String.format("{\"id\":\"REPLICA-%05d\",\"customerId\":"
                    + "\"REPLICA-C%02d\",\"date\":\"%s\",\"country\":\"Portugal\",\"lines\":[{\"productId\":"
                    + "\"REPLICA-P1\",\"productName\":\"Replica\",\"category\":\"Tests\",\"quantity\":1,"
                    + "\"unitPrice\":20.00}]}", n, n % 30, base.plusSeconds(n)));
        }
        return json.append(']').toString();
    }

    private long assertVisible(PackagedApp app, long orders, String direction) throws Exception {
        Duration delay = delayUntilVisible(app, orders, Duration.ofSeconds(10));
        assertNotNull(delay, direction + ": " + orders + " orders not visible on " + app.name + " in 10 s");
        System.out.printf("TwoReplicasIT: %s visible after %d ms%n", direction, delay.toMillis());
        assertTrue(delay.compareTo(WITHIN) <= 0, direction + ": visible after " + delay.toMillis() + " ms, more than "
                + WITHIN.toMillis());
        return delay.toMillis();
    }

    /**
     * How long until both GET /api/dataset and GET /api/kpis of {@code app} count {@code orders}, polled every
     * 100 ms; null when not within {@code limit}.
     */
    private static Duration delayUntilVisible(PackagedApp app, long orders, Duration limit) throws Exception {
        long started = System.nanoTime();
        while (System.nanoTime() - started < limit.toNanos()) {
            HttpResponse<String> dataset = app.get("/api/dataset");
            HttpResponse<String> kpis = app.get("/api/kpis");
            if (dataset.statusCode() == 200 && kpis.statusCode() == 200
                    && PackagedApp.JSON.readTree(dataset.body()).path("orders").asLong() == orders
                    && PackagedApp.JSON.readTree(kpis.body()).path("orders").asLong() == orders) {
                return Duration.ofNanos(System.nanoTime() - started);
            }
            Thread.sleep(100);
        }
        return null;
    }

    /** The lines of {@code app}'s event stream, once it is open (its first line is the comment "connected"). */
    private static BlockingQueue<String> listen(PackagedApp app) throws Exception {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        HttpRequest request = HttpRequest.newBuilder(app.uri("/api/events")).header("Accept", "text/event-stream")
                .GET().build();
        Thread reader = new Thread(() -> {
            try {
                HttpResponse<java.util.stream.Stream<String>> response = app.http().send(request,
                        HttpResponse.BodyHandlers.ofLines());
                lines.add("status:" + response.statusCode());
                response.body().forEach(lines::add);
            } catch (Exception closed) {
                lines.add("closed:" + closed);
            }
        }, "sse-" + app.name);
        reader.setDaemon(true);
        reader.start();
        String first = lines.poll(30, TimeUnit.SECONDS);
        assertEquals("status:200", first, "GET /api/events on " + app.name);
        String line;
        do {
            line = lines.poll(30, TimeUnit.SECONDS);
            assertNotNull(line, "the stream's first comment");
        } while (!line.startsWith(":"));
        return lines;
    }

    /** The first {@code orders} event whose total reaches {@code orders}. */
    private static JsonNode awaitOrdersEvent(BlockingQueue<String> lines, long orders) throws Exception {
        long started = System.nanoTime();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        String event = null;
        while (Instant.now().isBefore(deadline)) {
            String line = lines.poll(100, TimeUnit.MILLISECONDS);
            if (line == null) {
                continue;
            }
            if (line.startsWith("event:")) {
                event = line.substring("event:".length()).trim();
            } else if (line.startsWith("data:") && "orders".equals(event)) {
                JsonNode data = PackagedApp.JSON.readTree(line.substring("data:".length()));
                if (data.path("totalOrders").asLong() >= orders) {
                    assertEquals(orders, data.path("totalOrders").asLong(), data.toString());
                    System.out.printf("TwoReplicasIT: B's SSE client heard A's append %d ms after the check that saw"
                            + " it on B: %s%n", Duration.ofNanos(System.nanoTime() - started).toMillis(), data);
                    return data;
                }
            } else if (line.isEmpty()) {
                event = null;
            }
        }
        throw new AssertionError("no orders event with " + orders + " orders on B's stream in 10 s");
    }
}

package io.shoplens.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Issue 14's kill-and-retry test, on the packaged jar: a client appends orders with ids in batches from its own thread
 * while the test kills the JVM with SIGKILL, several times, each at a random moment into a request in flight. The app
 * restarts each time; every order acknowledged before a kill must be there, once, the client sends again every batch
 * that was not acknowledged, and the dataset then counts the generated orders plus every id sent, each stored once.
 * Appends after the restarts work as before, and the KPIs count the same orders. Once on the default storage (the
 * killed app's own H2 file under ./data), once with a database that survives the app (as a real MongoDB would).
 */
class AppendDurabilityIT {
    private static final int BATCH = 50;
    /** Batches acknowledged before each kill. */
    private static final int BEFORE_KILL = 6;

    @TempDir
    Path workDir;

    /** The app appended through and killed. */
    private PackagedApp app;
    /** The app whose embedded MongoDB the killed one uses, in the second test. */
    private PackagedApp database;

    @AfterEach
    void stop() throws InterruptedException {
        if (app != null) {
            app.stop();
        }
        if (database != null) {
            database.stop();
        }
    }

    /** The default storage: the killed process holds the H2 file, and a restart reads what reached it. */
    @Test
    void aKillDuringAppendsLosesNoAcknowledgedOrderAndRetriesStoreEachOnce() throws Exception {
        app = new PackagedApp("app", workDir, Map.of()).start();
        app.awaitReady(1);
        long initial = app.generate("{\"customers\":100,\"products\":10,\"orders\":2000,\"seed\":11}", 2)
                .path("orders").asLong();
        killDuringAppendsAndRetry(initial, 2, 2);
    }

    /**
     * A database that outlives the app, as a real MongoDB does: everything the killed app wrote before it died is
     * there, including the orders of an append killed before it recorded them in the dataset's counts. The database
     * is another app's embedded server (memory storage), which is never killed.
     */
    @Test
    void aKillOfAnAppWhoseDatabaseSurvivesLosesNoOrderAndCountsEachOnce() throws Exception {
        database = new PackagedApp("database", Files.createDirectory(workDir.resolve("database")),
                Map.of("SHOPLENS_MONGO_EMBEDDED_STORAGE", "memory")).start();
        long initial = database.awaitReady(1).path("orders").asLong();
        app = new PackagedApp("app", Files.createDirectory(workDir.resolve("app")), Map.of(
                "QUARKUS_MONGODB_CONNECTION_STRING", "mongodb://127.0.0.1:" + database.mongoPort,
                "SHOPLENS_SIMULATE_GENERATE_WHEN_EMPTY", "false")).start();
        app.awaitReady(1);
        killDuringAppendsAndRetry(initial, 4, 1);
    }

    /**
     * {@code kills} times: the client appends from its own thread until {@code app} acknowledged a few batches, the
     * test kills the app a random moment into the next request, restarts it, checks that every acknowledged order is
     * stored once and sends again what was not acknowledged. Then one more append, and the final counts.
     */
    private void killDuringAppendsAndRetry(long initial, int kills, long version) throws Exception {
        Client client = new Client(Instant.now().minus(Duration.ofHours(3)).truncatedTo(ChronoUnit.SECONDS));
        List<String> confirmed = new ArrayList<>();
        int duplicates = 0;
        for (int kill = 1; kill <= kills; kill++) {
            client.acknowledged.clear();
            client.unacknowledged.clear();
            client.stop.set(false);
            Thread appending = new Thread(client::run, "appending-client");
            appending.start();
            Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
            while (client.acknowledged.size() < BEFORE_KILL) {
                assertTrue(Instant.now().isBefore(deadline), "the client got " + client.acknowledged.size()
                        + " batches acknowledged in a minute: " + client.refused);
                Thread.sleep(10);
            }
            // Kill while a request is being answered: when the next one starts, then a random moment into it.
            int sent = client.started.get();
            while (client.started.get() == sent) {
                Thread.onSpinWait();
            }
            long into = ThreadLocalRandom.current().nextLong(client.medianNanos());
            Thread.sleep(into / 1_000_000, (int) (into % 1_000_000));
            app.kill();
            client.stop.set(true);
            appending.join();
            assertTrue(client.refused.isEmpty(), "answers other than 200 before the kill: " + client.refused);
            client.acknowledged.forEach(confirmed::addAll);
            List<List<String>> unacknowledged = List.copyOf(client.unacknowledged);

            app.start();
            JsonNode restarted = app.awaitReady(version);
            Map<String, Integer> stored = storedIds();
            List<String> lost = confirmed.stream().filter(id -> stored.getOrDefault(id, 0) != 1).toList();
            assertTrue(lost.isEmpty(), "kill " + kill + ": " + lost.size() + " acknowledged orders lost or doubled,"
                    + " from " + (lost.isEmpty() ? "" : lost.get(0)) + " to "
                    + (lost.isEmpty() ? "" : lost.get(lost.size() - 1)));
            assertTrue(restarted.path("orders").asLong() >= initial + confirmed.size(), "kill " + kill + ": the"
                    + " restart keeps every acknowledged order: " + restarted.path("orders").asLong() + " < "
                    + initial + " + " + confirmed.size());
            long unacknowledgedStored = unacknowledged.stream().flatMap(List::stream).filter(stored::containsKey)
                    .count();
            System.out.printf("AppendDurabilityIT: kill %d %d ms into a request (median answer %d ms): %d batches"
                    + " of %d acknowledged before it, %d not (in flight or refused while the app was down), of"
                    + " whose orders %d were stored; the dataset said %d orders after the restart, the stored ids"
                    + " make %d%n", kill, into / 1_000_000, client.medianNanos() / 1_000_000,
                    client.acknowledged.size(), BATCH, unacknowledged.size(), unacknowledgedStored,
                    restarted.path("orders").asLong(), initial + stored.size());

            // The client sends again what was not acknowledged: stored orders come back as duplicates.
            int retriedDuplicates = 0;
            for (List<String> batch : unacknowledged) {
                JsonNode answer = PackagedApp.json(app.append(client.body(batch)));
                assertEquals(BATCH, answer.path("accepted").asInt() + answer.path("duplicates").asInt(),
                        answer.toString());
                retriedDuplicates += answer.path("duplicates").asInt();
                confirmed.addAll(batch);
            }
            assertEquals(unacknowledgedStored, retriedDuplicates, "kill " + kill + ": the retries' duplicates are"
                    + " the orders stored before the kill");
            duplicates += retriedDuplicates;
            assertEquals(initial + confirmed.size(), app.getJson("/api/dataset").path("orders").asLong(),
                    "kill " + kill + ": GET /api/dataset after the retries: the generated orders plus every id sent");
        }

        // Appends after the restarts work as before.
        List<String> after = client.next();
        JsonNode answer = PackagedApp.json(app.append(client.body(after)));
        assertEquals(BATCH, answer.path("accepted").asInt(), answer.toString());
        assertEquals(0, answer.path("duplicates").asInt(), answer.toString());

        long expected = initial + client.ids.get();
        assertEquals(expected, answer.path("orders").asLong(), "the append's answer: the dataset's orders");
        assertEquals(expected, app.getJson("/api/dataset").path("orders").asLong(),
                "GET /api/dataset: the generated orders plus every id sent");
        assertKpiOrders(expected);
        Map<String, Integer> end = storedIds();
        assertEquals(client.ids.get(), end.size(), "appended ids stored");
        for (int n = 1; n <= client.ids.get(); n++) {
            assertEquals(1, end.getOrDefault(Client.id(n), 0), "order " + Client.id(n) + " stored once");
        }
        System.out.printf("AppendDurabilityIT: %d ids sent, %d retried as duplicates; %d orders in the end%n",
                client.ids.get(), duplicates, expected);
    }

    /** The frame follows the appends within a moment: the KPIs count the same orders. */
    private void assertKpiOrders(long expected) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        long orders;
        do {
            HttpResponse<String> response = app.get("/api/kpis");
            orders = response.statusCode() == 200 ? PackagedApp.JSON.readTree(response.body()).path("orders").asLong()
                    : -1;
            if (orders == expected) {
                return;
            }
            Thread.sleep(100);
        } while (Instant.now().isBefore(deadline));
        assertEquals(expected, orders, "GET /api/kpis orders 10 s after the last append");
    }

    /** Appended order ids (those of this test) in the CSV export, with how many lines each has (one per order). */
    private Map<String, Integer> storedIds() throws Exception {
        HttpResponse<String> csv = app.get("/api/orders.csv");
        assertEquals(200, csv.statusCode());
        Map<String, Integer> ids = new HashMap<>();
        csv.body().lines().skip(1).map(line -> line.substring(0, line.indexOf(',')))
                .filter(id -> id.startsWith(Client.PREFIX)).forEach(id -> ids.merge(id, 1, Integer::sum));
        return ids;
    }

    /** Appends numbered orders in batches until stopped, one request at a time, and remembers what was answered. */
    private final class Client {
        static final String PREFIX = "KILL-";
        final Instant base;
        final AtomicInteger ids = new AtomicInteger();
        final AtomicInteger started = new AtomicInteger();
        final AtomicBoolean stop = new AtomicBoolean();
        final List<List<String>> acknowledged = new CopyOnWriteArrayList<>();
        final List<List<String>> unacknowledged = new CopyOnWriteArrayList<>();
        final List<String> refused = new CopyOnWriteArrayList<>();
        final List<Long> answerNanos = new CopyOnWriteArrayList<>();

        Client(Instant base) {
            this.base = base;
        }

        static String id(int n) {
            return String.format("%s%06d", PREFIX, n);
        }

        List<String> next() {
            List<String> batch = new ArrayList<>();
            for (int i = 0; i < BATCH; i++) {
                batch.add(id(ids.incrementAndGet()));
            }
            return batch;
        }

        void run() {
            while (!stop.get()) {
                List<String> batch = next();
                started.incrementAndGet();
                try {
                    long sent = System.nanoTime();
                    HttpResponse<String> response = app.append(body(batch));
                    if (response.statusCode() == 200) {
                        answerNanos.add(System.nanoTime() - sent);
                        acknowledged.add(batch);
                        continue;
                    }
                    refused.add(response.statusCode() + " " + response.body());
                } catch (java.io.IOException killed) {
                    // connection reset in flight, or refused while the app is down
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                unacknowledged.add(batch);
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        long medianNanos() {
            return answerNanos.stream().sorted().skip(answerNanos.size() / 2).findFirst().orElse(20_000_000L);
        }

        /** The same content for an id every time it is sent, so that a retry is a duplicate. */
        String body(List<String> batch) {
            StringBuilder json = new StringBuilder("[");
            for (String id : batch) {
                int n = Integer.parseInt(id.substring(PREFIX.length()));
                if (json.length() > 1) {
                    json.append(',');
                }
                json.append(String.format("{\"id\":\"%s\",\"customerId\":\"KILL-C%03d\",\"date\":\"%s\","
                        + "\"country\":\"France\",\"lines\":[{\"productId\":\"KILL-P%d\",\"productName\":\"Kill %d\","
                        + "\"category\":\"Tests\",\"quantity\":%d,\"unitPrice\":9.90}]}", id, n % 400,
                        base.plusSeconds(n), n % 5, n % 5, 1 + n % 3));
            }
            return json.append(']').toString();
        }
    }
}

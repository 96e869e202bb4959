package io.shoplens.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.shoplens.testing.Api;
import io.shoplens.testing.EmbeddedMongoResource;

/** A client of /api/events hears of appended orders (count and net revenue), of a new dataset, of a new model. */
@QuarkusTest
@QuarkusTestResource(EmbeddedMongoResource.class)
class EventsResourceTest {
    @TestHTTPResource("/api/events")
    URI events;

    record Event(String name, JsonNode data) {
    }

    @Test
    void appendsANewDatasetAndANewModelAreAnnounced() throws Exception {
        Api.regenerate("{\"customers\": 50, \"products\": 6, \"orders\": 700, \"seed\": 21, \"days\": 200}");
        BlockingQueue<Event> received = new LinkedBlockingQueue<>();
        HttpResponse<InputStream> stream = HttpClient.newHttpClient().send(HttpRequest.newBuilder(events)
                .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, stream.statusCode());
        assertTrue(stream.headers().firstValue("content-type").orElse("").startsWith("text/event-stream"));
        Thread reader = new Thread(() -> read(stream.body(), received));
        reader.setDaemon(true);
        reader.start();
        Thread.sleep(1500); // the stream's state catches up with the dataset before the appends

        String today = LocalDate.now(ZoneOffset.UTC) + "T09:30:00Z";
        Api.admin().contentType("application/json").body("[{\"id\": \"EV-1\", \"customerId\": \"C000001\","
                + " \"date\": \"" + today + "\", \"lines\": [{\"productId\": \"P00001\", \"quantity\": 3,"
                + " \"unitPrice\": 2.10}]}, {\"id\": \"EV-2\", \"customerId\": \"EV-NEW\", \"date\": \"" + today
                + "\", \"lines\": [{\"productId\": \"P00002\", \"quantity\": 1, \"unitPrice\": 0.70}]}]")
                .post("/api/orders").then().statusCode(200);
        Event orders = next(received, "orders");
        assertEquals(2, orders.data().get("orders").asLong());
        assertEquals(0, new BigDecimal("7.00").compareTo(orders.data().get("revenue").decimalValue()),
                "3 × 2.10 + 0.70, net");
        assertEquals(2, orders.data().get("appended").asLong());

        long version = Api.regenerate("{\"customers\": 50, \"products\": 6, \"orders\": 700, \"seed\": 22,"
                + " \"days\": 200}");
        Event dataset = next(received, "dataset");
        assertEquals(version, dataset.data().get("version").asLong());
        Event model = next(received, "model");
        assertEquals(version, model.data().get("datasetVersion").asLong(), "the new dataset's model");
        stream.body().close();
    }

    private static Event next(BlockingQueue<Event> received, String name) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            Event e = received.poll(1, TimeUnit.SECONDS);
            if (e != null && e.name().equals(name)) {
                return e;
            }
        }
        throw new AssertionError("no " + name + " event within 60 s");
    }

    private static void read(InputStream body, BlockingQueue<Event> received) {
        ObjectMapper json = new ObjectMapper();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String name = null;
            StringBuilder data = new StringBuilder();
            for (String line; (line = lines.readLine()) != null;) {
                if (line.startsWith("event:")) {
                    name = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    data.append(line.substring(5).trim());
                } else if (line.isEmpty()) {
                    if (name != null && data.length() > 0) {
                        received.add(new Event(name, json.readTree(data.toString())));
                    }
                    name = null;
                    data.setLength(0);
                }
            }
        } catch (java.io.IOException closed) {
            // the test closed the stream
        }
    }
}

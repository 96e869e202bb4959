package io.shoplens.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The packaged jar as a newcomer runs it: default configuration (embedded MongoDB on its H2 file under ./data),
 * started in an empty directory. Generates twice, imports a file, restarts, generates again, and checks after each
 * step that the served dataset is the one just made and that the pages answer. Only the ports are not the defaults,
 * so that the test does not collide with an app already running on this machine.
 */
class DefaultStorageIT {
    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar").toAbsolutePath();
    private static final String PASSWORD = "it-secret";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path workDir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Process app;
    private int port;
    private int mongoPort;

    @AfterEach
    void stop() throws InterruptedException {
        stopApp();
    }

    @Test
    void regenerateImportRestartRegenerateOnTheFileStorage() throws Exception {
        port = freePort();
        mongoPort = freePort();
        start();
        JsonNode first = awaitReady(1);
        assertEquals("simulated", first.path("source").asText(), "the first start generates the classic preset");
        assertServes(first);

        JsonNode second = generate("{\"customers\":300,\"products\":20,\"orders\":3000,\"seed\":5}", 2);
        assertServes(second);
        JsonNode third = generate("{\"customers\":200,\"products\":15,\"orders\":2500,\"seed\":6}", 3);
        assertServes(third);

        HttpResponse<String> imported = send(admin(request("/api/import?fileName=online-retail.csv"))
                .header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofFile(Path.of("src", "test", "resources", "import",
                        "online-retail.csv"))));
        assertEquals(200, imported.statusCode(), imported.body());
        JsonNode fourth = awaitReady(4);
        assertEquals("imported", fourth.path("source").asText());
        JsonNode kpisBefore = json(get("/api/kpis"));
        assertServes(fourth);

        stopApp();
        start();
        JsonNode afterRestart = awaitReady(4);
        assertEquals(fourth.path("orders").asLong(), afterRestart.path("orders").asLong());
        JsonNode kpisAfter = json(get("/api/kpis"));
        assertEquals(kpisBefore.path("revenue").decimalValue(), kpisAfter.path("revenue").decimalValue(),
                "the imported orders survive the restart");
        assertEquals(kpisBefore.path("orders").asLong(), kpisAfter.path("orders").asLong());
        assertServes(afterRestart);

        JsonNode fifth = generate("{\"customers\":250,\"products\":12,\"orders\":2000,\"seed\":7}", 5);
        assertServes(fifth);
        assertTrue(Files.exists(workDir.resolve("data").resolve("shoplens.mv")), "the default H2 file under ./data");
    }

    /** A setting out of its range stops start-up with a message that names it, before anything is written. */
    @Test
    void aBadSettingStopsStartUpNamingIt() throws Exception {
        port = freePort();
        mongoPort = freePort();
        start(java.util.Map.of("SHOPLENS_SIMULATE_RETURN_RATE", "2"));
        assertTrue(app.waitFor(90, java.util.concurrent.TimeUnit.SECONDS), "the app stops by itself");
        assertTrue(app.exitValue() != 0, "with a failure exit code");
        String log = Files.readString(workDir.resolve("app.log"));
        assertTrue(log.contains("shoplens.simulate.return-rate"), log);
        assertTrue(!Files.exists(workDir.resolve("data").resolve("shoplens.mv")), "no data file was made");
    }

    /** The KPIs count the orders the dataset says it has, and every page answers. */
    private void assertServes(JsonNode dataset) throws Exception {
        JsonNode kpis = json(get("/api/kpis"));
        assertEquals(dataset.path("orders").asLong(), kpis.path("orders").asLong(),
                "KPIs of dataset version " + dataset.path("version").asLong());
        JsonNode customers = json(get("/api/customers?size=1"));
        assertTrue(customers.path("total").asLong() > 0, "customers listed");
        String id = customers.path("customers").get(0).path("id").asText();
        for (String page : List.of("/", "/segments", "/customers", "/customers/" + id, "/churn", "/clv", "/data",
                "/api/segments", "/api/orders.csv")) {
            HttpResponse<String> response = get(page);
            assertEquals(200, response.statusCode(), page + ": " + response.body());
        }
        awaitLifetimeValues(dataset);
    }

    /**
     * The lifetime values follow in the background: a simulated shop gets them for its own version; a tiny import may
     * have too few repeat buyers to fit the models, and then the API says so with a 503, never a 500.
     */
    private void awaitLifetimeValues(JsonNode dataset) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
        HttpResponse<String> response;
        do {
            response = get("/api/clv");
            if (response.statusCode() == 200 && JSON.readTree(response.body()).path("datasetVersion").asLong()
                    == dataset.path("version").asLong()) {
                return;
            }
            if (response.statusCode() == 503 && response.body().contains("could not be computed")) {
                break;
            }
            Thread.sleep(200);
        } while (Instant.now().isBefore(deadline));
        assertEquals("imported", dataset.path("source").asText(), "a simulated shop's lifetime values: "
                + response.statusCode() + " " + response.body());
        assertEquals(503, response.statusCode(), response.body());
    }

    private JsonNode generate(String body, long expectedVersion) throws Exception {
        HttpResponse<String> response = send(admin(request("/api/dataset")).header("Content-Type",
                "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
        assertEquals(202, response.statusCode(), response.body());
        JsonNode dataset = awaitReady(expectedVersion);
        JsonNode failure = dataset.path("lastFailure");
        assertTrue(failure.isMissingNode() || failure.isNull(), "generation failed: " + failure);
        return dataset;
    }

    private JsonNode awaitReady(long version) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        JsonNode last = null;
        while (Instant.now().isBefore(deadline)) {
            try {
                HttpResponse<String> response = get("/api/dataset");
                if (response.statusCode() == 200) {
                    last = json(response);
                    if ("ready".equals(last.path("status").asText()) && last.path("version").asLong() >= version) {
                        assertEquals(version, last.path("version").asLong(), "dataset version");
                        return last;
                    }
                }
            } catch (IOException notUpYet) {
                // the app is still starting
            }
            assertTrue(app.isAlive(), "the app exited: see " + workDir.resolve("app.log"));
            Thread.sleep(200);
        }
        throw new AssertionError("dataset version " + version + " not ready in 3 minutes; last status " + last
                + "; log " + Files.readString(workDir.resolve("app.log")));
    }

    private void start() throws IOException {
        start(java.util.Map.of());
    }

    private void start(java.util.Map<String, String> settings) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-jar", JAR.toString())
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(workDir.resolve("app.log").toFile()));
        builder.environment().put("QUARKUS_HTTP_PORT", String.valueOf(port));
        builder.environment().put("SHOPLENS_MONGO_EMBEDDED_PORT", String.valueOf(mongoPort));
        builder.environment().put("SHOPLENS_ADMIN_PASSWORD", PASSWORD);
        builder.environment().putAll(settings);
        app = builder.start();
    }

    private void stopApp() throws InterruptedException {
        if (app != null && app.isAlive()) {
            app.destroy();
            if (!app.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                app.destroyForcibly().waitFor();
            }
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(60));
    }

    private static HttpRequest.Builder admin(HttpRequest.Builder request) {
        return request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("admin:" + PASSWORD)
                .getBytes(StandardCharsets.UTF_8)));
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(request(path).GET());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

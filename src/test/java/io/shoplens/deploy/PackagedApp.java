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
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One run of the packaged jar, as {@code DefaultStorageIT} starts it: its own working directory (the default H2 file
 * goes under ./data there), its own HTTP and embedded MongoDB ports, the admin password, and whatever other settings a
 * test gives. Started again on the same directory after a stop or a kill.
 */
final class PackagedApp {
    static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar").toAbsolutePath();
    static final String PASSWORD = "it-secret";
    static final ObjectMapper JSON = new ObjectMapper();

    final String name;
    final Path workDir;
    final int port;
    final int mongoPort;
    private final Map<String, String> settings;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Process process;

    PackagedApp(String name, Path workDir, Map<String, String> settings) throws IOException {
        this.name = name;
        this.workDir = workDir;
        this.port = freePort();
        this.mongoPort = freePort();
        this.settings = new HashMap<>(settings);
    }

    PackagedApp start() throws IOException {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-jar", JAR.toString())
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()));
        builder.environment().put("QUARKUS_HTTP_PORT", String.valueOf(port));
        builder.environment().put("SHOPLENS_MONGO_EMBEDDED_PORT", String.valueOf(mongoPort));
        builder.environment().put("SHOPLENS_ADMIN_PASSWORD", PASSWORD);
        builder.environment().putAll(settings);
        process = builder.start();
        return this;
    }

    /** SIGKILL to the JVM itself (the process started is java, not a wrapper): no shutdown hook runs. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    /** SIGTERM, as Ctrl-C or Kubernetes send it: the exit code, or null if it still runs after {@code limit}. */
    Integer terminate(Duration limit) throws InterruptedException {
        process.destroy();
        return awaitExit(limit);
    }

    /** The exit code once the app has stopped by itself, or null if it still runs after {@code limit}. */
    Integer awaitExit(Duration limit) throws InterruptedException {
        return process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : null;
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    Path log() {
        return workDir.resolve("app.log");
    }

    /** The dataset once it is ready at {@code version} (the app may still be starting). */
    JsonNode awaitReady(long version) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        JsonNode last = null;
        while (Instant.now().isBefore(deadline)) {
            try {
                HttpResponse<String> response = get("/api/dataset");
                if (response.statusCode() == 200) {
                    last = JSON.readTree(response.body());
                    if ("ready".equals(last.path("status").asText()) && last.path("version").asLong() >= version) {
                        assertEquals(version, last.path("version").asLong(), name + ": dataset version");
                        return last;
                    }
                }
            } catch (IOException notUpYet) {
                // the app is still starting
            }
            assertTrue(alive(), name + " exited: see " + log());
            Thread.sleep(200);
        }
        throw new AssertionError(name + ": dataset version " + version + " not ready in 3 minutes; last status "
                + last + "; log " + Files.readString(log()));
    }

    /** Generates a simulated dataset and waits until it serves as {@code expectedVersion}. */
    JsonNode generate(String body, long expectedVersion) throws Exception {
        HttpResponse<String> response = send(admin(request("/api/dataset")).header("Content-Type",
                "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
        assertEquals(202, response.statusCode(), response.body());
        JsonNode dataset = awaitReady(expectedVersion);
        JsonNode failure = dataset.path("lastFailure");
        assertTrue(failure.isMissingNode() || failure.isNull(), "generation failed: " + failure);
        return dataset;
    }

    /** POST /api/orders with a JSON array. */
    HttpResponse<String> append(String orders) throws IOException, InterruptedException {
        return send(admin(request("/api/orders")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(orders)));
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60));
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    static HttpRequest.Builder admin(HttpRequest.Builder request) {
        return request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("admin:" + PASSWORD)
                .getBytes(StandardCharsets.UTF_8)));
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(request(path).GET());
    }

    JsonNode getJson(String path) throws IOException, InterruptedException {
        return json(get(path));
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpClient http() {
        return http;
    }

    static JsonNode json(HttpResponse<String> response) throws IOException {
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

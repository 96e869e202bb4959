package io.shoplens.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Dev mode as a developer starts it: {@code ./mvnw quarkus:dev} in a copy of the project (its own target/ and
 * ./data), with the defaults but the ports and the debugger. It starts the embedded file store and generates the
 * classic shop, serves the pages, shows an edited template on the next request, runs an edited Java class on the next
 * one (Quarkus restarts the app, and the embedded server with it, on the same port), and the restarted app finds its
 * dataset in the file rather than generating again.
 */
class DevModeIT {
    private static final Duration START = Duration.ofMinutes(6);
    private static final Duration RELOAD = Duration.ofMinutes(2);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Process maven;
    private Path log;

    @AfterEach
    void stop() throws Exception {
        if (maven != null) {
            // Maven runs the app in a JVM of its own: stop that one too, and wait for both before the directory goes.
            List<ProcessHandle> all = new ArrayList<>(maven.descendants().toList());
            all.add(maven.toHandle());
            all.forEach(ProcessHandle::destroy);
            for (ProcessHandle p : all) {
                try {
                    p.onExit().get(60, TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    p.destroyForcibly();
                    p.onExit().get(30, TimeUnit.SECONDS);
                }
            }
        }
    }

    @Test
    void devModeServesAndReloadsTemplatesAndCode(@TempDir Path project) throws Exception {
        copyProject(project);
        int port = PackagedApp.freePort();
        log = project.resolve("dev.log");
        maven = new ProcessBuilder(project.resolve("mvnw").toString(), "-B", "-ntp", "quarkus:dev",
                "-Dquarkus.http.port=" + port, "-Dshoplens.mongo.embedded.port=" + PackagedApp.freePort(),
                "-Ddebug=false", "-Dquarkus.console.enabled=false", "-Dquarkus.test.continuous-testing=disabled",
                // About 14 s to fit: the first edit restarts the app while the first churn training runs, and the
                // restart's wait (10 s) ends before it. CI once met such a training's lease still held after the
                // restart, and the embedded server's ERROR about it.
                "-Dshoplens.churn.forest.trees=15000")
                .directory(project.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        String base = "http://127.0.0.1:" + port;

        JsonNode dataset = PackagedApp.JSON.readTree(await(base + "/api/dataset", START,
                body -> body.contains("\"status\":\"ready\"")));
        assertEquals(1, dataset.path("version").asLong());
        assertEquals("classic", dataset.path("preset").asText());
        String generatedAt = dataset.path("generatedAt").asText();
        assertTrue(Files.isDirectory(project.resolve("data")), "the embedded store writes its file under ./data");
        await(base + "/", RELOAD, body -> body.contains("data stays on this server"));

        Path layout = project.resolve("src/main/resources/templates/layout.html");
        replace(layout, "data stays on this server", "data stays on this server, edited in dev mode");
        await(base + "/", RELOAD, body -> body.contains("edited in dev mode"));

        // The Java edit restarts the app: let the work after a new dataset (churn training, lifetime values) end
        // first, so that the restart does not cut it off.
        await(base + "/api/churn/model", RELOAD, body -> body.contains("\"version\""));
        await(base + "/api/clv", RELOAD, body -> body.contains("\"totalClv12m\""));
        Path mappers = project.resolve("src/main/java/io/shoplens/web/ProblemMappers.java");
        replace(mappers, "\"There is no page at \"", "\"Dev mode found no page at \"");
        await(base + "/no-such-page", RELOAD, body -> body.contains("Dev mode found no page at /no-such-page"));

        dataset = PackagedApp.JSON.readTree(await(base + "/api/dataset", RELOAD,
                body -> body.contains("\"status\":\"ready\"")));
        assertEquals(1, dataset.path("version").asLong(), "the restarted app read its dataset back from the file");
        assertEquals(generatedAt, dataset.path("generatedAt").asText(), "not generated again");
        String output = Files.readString(log);
        Files.copy(log, Path.of("target", "dev-mode-it.log"), StandardCopyOption.REPLACE_EXISTING);
        assertEquals(List.of(), problems(output), "dev mode log (whole in target/dev-mode-it.log)");
        assertTrue(output.contains("Churn training still running when the shutdown's wait ended")
                || output.contains("stopped by the app's shutdown"), "the first restart met the first training");
    }

    /**
     * Errors and warnings (a restart is routine: the embedded server's "Closing N clients" WARN came at every one), a
     * port still taken after a restart, and a restart that found the previous instance's training lease held (it then
     * waits for the lease to expire): each with the lines after it.
     */
    private static List<String> problems(String output) {
        List<String> lines = output.lines().toList();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.contains(" ERROR ") || line.contains(" WARN ") || line.contains("Address already in use")
                    || line.contains("another replica is training")) {
                problems.add(String.join("\n", lines.subList(i, Math.min(lines.size(), i + 4))));
            }
        }
        return problems;
    }

    /** The project as a developer's checkout has it, without build output or data. */
    private static void copyProject(Path to) throws IOException {
        Path from = Path.of("").toAbsolutePath();
        for (String top : List.of("pom.xml", "mvnw", ".mvn", "src/main")) {
            Path source = from.resolve(top);
            try (Stream<Path> files = Files.walk(source)) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    Path target = to.resolve(from.relativize(file).toString());
                    if (Files.isDirectory(file)) {
                        Files.createDirectories(target);
                    } else {
                        Files.createDirectories(target.getParent());
                        Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES);
                    }
                }
            }
        }
    }

    private static void replace(Path file, String from, String to) throws IOException {
        String text = Files.readString(file);
        assertTrue(text.contains(from), file + " holds " + from);
        Files.writeString(file, text.replace(from, to));
    }

    /** The body of GET {@code url} once it answers 200 with a body that passes {@code ready}. */
    private String await(String url, Duration limit, Predicate<String> ready) throws Exception {
        Instant deadline = Instant.now().plus(limit);
        String last = null;
        while (Instant.now().isBefore(deadline)) {
            assertTrue(maven.isAlive(), "dev mode exited: " + tail());
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(60)).GET().build(), HttpResponse.BodyHandlers.ofString());
                last = response.statusCode() + " " + response.body();
                if ((response.statusCode() == 200 || url.endsWith("no-such-page")) && ready.test(response.body())) {
                    return response.body();
                }
            } catch (IOException notUpYet) {
                // compiling, starting or restarting
            }
            Thread.sleep(500);
        }
        throw new AssertionError(url + " not as expected within " + limit + "; last answer " + (last == null ? null
                : last.substring(0, Math.min(500, last.length()))) + "; log " + tail());
    }

    private String tail() throws IOException {
        String output = Files.readString(log);
        return output.substring(Math.max(0, output.length() - 4_000));
    }
}

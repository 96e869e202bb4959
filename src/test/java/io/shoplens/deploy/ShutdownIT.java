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
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.shoplens.testing.OnlineRetailCsv;

/**
 * The packaged jar with the defaults, stopped as Ctrl-C or Kubernetes stop it (SIGTERM) in the middle of its work:
 * first of a churn training that outlasts the shutdown's wait, then of a generation, then of an import. Each stop ends
 * promptly and logs no error or warning; the next start serves the model and the dataset of before, can train at once
 * (the cut-off training's lease was released, not left to expire) and generates again.
 */
class ShutdownIT {
    /** The shutdown waits 10 s in all for the work under way; Kubernetes gives 30 s. */
    private static final Duration STOPS_WITHIN = Duration.ofSeconds(25);

    @TempDir
    Path workDir;

    private PackagedApp app;

    @AfterEach
    void stop() throws InterruptedException {
        if (app != null) {
            app.stop();
        }
    }

    @Test
    void aStopMidTrainingOrMidGenerationEndsCleanlyAndLosesNothing() throws Exception {
        // 15,000 trees take 10 to 14 s to fit on the classic shop here: about as long as the shutdown waits.
        app = new PackagedApp("shutdown", workDir, Map.of("SHOPLENS_CHURN_FOREST_TREES", "15000")).start();
        JsonNode classic = app.awaitReady(1);
        long firstModel = awaitModel(0);

        JsonNode retrain = retrain();
        assertTrue(retrain.path("started").asBoolean(), retrain.toString());
        Thread.sleep(1_000);
        String stopLog = terminate();
        // Cut off while fitting (its lease released by the shutdown), or stopped at its next phase if the fit ended
        // within the wait: which one depends on the machine's speed.
        assertTrue(stopLog.contains("Churn training still running when the shutdown's wait ended")
                || stopLog.contains("Churn training (request) stopped by the app's shutdown"), stopLog);

        app.start();
        app.awaitReady(1);
        JsonNode served = app.getJson("/api/churn/model");
        assertEquals(firstModel, served.path("version").asLong(), "the model of before serves");
        for (JsonNode model : app.getJson("/api/churn/models")) {
            assertTrue(!"failed".equals(model.path("status").asText()), "no failed model recorded: " + model);
        }
        JsonNode again = retrain();
        assertTrue(again.path("started").asBoolean(), "the lease was released at the stop (it lasts a minute): "
                + again);
        awaitModel(firstModel);

        var generation = app.send(PackagedApp.admin(app.request("/api/dataset")).header("Content-Type",
                "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"customers\":4000,\"products\":50,\"orders\":150000,\"seed\":9}")));
        assertEquals(202, generation.statusCode(), generation.body());
        awaitUnderWay("writing orders");
        stopLog = terminate();
        assertTrue(stopLog.contains("generation stopped by the app's shutdown"), stopLog);

        app.start();
        JsonNode after = app.awaitReady(1);
        assertEquals(classic.path("orders").asLong(), after.path("orders").asLong(), "the dataset of before serves");
        assertEquals(classic.path("generatedAt").asText(), after.path("generatedAt").asText());

        // An import runs on its request's thread: the stop cut it off with an ERROR and a stack trace from the
        // request's 500, and a WARN from the drop of its lines, before it was answered as a stopped job.
        Path csv = workDir.resolve("orders.csv");
        OnlineRetailCsv.write(csv, 400_000, 3);
        app.http().sendAsync(PackagedApp.admin(app.request("/api/import?format=online-retail")).header("Content-Type",
                "text/csv").POST(HttpRequest.BodyPublishers.ofFile(csv)).build(), HttpResponse.BodyHandlers.discarding());
        awaitUnderWay("reading lines");
        stopLog = terminate();
        assertTrue(stopLog.contains("import stopped by the app's shutdown"), stopLog);

        app.start();
        after = app.awaitReady(1);
        assertEquals(classic.path("generatedAt").asText(), after.path("generatedAt").asText(),
                "the dataset of before serves");
        JsonNode next = app.generate("{\"customers\":200,\"products\":15,\"orders\":2500,\"seed\":6}", 2);
        assertEquals(200, next.path("customers").asLong());
    }

    /**
     * POST /api/churn/retrain until it starts a training, for at most 20 s: a model shows a moment before its
     * training has released the lease, and the start-up's own check may be training.
     */
    private JsonNode retrain() throws Exception {
        Instant deadline = Instant.now().plusSeconds(20);
        JsonNode answer;
        do {
            answer = PackagedApp.JSON.readTree(app.send(PackagedApp.admin(app.request("/api/churn/retrain"))
                    .POST(HttpRequest.BodyPublishers.noBody())).body());
            if (answer.path("started").asBoolean()) {
                return answer;
            }
            Thread.sleep(250);
        } while (Instant.now().isBefore(deadline));
        return answer;
    }

    /**
     * SIGTERM; waits for the exit and answers what the app logged meanwhile, which must hold no error and no warning:
     * a stop is routine, and a newcomer reads a WARN at every Ctrl-C as something wrong.
     */
    private String terminate() throws Exception {
        long from = Files.size(app.log());
        long sent = System.nanoTime();
        Integer exit = app.terminate(STOPS_WITHIN);
        assertNotNull(exit, "still running " + STOPS_WITHIN + " after SIGTERM");
        System.out.printf("ShutdownIT: stopped %d ms after SIGTERM (exit code %d)%n",
                (System.nanoTime() - sent) / 1_000_000, exit);
        String log = Files.readString(app.log()).substring((int) from);
        List<String> problems = log.lines().filter(line -> line.contains(" ERROR ") || line.contains(" WARN ")
                || line.startsWith("Exception in")).toList();
        assertEquals(List.of(), problems, "the shutdown logged: " + log);
        return log;
    }

    /** The version of the first model newer than {@code previous} (the app may still be starting or training). */
    private long awaitModel(long previous) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (Instant.now().isBefore(deadline)) {
            var response = app.get("/api/churn/model");
            if (response.statusCode() == 200) {
                long version = PackagedApp.JSON.readTree(response.body()).path("version").asLong();
                if (version > previous) {
                    return version;
                }
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no churn model after " + previous + " in 3 minutes; log " + Files.readString(app.log()));
    }

    /** Until the dataset job has done some of {@code phase}: stopped then, it is half written. */
    private void awaitUnderWay(String phase) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        JsonNode progress = null;
        while (Instant.now().isBefore(deadline)) {
            progress = app.getJson("/api/dataset").path("progress");
            if (phase.equals(progress.path("phase").asText()) && progress.path("done").asLong() > 1_000) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the job did not get under way with " + phase + ": " + progress);
    }
}

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

/**
 * The packaged jar as a newcomer runs it: default configuration (embedded MongoDB on its H2 file under ./data),
 * started in an empty directory. Generates twice, imports a file, restarts, generates again, and checks after each
 * step that the served dataset is the one just made and that the pages answer. Only the ports are not the defaults,
 * so that the test does not collide with an app already running on this machine.
 */
class DefaultStorageIT {
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
    void regenerateImportRestartRegenerateOnTheFileStorage() throws Exception {
        app = new PackagedApp("default", workDir, Map.of()).start();
        JsonNode first = app.awaitReady(1);
        assertEquals("simulated", first.path("source").asText(), "the first start generates the classic preset");
        assertServes(first);

        JsonNode second = app.generate("{\"customers\":300,\"products\":20,\"orders\":3000,\"seed\":5}", 2);
        assertServes(second);
        JsonNode third = app.generate("{\"customers\":200,\"products\":15,\"orders\":2500,\"seed\":6}", 3);
        assertServes(third);

        HttpResponse<String> imported = app.send(PackagedApp.admin(
                app.request("/api/import?fileName=online-retail.csv")).header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofFile(Path.of("src", "test", "resources", "import",
                        "online-retail.csv"))));
        assertEquals(200, imported.statusCode(), imported.body());
        JsonNode fourth = app.awaitReady(4);
        assertEquals("imported", fourth.path("source").asText());
        JsonNode kpisBefore = app.getJson("/api/kpis");
        assertServes(fourth);

        app.stop();
        app.start();
        JsonNode afterRestart = app.awaitReady(4);
        assertEquals(fourth.path("orders").asLong(), afterRestart.path("orders").asLong());
        JsonNode kpisAfter = app.getJson("/api/kpis");
        assertEquals(kpisBefore.path("revenue").decimalValue(), kpisAfter.path("revenue").decimalValue(),
                "the imported orders survive the restart");
        assertEquals(kpisBefore.path("orders").asLong(), kpisAfter.path("orders").asLong());
        assertServes(afterRestart);

        JsonNode fifth = app.generate("{\"customers\":250,\"products\":12,\"orders\":2000,\"seed\":7}", 5);
        assertServes(fifth);
        assertTrue(Files.exists(workDir.resolve("data").resolve("shoplens.mv")), "the default H2 file under ./data");
    }

    /** A setting out of its range stops start-up with a message that names it, before anything is written. */
    @Test
    void aBadSettingStopsStartUpNamingIt() throws Exception {
        app = new PackagedApp("bad setting", workDir, Map.of("SHOPLENS_SIMULATE_RETURN_RATE", "2")).start();
        Integer exit = app.awaitExit(Duration.ofSeconds(90));
        assertNotNull(exit, "the app stops by itself");
        assertTrue(exit != 0, "with a failure exit code");
        String log = Files.readString(app.log());
        assertTrue(log.contains("shoplens.simulate.return-rate"), log);
        assertTrue(!Files.exists(workDir.resolve("data").resolve("shoplens.mv")), "no data file was made");
    }

    /** The KPIs count the orders the dataset says it has, and every page answers. */
    private void assertServes(JsonNode dataset) throws Exception {
        JsonNode kpis = app.getJson("/api/kpis");
        assertEquals(dataset.path("orders").asLong(), kpis.path("orders").asLong(),
                "KPIs of dataset version " + dataset.path("version").asLong());
        JsonNode customers = app.getJson("/api/customers?size=1");
        assertTrue(customers.path("total").asLong() > 0, "customers listed");
        String id = customers.path("customers").get(0).path("id").asText();
        for (String page : List.of("/", "/segments", "/customers", "/customers/" + id, "/churn", "/clv", "/data",
                "/api/segments", "/api/orders.csv")) {
            HttpResponse<String> response = app.get(page);
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
            response = app.get("/api/clv");
            if (response.statusCode() == 200 && PackagedApp.JSON.readTree(response.body()).path("datasetVersion")
                    .asLong() == dataset.path("version").asLong()) {
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
}

package io.shoplens.churn;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.bson.Document;
import org.junit.jupiter.api.Test;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import io.shoplens.frame.Frames;
import io.shoplens.frame.OrderFrame;
import io.shoplens.store.DatasetStore;
import io.shoplens.store.Order;
import io.shoplens.store.OrderLine;
import io.shoplens.testing.Api;
import io.shoplens.testing.EmbeddedMongoResource;

/**
 * Model history (kept and pruned), the versions API against the cards, drift, realized outcomes against labels read
 * from the stored orders, and the retraining after new orders. Tests run with keep-models 3 ({@code %test}).
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedMongoResource.class)
class ModelHistoryTest {
    static final String SHOP = ChurnServiceTest.SHOP;

    @Inject
    ChurnService churn;
    @Inject
    ModelRepository repository;
    @Inject
    ChurnConfig config;
    @Inject
    Frames frames;

    ModelCard awaitModelFor(long datasetVersion, long afterVersion) {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (Instant.now().isBefore(deadline)) {
            ModelCard serving = churn.servingModel().orElse(null);
            if (!churn.isTraining() && serving != null && serving.datasetVersion() == datasetVersion
                    && serving.version() > afterVersion) {
                return serving;
            }
            ChurnServiceTest.sleep(100);
        }
        throw new AssertionError("no new model for dataset version " + datasetVersion);
    }

    long shop(int seed) {
        long version = Api.regenerate(String.format(SHOP, seed));
        awaitModelFor(version, 0);
        return version;
    }

    @Test
    void theNewestVersionsAreKeptAndTheOldestPrunedWithTheirFilesAndSamples() {
        int keep = config.keepModels();
        assertEquals(3, keep, "the test profile keeps three");
        shop(5);
        List<ModelCard> trained = new ArrayList<>();
        for (int i = 0; i < keep + 2; i++) {
            trained.add(churn.trainNow());
        }
        List<ModelCard> history = churn.history();
        List<Long> newest = new ArrayList<>(trained.subList(2, trained.size()).stream().map(ModelCard::version)
                .toList());
        java.util.Collections.reverse(newest);
        assertEquals(newest, history.stream().map(ModelCard::version).toList(), "the newest three, newest first");
        assertEquals(ModelCard.SERVING, history.get(0).status());
        history.subList(1, history.size()).forEach(c -> assertEquals(ModelCard.RETIRED, c.status()));
        for (ModelCard gone : trained.subList(0, 2)) {
            assertTrue(repository.card(gone.version()).isEmpty(), "card " + gone.version());
            assertFalse(repository.hasModelFile(gone.modelFile()), "forest " + gone.modelFile());
            assertTrue(repository.sample(gone.version()).isEmpty(), "sample " + gone.version());
        }
        for (ModelCard kept : history) {
            assertTrue(repository.hasModelFile(kept.modelFile()));
            Realized.Sample sample = repository.sample(kept.version()).orElseThrow();
            assertEquals(Math.min(config.realizedSample(), kept.scoredCustomers()), sample.customerIds().size());
            assertEquals(kept.dataEnd(), sample.scoredAt());
        }
        assertEquals(repository.sample(history.get(0).version()).orElseThrow().customerIds(),
                repository.sample(history.get(1).version()).orElseThrow().customerIds(),
                "a fixed seeded sample: the same customers for the same scoring");

        // Failed trainings after the serving one: the serving model stays, however old.
        ModelCard serving = history.get(0);
        List<Long> failed = new ArrayList<>();
        try {
            for (int i = 1; i <= keep + 1; i++) {
                // On the current dataset and without an order count, so that the catch-up leaves them alone.
                ModelCard failure = new ModelCard(serving.version() + i, serving.datasetVersion(), ModelCard.FAILED,
                        Instant.now(), 1, null, null, 90, null, 0, 0, 0, 0, null, null, null, List.of(), null, null,
                        0, null, 0, "test failure " + i, null, null, null, null, null, null, List.of());
                repository.save(failure);
                failed.add(failure.version());
            }
            List<Long> removed = repository.prune(keep);
            assertEquals(List.of(failed.get(0), history.get(1).version(), history.get(2).version()), removed,
                    "the oldest failure and the retired models beyond the newest three");
            List<Long> kept = churn.history().stream().map(ModelCard::version).toList();
            assertEquals(List.of(failed.get(3), failed.get(2), failed.get(1), serving.version()), kept,
                    "three newest failures, and the serving model beyond them");
            assertTrue(repository.hasModelFile(serving.modelFile()));
            given().get("/api/churn/models").then().statusCode(200).body("[0].status", org.hamcrest.Matchers
                    .equalTo("failed")).body("[0].error", org.hamcrest.Matchers.equalTo("test failure 4"))
                    .body("[0].metrics", org.hamcrest.Matchers.nullValue())
                    .body("[3].status", org.hamcrest.Matchers.equalTo("serving"));
        } finally {
            cards().deleteMany(Filters.in("_id", failed));
        }
    }

    @Test
    void theVersionsListIsTheCards() {
        long version = shop(7);
        churn.trainNow();
        OrderFrame frame = frames.current().orElseThrow();
        List<ModelCard> cards = churn.history();
        assertTrue(cards.size() >= 2);
        ModelCard serving = cards.get(0);
        assertEquals(version, serving.datasetVersion());
        assertEquals(frame.orderCount(), serving.trainingOrders(), "the training frame's sales orders");
        assertEquals(frame.end(), serving.dataEnd(), "its scoring date is the end of the data it trained on");
        assertFalse(serving.featureBins().isEmpty());
        assertNotNull(serving.calibration().rocAucServed());

        JsonPath json = given().get("/api/churn/models").then().statusCode(200).extract().jsonPath()
                .using(new JsonPathConfig(JsonPathConfig.NumberReturnType.DOUBLE));
        assertEquals(cards.size(), json.getList("$").size());
        for (int i = 0; i < cards.size(); i++) {
            ModelCard c = cards.get(i);
            String at = "[" + i + "].";
            assertEquals(c.version(), json.getLong(at + "version"));
            assertEquals(c.status(), json.getString(at + "status"));
            assertEquals(c.trainedAt(), Instant.parse(json.getString(at + "trainedAt")));
            assertEquals(c.datasetVersion(), json.getLong(at + "datasetVersion"));
            assertEquals(c.horizonDays(), json.getInt(at + "horizonDays"));
            if (c.metrics() == null) {
                continue;
            }
            assertEquals(c.cutoff().toString(), json.getString(at + "cutoff"));
            assertEquals(ChurnEvaluation.date(c.dataEnd()).toString(), json.getString(at + "scoredAsOf"));
            assertEquals(c.trainingOrders(), json.getLong(at + "trainingOrders"));
            assertEquals(c.trainSize(), json.getInt(at + "sizes.train"));
            assertEquals(c.evalSize(), json.getInt(at + "sizes.evaluation"));
            assertEquals(c.scoredCustomers(), json.getLong(at + "sizes.scored"));
            assertEquals(c.baseRate(), json.getDouble(at + "baseRate"), 1e-12);
            assertEquals(c.metrics().rocAuc(), json.getDouble(at + "metrics.rocAuc"), 1e-12);
            assertEquals(c.metrics().prAuc(), json.getDouble(at + "metrics.prAuc"), 1e-12);
            assertEquals(c.metrics().brier(), json.getDouble(at + "metrics.brier"), 1e-12);
            assertEquals(c.calibration().brierAfter(), json.getDouble(at + "metrics.servedBrier"), 1e-12);
            assertNull(json.get(at + "error"));
        }
        for (int i = 1; i < cards.size(); i++) {
            assertTrue(cards.get(i - 1).version() > cards.get(i).version(), "newest first");
        }
    }

    @Test
    void realizedIsNullUntilHDaysHavePassedThenScoredAgainstTheStoredOrders() {
        shop(5);
        ModelCard serving = churn.servingModel().orElseThrow();
        String body = given().get("/api/churn/models/" + serving.version() + "/realized").then().statusCode(200)
                .contentType("application/json").extract().asString();
        assertEquals("null", body.trim(), "the data has not moved H days past the scoring date");
        given().get("/api/churn/models/987654/realized").then().statusCode(404)
                .contentType("application/problem+json");
        given().get("/churn/history").then().statusCode(200).body(containsString("id=\"realized-pending\""))
                .body(containsString("has not passed"));

        // The same model as if it had scored H + 30 days before the data's end, with a sample of given
        // probabilities: the labels come from the stored orders, read here without the frame.
        OrderFrame frame = frames.current().orElseThrow();
        int h = serving.horizonDays();
        Instant scoredAt = frame.end().minus(Duration.ofDays(h + 30L));
        long version = serving.version() + 500;
        Map<String, List<Instant>> sales = new HashMap<>();
        for (Order o : Order.<Order>listAll()) {
            if (o.lines.stream().anyMatch((OrderLine l) -> l.quantity >= 0)) {
                sales.computeIfAbsent(o.customerId, k -> new ArrayList<>()).add(o.date);
            }
        }
        List<String> ids = new ArrayList<>(sales.keySet()).stream().sorted().limit(300).toList();
        double[] p = new double[ids.size()];
        boolean[] churned = new boolean[ids.size()];
        Instant until = scoredAt.plus(Duration.ofDays(h));
        for (int i = 0; i < ids.size(); i++) {
            churned[i] = sales.get(ids.get(i)).stream().noneMatch(d -> !d.isBefore(scoredAt) && d.isBefore(until));
            // A noisy score that mostly ranks churners higher.
            p[i] = Math.min(0.99, Math.max(0.01, (churned[i] ? 0.6 : 0.35) + ((i * 37) % 41 - 20) / 60.0));
        }
        ModelCard past = new ModelCard(version, serving.datasetVersion(), ModelCard.RETIRED, serving.trainedAt(), 0,
                serving.cutoff(), serving.trainCutoff(), h, serving.settings(), serving.trainSize(),
                serving.evalSize(), serving.trainBaseRate(), serving.baseRate(), serving.metrics(),
                serving.baselines(), serving.oracle(), serving.featureImportance(), serving.curves(), serving.rule(),
                ids.size(), null, 0, null, serving.beatsBaseline(), serving.calibration(), serving.calibrator(),
                serving.stacked(), scoredAt, serving.trainingOrders(), serving.featureBins());
        try {
            repository.save(past);
            repository.saveSample(new Realized.Sample(version, serving.datasetVersion(), scoredAt, ids, p));
            JsonPath json = given().get("/api/churn/models/" + version + "/realized").then().statusCode(200)
                    .extract().jsonPath().using(new JsonPathConfig(JsonPathConfig.NumberReturnType.DOUBLE));

            long churners = 0;
            double pairs = 0;
            double right = 0;
            double squares = 0;
            for (int i = 0; i < p.length; i++) {
                churners += churned[i] ? 1 : 0;
                squares += (p[i] - (churned[i] ? 1 : 0)) * (p[i] - (churned[i] ? 1 : 0));
                for (int j = 0; j < p.length; j++) {
                    if (churned[i] && !churned[j]) {
                        pairs++;
                        right += p[i] > p[j] ? 1 : p[i] == p[j] ? 0.5 : 0;
                    }
                }
            }
            assertTrue(churners > 10 && churners < p.length - 10, churners + " churners of " + p.length);
            assertEquals(ids.size(), json.getInt("customers"));
            assertEquals(0, json.getInt("notFound"));
            assertEquals((double) churners / p.length, json.getDouble("baseRate"), 1e-12);
            assertEquals(right / pairs, json.getDouble("rocAuc"), 1e-12, "churner-stayer pairs ranked right");
            assertEquals(squares / p.length, json.getDouble("brier"), 1e-12);
            assertEquals(ChurnEvaluation.date(scoredAt).toString(), json.getString("scoredAsOf"));
            assertEquals(ChurnEvaluation.date(until).toString(), json.getString("labelledUntil"));
            double estimate = serving.calibration().rocAucServed();
            assertEquals(estimate, json.getDouble("estimate.rocAuc"), 1e-12);
            assertEquals(serving.calibration().brierAfter(), json.getDouble("estimate.brier"), 1e-12);
            assertEquals(Math.abs(right / pairs - estimate) <= 0.03 ? "as estimated" : "drift or bug",
                    json.getString("verdict"));
            assertEquals(p.length, json.getList("reliability.customers", Double.class).stream()
                    .mapToDouble(Double::doubleValue).sum(), 1e-9);
            given().get("/churn/history?version=" + version).then().statusCode(200)
                    .body(containsString("id=\"verdict\"")).body(containsString("id=\"chart-realized\""));

            // Another dataset version: its customers are another shop's, so nothing is scored.
            cards().updateOne(Filters.eq("_id", version), Updates.set("datasetVersion", serving.datasetVersion() - 1));
            assertEquals("null", given().get("/api/churn/models/" + version + "/realized").then().statusCode(200)
                    .extract().asString().trim());
        } finally {
            cards().deleteOne(Filters.eq("_id", version));
            DatasetStore.database().getCollection(ModelRepository.SAMPLES).deleteOne(Filters.eq("_id", version));
        }
    }

    @Test
    void driftOfTheServingModelAgainstTheCurrentData() {
        shop(5);
        ModelCard serving = churn.servingModel().orElseThrow();
        JsonPath json = given().get("/api/churn/models/" + serving.version() + "/drift").then().statusCode(200)
                .extract().jsonPath().using(new JsonPathConfig(JsonPathConfig.NumberReturnType.DOUBLE));
        List<String> features = json.getList("features.feature");
        assertEquals(serving.featureBins().stream().map(Drift.FeatureBins::feature).toList(), features);
        List<Double> psi = json.getList("features.psi", Double.class);
        List<Boolean> flagged = json.getList("features.flagged", Boolean.class);
        for (int i = 0; i < psi.size(); i++) {
            assertTrue(psi.get(i) >= 0, features.get(i));
            assertEquals(psi.get(i) > 0.2, flagged.get(i), features.get(i));
        }
        // The served forest's training snapshot is H days before the data's end: the customers have aged by H, so
        // the days since the last order move (tenure too), while a country indicator hardly does.
        assertTrue(psi.get(features.indexOf("recency_days")) > psi.get(features.indexOf(features.stream()
                .filter(f -> f.startsWith("country=")).findFirst().orElseThrow())));
        given().get("/api/churn/models/987654/drift").then().statusCode(404);
        given().get("/churn/history").then().statusCode(200).body(containsString("id=\"versions\""))
                .body(containsString("id=\"chart-versions\"")).body(containsString("id=\"psi\""))
                .body(containsString("recency_days"));
        given().get("/churn").then().statusCode(200).body(containsString("href=\"/churn/history\""));
    }

    @Test
    void theCatchUpRetrainsOnceTheShopHasGrownByTheShare() {
        long dataset = shop(13);
        churn.catchUp();
        assertFalse(churn.isTraining(), "trained on this frame: nothing to catch up");
        ModelCard before = churn.servingModel().orElseThrow();
        long orders = frames.current().orElseThrow().orderCount();
        // As if the model had been trained when the shop had a tenth fewer orders (appends since).
        cards().updateOne(Filters.eq("_id", before.version()),
                Updates.set("trainingOrders", (long) Math.floor(orders / (1 + config.retrainAfterNewOrders()))));
        churn.catchUp();
        ModelCard after = awaitModelFor(dataset, before.version());
        assertEquals(orders, after.trainingOrders());
        churn.catchUp();
        assertFalse(churn.isTraining(), "the new model saw every order");
    }

    private static com.mongodb.client.MongoCollection<Document> cards() {
        return DatasetStore.database().getCollection(ModelRepository.COLLECTION);
    }
}

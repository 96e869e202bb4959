package io.shoplens.churn;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import io.shoplens.store.Customer;
import io.shoplens.store.DatasetStore;
import io.shoplens.testing.Api;
import io.shoplens.testing.EmbeddedMongoResource;

@QuarkusTest
@QuarkusTestResource(EmbeddedMongoResource.class)
class ChurnServiceTest {
    static final String SHOP = "{\"customers\": 600, \"products\": 40, \"orders\": 12000, \"seed\": %d, \"days\": 540,"
            + " \"asOf\": \"2025-06-30\"}";

    @Inject
    ChurnService churn;
    @Inject
    io.shoplens.clv.ClvService clv;
    @Inject
    DatasetStore store;

    /** Waits for the background training that follows a dataset change, and returns the serving model. */
    ModelCard awaitModelFor(long datasetVersion) {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (Instant.now().isBefore(deadline)) {
            ModelCard latest = churn.servingModel().orElse(null);
            boolean failedForVersion = churn.lastFailure().map(f -> f.datasetVersion() == datasetVersion)
                    .orElse(false);
            if (!churn.isTraining() && ((latest != null && latest.datasetVersion() == datasetVersion)
                    || failedForVersion)) {
                return latest;
            }
            sleep(100);
        }
        throw new AssertionError("no model for dataset version " + datasetVersion);
    }

    @Test
    void trainsOutOfTimeAndBeatsTheBaseRate() {
        long version = Api.regenerate(String.format(SHOP, 5));
        ModelCard model = awaitModelFor(version);
        assertEquals(version, model.datasetVersion());
        assertEquals("2025-04-02", model.cutoff().toString(), "t0 = end of data − 90 days");
        assertEquals("2025-01-02", model.trainCutoff().toString(), "training cutoff = t0 − 90 days");
        assertTrue(model.metrics().rocAuc() > 0.7, "ROC AUC " + model.metrics().rocAuc());
        assertNotNull(model.oracle(), "simulated data has an oracle");
        assertTrue(model.metrics().rocAuc() <= model.oracle().rocAuc() + 0.05, "no model beats the truth by much");
        assertEquals(model.evalSize(), model.metrics().confusionMatrix().total());
        assertEquals(Customer.count() - customersWithoutOrders(), model.scoredCustomers());
        assertEquals(model.scoredCustomers(), ChurnPrediction.count());

        JsonPath json = given().get("/api/churn/model").then().statusCode(200).extract().jsonPath()
                .using(new JsonPathConfig(JsonPathConfig.NumberReturnType.DOUBLE));
        assertEquals(model.version(), json.getLong("version"));
        assertEquals("2025-04-02", json.getString("cutoff"));
        assertEquals(90, json.getInt("horizonDays"));
        assertEquals(model.metrics().rocAuc(), json.getDouble("metrics.rocAuc"), 1e-9);
        assertEquals(model.metrics().confusionMatrix().tp(), json.getLong("metrics.confusionMatrix.tp"));
        assertEquals(model.baselines().recency().rocAuc(), json.getDouble("baselines.recency.rocAuc"), 1e-9);
        assertEquals(model.baseRate(), json.getDouble("baselines.baseRate"), 1e-9);
        assertEquals(model.oracle().rocAuc(), json.getDouble("oracle.rocAuc"), 1e-9);
        assertEquals(model.metrics().rocAuc() > model.baselines().recency().rocAuc(), json.getBoolean("beatsBaseline"));
        assertEquals(model.metrics().brier(), json.getDouble("calibration.brierBefore"), 1e-9,
                "before calibration is the raw forest");
        assertEquals(model.calibration().brierAfter(), json.getDouble("calibration.brierAfter"), 1e-9);
        assertTrue(model.calibration().brierAfter() <= model.calibration().brierBefore(),
                "what is served is never less calibrated out of time than the raw forest");
        double expectedServed = switch (model.calibration().method()) {
            case Calibrator.NONE -> model.calibration().brierBefore();
            case StackedCalibrator.STACKED -> model.calibration().brierStacked();
            case StackedCalibrator.BG_NBD -> model.calibration().bgNbd().brier();
            default -> model.calibration().brierCalibrated();
        };
        assertEquals(expectedServed, model.calibration().brierAfter(), 1e-12,
                "served: the candidate with the lowest cross-fitted Brier score");
        assertTrue(model.calibration().brierAfter() <= model.calibration().bgNbd().brier(),
                "what is served is at least as well calibrated as BG/NBD on the same customers");
        assertEquals(List.of(StackedCalibrator.STACKED, StackedCalibrator.BG_NBD).contains(
                model.calibration().method()), model.stacked() != null,
                "the stacked map (BG/NBD's weight alone for bgnbd) is on the card when it is served");
        assertEquals(model.evalSize(), json.getInt("calibration.rows"));
        assertTrue(json.getList("calibration.reliability").size() > 1);
        assertTrue(json.getDouble("calibration.bgNbd.brier") > 0 && json.getDouble("calibration.bgNbd.brier") < 0.25,
                "BG/NBD's P(no order in H) scored on the same customers");
        assertEquals(model.oracle().historyCeiling().rocAuc(), json.getDouble("oracle.historyCeiling.rocAuc"), 1e-9);
        assertTrue(json.getDouble("oracle.historyCeiling.rocAuc") <= json.getDouble("oracle.rocAuc"),
                "the ceiling of the history is below the truth");
        assertTrue(json.getDouble("oracle.historyCeiling.brier") > 0);
        assertEquals("recency_days", json.getList("featureImportance.feature").stream()
                .filter(f -> f.equals("recency_days")).findFirst().orElse(null));

        List<Double> probabilities = given().queryParam("limit", 5).queryParam("minProbability", 0.2)
                .get("/api/churn/predictions").then().statusCode(200).extract().jsonPath().getList("probability",
                        Double.class);
        assertTrue(probabilities.size() <= 5);
        for (int i = 1; i < probabilities.size(); i++) {
            assertTrue(probabilities.get(i - 1) >= probabilities.get(i), "sorted by probability");
        }
        probabilities.forEach(p -> assertTrue(p >= 0.2));
        given().queryParam("limit", 0).get("/api/churn/predictions").then().statusCode(400)
                .body("errors[0].field", equalTo("limit"));
        given().queryParam("minProbability", "high").get("/api/churn/predictions").then().statusCode(400)
                .body("errors[0].field", equalTo("minProbability"));
        String page = given().get("/churn").then().statusCode(200).extract().asString();
        assertEquals(model.oracle().historyCeiling().passedByChance(), page.contains("above it by chance on these "),
                "a share above the ceiling is explained, and only then");
        java.util.regex.Matcher reliability = java.util.regex.Pattern.compile(
                "id=\"chart-reliability\" data-chart=\"([^\"]*)\"").matcher(page);
        assertTrue(reliability.find(), "the reliability chart");
        List<String> served = java.util.regex.Pattern.compile("[A-Za-z/ ,]+ \\(served\\)")
                .matcher(reliability.group(1)).results().map(java.util.regex.MatchResult::group).toList();
        assertEquals(List.of(switch (model.calibration().method()) {
            case StackedCalibrator.STACKED -> "Random forest stacked with BG/NBD (served)";
            case StackedCalibrator.BG_NBD -> "BG/NBD (served)";
            case Calibrator.NONE -> "Random forest (served)";
            default -> "Random forest, calibrated (served)";
        }), served, "one curve is named the served one, and it is the one served");
        given().get("/churn").then().statusCode(200).body(containsString("id=\"metrics\""))
                .body(containsString("Oracle")).body(containsString("no order for more than 4 days"))
                .body(containsString(switch (model.calibration().method()) {
                    case StackedCalibrator.STACKED -> "Served: the forest stacked with BG/NBD";
                    case StackedCalibrator.BG_NBD -> "Served: BG/NBD's probabilities";
                    default -> "Brier score on the evaluation snapshot";
                }));
    }

    @Test
    void theWinBackListFiltersByRecency() {
        long version = Api.regenerate(String.format(SHOP, 5));
        awaitModelFor(version);
        List<Float> all = given().queryParam("limit", 1000).queryParam("maxDaysSinceLastOrder", "all")
                .get("/api/churn/predictions").then().statusCode(200).extract().jsonPath().getList("recencyDays");
        assertTrue(all.stream().anyMatch(d -> d > 180), "some customers have been silent for more than 180 days");
        List<Float> recent = given().queryParam("limit", 1000).queryParam("maxDaysSinceLastOrder", 30)
                .get("/api/churn/predictions").then().statusCode(200).extract().jsonPath().getList("recencyDays");
        assertFalse(recent.isEmpty());
        recent.forEach(d -> assertTrue(d <= 30, "days since last order " + d));
        assertEquals(all.stream().filter(d -> d <= 30).count(), recent.size(), "every customer within 30 days");
        List<Float> byDefault = given().queryParam("limit", 1000).get("/api/churn/predictions").then()
                .statusCode(200).extract().jsonPath().getList("recencyDays");
        assertEquals(all.stream().filter(d -> d <= 180).count(), byDefault.size(), "the default: within 180 days");
        given().queryParam("sort", "risk").queryParam("limit", 3).get("/api/churn/predictions").then()
                .statusCode(200);

        for (String bad : List.of("soon", "0", "-5", "36501", "1.5", "99999999999")) {
            given().queryParam("maxDaysSinceLastOrder", bad).get("/api/churn/predictions").then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors.field", org.hamcrest.Matchers.hasItem("maxDaysSinceLastOrder"));
        }
        given().queryParam("sort", "value").queryParam("maxDaysSinceLastOrder", "x").queryParam("limit", 0)
                .get("/api/churn/predictions").then().statusCode(400)
                .body("errors.field", org.hamcrest.Matchers.containsInAnyOrder("limit", "maxDaysSinceLastOrder",
                        "sort"))
                .body("errors.find { it.field == 'sort' }.message", containsString("risk"));

        given().get("/churn").then().statusCode(200).body(containsString("name=\"maxDaysSinceLastOrder\""))
                .body(containsString("<option value=\"180\" selected>"));
        given().queryParam("maxDaysSinceLastOrder", "all").get("/churn").then().statusCode(200)
                .body(containsString("<option value=\"all\" selected>"));
        given().queryParam("maxDaysSinceLastOrder", "never").get("/churn").then().statusCode(200)
                .body(containsString("id=\"win-back-error\""));
    }

    /**
     * Revenue at risk is the calibrated churn probability times the customer's 12-month lifetime value of the very
     * dataset the model scored; sort=revenue ranks by it, and the page does by default.
     */
    @Test
    void revenueAtRiskIsTheProbabilityTimesTheLifetimeValue() {
        long version = Api.regenerate(String.format(SHOP, 5));
        awaitModelFor(version);
        JsonPath all = given().queryParam("limit", 1000).queryParam("maxDaysSinceLastOrder", "all")
                .get("/api/churn/predictions").then().statusCode(200).extract().jsonPath()
                .using(new JsonPathConfig(JsonPathConfig.NumberReturnType.BIG_DECIMAL));
        List<String> ids = all.getList("customerId");
        assertTrue(ids.size() > 400, "every customer with an order is scored: " + ids.size());
        for (int i = 0; i < ids.size(); i++) {
            java.math.BigDecimal value = clv.customer(ids.get(i)).orElseThrow().clv12m();
            assertEquals(value, all.getObject("[" + i + "].clv12m", java.math.BigDecimal.class), ids.get(i));
            double probability = all.getDouble("[" + i + "].probability");
            assertEquals(java.math.BigDecimal.valueOf(probability * value.doubleValue())
                    .setScale(2, java.math.RoundingMode.HALF_UP),
                    all.getObject("[" + i + "].revenueAtRisk", java.math.BigDecimal.class), ids.get(i));
        }
        List<Float> atRisk = given().queryParam("limit", 1000).queryParam("maxDaysSinceLastOrder", "all")
                .queryParam("sort", "revenue").get("/api/churn/predictions").then().statusCode(200).extract()
                .jsonPath().getList("revenueAtRisk");
        assertEquals(ids.size(), atRisk.size());
        for (int i = 1; i < atRisk.size(); i++) {
            assertTrue(atRisk.get(i - 1) >= atRisk.get(i), "highest revenue at risk first");
        }
        String top = given().queryParam("limit", 1).queryParam("sort", "revenue").get("/api/churn/predictions")
                .then().statusCode(200).extract().jsonPath().getString("[0].customerId");
        given().get("/churn").then().statusCode(200)
                .body(containsString("<option value=\"revenue\" selected>"))
                .body(containsString("Highest revenue at risk first"))
                .body(containsString(top));
        given().queryParam("sort", "nonsense").get("/churn").then().statusCode(200)
                .body(containsString("id=\"win-back-error\""));
    }

    @Test
    void sameSeedSameMetrics() {
        long version = Api.regenerate(String.format(SHOP, 9));
        ModelCard first = awaitModelFor(version);
        ModelCard second = churn.trainNow();
        assertEquals(first.metrics(), second.metrics());
        assertEquals(first.featureImportance(), second.featureImportance());
        assertEquals(second.version(), churn.servingModel().orElseThrow().version());
    }

    @Test
    void aFailedTrainingLeavesThePreviousModelServing() {
        long version = Api.regenerate(String.format(SHOP, 11));
        ModelCard serving = awaitModelFor(version);
        long shortVersion = Api.regenerate("{\"customers\": 10, \"products\": 5, \"orders\": 60, \"seed\": 2,"
                + " \"days\": 20, \"asOf\": \"2025-06-30\"}");
        awaitModelFor(shortVersion);
        ModelCard failure = churn.lastFailure().orElseThrow();
        assertEquals(ModelCard.FAILED, failure.status());
        assertTrue(failure.error().contains("Not enough history"), failure.error());
        assertEquals(serving.version(), churn.servingModel().orElseThrow().version());
        given().get("/api/churn/model").then().statusCode(200).body("version", equalTo((int) serving.version()));
        given().get("/churn").then().statusCode(200).body(containsString("id=\"training-failure\""))
                .body(containsString("was trained on dataset version " + version + ", not on the data analysed now"))
                .body(not(containsString("keeps serving"))).body(containsString("id=\"other-dataset\""))
                .body(not(containsString("/customers/C")));
        String page = given().get("/churn").then().extract().asString();
        assertEquals(1, page.split("not on the data analysed now", -1).length - 1, "said once, in the failure's box");
        // Both shops have a customer C000001, a different person in each: the old model's probability is not theirs.
        given().get("/api/churn/predictions").then().statusCode(200).body("size()", equalTo(0));
        given().get("/api/customers/C000001").then().statusCode(200).body("churn", nullValue());
        assertTrue(serving.scoredCustomers() > 0);
    }

    @Test
    void onlyOneTrainingRunsAtATime() {
        long version = Api.regenerate(String.format(SHOP, 13));
        awaitModelFor(version);
        assertTrue(churn.requestRetraining("test").started());
        ChurnService.Retraining again = churn.requestRetraining("test again");
        assertFalse(again.started(), "the second request is skipped while the first runs");
        assertTrue(again.message().contains("already running in this instance"), again.message());
        assertTrue(churn.isTraining());
        awaitModelFor(version);
        // A script's POST without a form body; a form-shaped one would need the CSRF token.
        Api.admin().contentType("application/json").post("/api/churn/retrain").then().statusCode(202)
                .body("training", equalTo(true))
                .body("started", notNullValue());
        given().contentType("application/json").post("/api/churn/retrain").then().statusCode(401);
        awaitModelFor(version);
    }

    @Test
    void aStoredModelLoadsBackAndPredictsTheSame() {
        long version = Api.regenerate(String.format(SHOP, 5));
        ModelCard card = awaitModelFor(version);
        assertNotNull(card.stacked(), "this shop serves BG/NBD, stacked or alone, which the reload must fit again");
        var model = Forest.deserialize(churnModels().loadModel(card.modelFile()));
        assertEquals(card.modelBytes(), Forest.serialize(model).length);
        ChurnTrainer.Snapshots snapshots = ChurnTrainer.snapshots(frames.current().orElseThrow(), card.horizonDays());
        double[] reloaded = ChurnScorer.served(Forest.predict(model, snapshots.featureNames(),
                snapshots.scoring().features()), snapshots.scoring(), card.horizonDays(), card.calibrator(),
                card.stacked());
        assertEquals(card.scoredCustomers(), reloaded.length);
        for (int i = 0; i < reloaded.length; i++) {
            String id = snapshots.scoring().customers().get(i).customerId();
            assertEquals(churn.prediction(id).orElseThrow().probability, reloaded[i], 1e-12,
                    "the stored model predicts what was served for " + id);
        }
    }

    @Test
    void theCatchUpTrainsADatasetOnWhichNoTrainingIsRecorded() {
        long version = Api.regenerate(String.format(SHOP, 7));
        ModelCard before = awaitModelFor(version);
        churn.catchUp();
        assertFalse(churn.isTraining(), "an attempt on the current dataset is recorded: nothing to catch up");
        // As after a first training cut off by an outage: a dataset, and no card at all.
        io.shoplens.store.Order.mongoDatabase().getCollection(ModelRepository.COLLECTION).drop();
        churn.catchUp();
        ModelCard caughtUp = awaitModelFor(version);
        assertEquals(version, caughtUp.datasetVersion());
        assertTrue(caughtUp.trainedAt().isAfter(before.trainedAt()));
    }

    @Inject
    ModelRepository repository;
    @Inject
    io.shoplens.frame.Frames frames;

    ModelRepository churnModels() {
        return repository;
    }

    static long customersWithoutOrders() {
        return Customer.<Customer>listAll().stream()
                .filter(c -> io.shoplens.store.Order.count("customerId", c.id) == 0).count();
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

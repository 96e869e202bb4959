package io.shoplens.churn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.shoplens.lifetimes.BgNbd;

/** Cards stored by an earlier version still read back. */
class ModelCardTest {
    final ObjectMapper mapper = new ObjectMapper().findAndRegisterModules();

    @Test
    void aShareAboveTheHistoryCeilingIsSaidOnlyWhereThePageShowsMoreThan100Percent() throws Exception {
        assertEquals(true, new ModelCard.HistoryCeiling(0.90, 0.1, 1.012).passedByChance(), "101.2% as seen on classic");
        assertEquals(false, new ModelCard.HistoryCeiling(0.90, 0.1, 1.0004).passedByChance(), "shown as 100.0%");
        assertEquals(false, new ModelCard.HistoryCeiling(0.90, 0.1, 0.938).passedByChance());
        assertEquals(false, mapper.writeValueAsString(new ModelCard.HistoryCeiling(0.90, 0.1, 1.012))
                .contains("passedByChance"), "a judgement of the page, not stored with the card");
    }

    @Test
    void aCardStoredBeforeBeatsBaselineGetsItFromItsMetrics() throws Exception {
        ModelCard losing = mapper.readValue("{\"version\": 1, \"status\": \"serving\", \"metrics\": {\"rocAuc\": 0.83},"
                + " \"baselines\": {\"recency\": {\"rocAuc\": 0.9}}}", ModelCard.class);
        assertEquals(false, losing.beatsBaseline());
        assertNull(losing.calibration(), "no calibration: the page leaves its panel out");
        ModelCard winning = mapper.readValue("{\"version\": 2, \"metrics\": {\"rocAuc\": 0.91},"
                + " \"baselines\": {\"recency\": {\"rocAuc\": 0.89}}}", ModelCard.class);
        assertEquals(true, winning.beatsBaseline());
        assertNull(mapper.readValue("{\"version\": 3, \"status\": \"failed\"}", ModelCard.class).beatsBaseline());
    }

    @Test
    void aCardStoredBeforeStackingReadsWithoutIt() throws Exception {
        ModelCard old = mapper.readValue("{\"version\": 4, \"calibration\": {\"method\": \"platt\", \"rows\": 78,"
                + " \"brierBefore\": 0.12, \"brierAfter\": 0.11, \"brierCalibrated\": 0.11},"
                + " \"calibrator\": {\"method\": \"platt\", \"slope\": 0.9, \"intercept\": 0.1}}", ModelCard.class);
        assertNull(old.calibration().brierStacked(), "no stacked candidate was scored");
        assertNull(old.stacked(), "served by its calibrator");
        assertEquals(0.9, old.calibrator().slope());
    }

    @Test
    void aCardStoredBeforeTheHistoryReadsWithItsScoringDateDerived() throws Exception {
        ModelCard old = mapper.readValue("{\"version\": 6, \"status\": \"retired\", \"cutoff\": \"2025-04-02\","
                + " \"horizonDays\": 90}", ModelCard.class);
        assertEquals(java.time.Instant.parse("2025-07-01T00:00:00Z"), old.dataEnd(), "t0 + H: the end trained on");
        assertNull(old.trainingOrders(), "unknown: the retraining after new orders leaves it alone");
        assertEquals(List.of(), old.featureBins(), "no bins: no drift for it");
    }

    @Test
    void theHistoryFieldsReadBack() throws Exception {
        List<Drift.FeatureBins> bins = List.of(new Drift.FeatureBins("frequency", List.of(1.0, 3.0),
                List.of(0.5, 0.3, 0.2)));
        java.time.Instant end = java.time.Instant.parse("2025-07-01T00:00:00Z");
        ModelCard read = mapper.readValue(mapper.writeValueAsString(new ModelCard(7, 1, ModelCard.SERVING, null, 0,
                null, null, 90, null, 0, 0, 0, 0, null, null, null, List.of(), null, null, 0, null, 0, null, null,
                null, Calibrator.none(), null, end, 12_000L, bins)), ModelCard.class);
        assertEquals(end, read.dataEnd());
        assertEquals(12_000L, read.trainingOrders());
        assertEquals(bins, read.featureBins());
    }

    @Test
    void aStackedMapAndItsBgNbdParametersReadBack() throws Exception {
        StackedCalibrator stacked = new StackedCalibrator(0.7, 0.4, -0.2, new BgNbd.Params(0.8, 40, 0.3, 2.5));
        String json = mapper.writeValueAsString(new ModelCard(5, 1, ModelCard.SERVING, null, 0, null, null, 90, null,
                0, 0, 0, 0, null, null, null, List.of(), null, null, 0, null, 0, null, null, null, Calibrator.none(),
                stacked, null, null, null));
        ModelCard read = mapper.readValue(json, ModelCard.class);
        assertEquals(stacked, read.stacked());
        assertEquals(stacked.apply(0.3, 0.6), read.stacked().apply(0.3, 0.6));
    }
}

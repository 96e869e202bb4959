package io.shoplens.churn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

/** Cards stored by an earlier version still read back. */
class ModelCardTest {
    final ObjectMapper mapper = new ObjectMapper().findAndRegisterModules();

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
}

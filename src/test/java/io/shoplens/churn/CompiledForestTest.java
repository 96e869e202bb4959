package io.shoplens.churn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.tribuo.Model;
import org.tribuo.classification.Label;

import io.shoplens.simulate.SimulationSettings;
import io.shoplens.testing.SimulatedShop;

/** The compiled forest gives every row the probability Tribuo's own prediction gives it. */
class CompiledForestTest {
    @Test
    void probabilitiesEqualTribuosOnEverySnapshot() {
        LocalDate asOf = LocalDate.of(2025, 6, 30);
        Instant end = asOf.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        SimulatedShop shop = SimulatedShop.of(new SimulationSettings(null, 1500, 40, 30_000, 3, 540, asOf,
                SimulationSettings.DEFAULT_MIX));
        ChurnTrainer.Snapshots snapshots = ChurnTrainer.snapshots(shop.frame(1, end), 90);
        ChurnConfig.Forest settings = ChurnQuality.config().forest();
        Model<Label> forest = Forest.train(snapshots.featureNames(), snapshots.train(), settings);
        CompiledForest compiled = CompiledForest.of(forest, snapshots.featureNames());
        for (Snapshot s : new Snapshot[] { snapshots.train(), snapshots.evaluation(), snapshots.scoring() }) {
            double[] tribuo = Forest.predict(forest, snapshots.featureNames(), s.features());
            double[] ours = compiled.predict(s.features());
            for (int i = 0; i < tribuo.length; i++) {
                assertEquals(tribuo[i], ours[i], 1e-12, "row " + i + " of the snapshot at " + s.cutoff());
            }
        }
    }
}

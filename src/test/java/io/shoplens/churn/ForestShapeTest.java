package io.shoplens.churn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The small-data rule: tree depth log2(rows / min leaf rows), between 2 and the configured depth. */
class ForestShapeTest {
    final ChurnConfig.Forest settings = new TestForest(6);

    @Test
    void fewRowsGrowShallowTrees() {
        // At most depth 6, 10 rows a leaf, feature fraction 0.5.
        assertEquals(new Forest.Shape(2, 20, 0.5f), Forest.Shape.of(60, settings), "60 / 10 = 6 leaves: depth 2");
        assertEquals(2, Forest.Shape.of(10, settings).maxDepth(), "never below 2");
        assertEquals(2, Forest.Shape.of(0, settings).maxDepth());
        assertEquals(3, Forest.Shape.of(80, settings).maxDepth(), "8 leaves");
        assertEquals(5, Forest.Shape.of(639, settings).maxDepth(), "63 leaves");
        assertEquals(6, Forest.Shape.of(640, settings).maxDepth(), "64 leaves");
        assertEquals(6, Forest.Shape.of(20_000, settings).maxDepth(), "never above the configured depth");
    }
}

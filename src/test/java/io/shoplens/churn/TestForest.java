package io.shoplens.churn;

/** Forest settings for tests: five trees of at most {@code maxDepth}, the configured rest. */
record TestForest(int maxDepth) implements ChurnConfig.Forest {
    public int trees() {
        return 5;
    }

    public float featureFraction() {
        return 0.5f;
    }

    public int minLeafRows() {
        return 10;
    }

    public long seed() {
        return 1;
    }

    public int maxTrainingRows() {
        return 0;
    }
}

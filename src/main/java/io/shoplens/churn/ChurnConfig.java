package io.shoplens.churn;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Churn labelling, model and retraining settings. */
@ConfigMapping(prefix = "shoplens.churn")
public interface ChurnConfig {

    /**
     * Horizon H in days: a customer has churned at a cutoff when they place no order in the H days after it. 90 days
     * is longer than a regular customer's usual gap in the simulated shop (weeks) yet short enough to act on.
     */
    @WithDefault("90")
    int horizonDays();

    /** The seed's rule of thumb, shown beside the model: "no order for more than this many days". */
    @WithDefault("4")
    int ruleDays();

    /** Probability at or above which a customer is flagged as churning in the confusion matrix. */
    @WithDefault("0.5")
    double threshold();

    /**
     * Calibration rows from which the forest's probabilities are calibrated by isotonic regression; below, by Platt
     * scaling, whose two parameters overfit a small snapshot less (isotonic needs about a thousand rows).
     */
    @WithDefault("1000")
    int isotonicFromRows();

    /**
     * Default of the "who to win back" list: customers whose last order is at most this many days old. Twice the
     * default horizon: silent for longer, a customer is most likely gone already (the classic preset's riskiest were
     * all one-order customers silent for more than a year), and a win-back offer reaches few of them.
     */
    @WithDefault("180")
    int winBackDays();

    /** When the scheduled retraining runs (Quartz-style cron); "off" disables it. */
    @WithDefault("0 0 3 * * ?")
    String retrainCron();

    /** Whether a dataset change (and the first start without a model) triggers a retraining. */
    @WithDefault("true")
    boolean retrainOnDatasetChange();

    /**
     * How often each replica checks that the last training attempt was on the current dataset, and trains if not
     * (a change skipped during another training, or a training cut off by a database outage).
     */
    @WithDefault("30s")
    String catchUpEvery();

    /**
     * How long a replica's training lease lasts unless renewed; the training replica renews it every quarter of this
     * while it trains, so a crashed trainer blocks the others at most this long.
     */
    @WithDefault("PT1M")
    java.time.Duration leaseTtl();

    /**
     * Model versions kept in {@code churn_models} with their forest file and realized-outcome sample; older ones are
     * pruned after each training. The serving model is never pruned, however old.
     */
    @WithDefault("50")
    int keepModels();

    /**
     * Retrain when the current frame holds at least this share more sales orders than the frame the last training
     * attempt on this dataset version saw (appends: a live shop grows without a new dataset version); checked by the
     * catch-up schedule. 0 turns it off.
     */
    @WithDefault("0.1")
    double retrainAfterNewOrders();

    /**
     * Scored customers kept per model version (a seeded random sample, in {@code churn_samples}) to score its
     * predictions against what happened once the data has moved H days past its scoring date.
     */
    @WithDefault("2000")
    int realizedSample();

    Forest forest();

    /** Random forest settings; the seed makes training reproducible. */
    interface Forest {
        @WithDefault("100")
        int trees();

        /**
         * Deepest a tree may grow. Depth 6 beat 10 and 16 out of time on the medium preset (deeper trees overfit);
         * small training sets get shallower trees (see {@link #minLeafRows()}).
         */
        @WithDefault("6")
        int maxDepth();

        /** Share of features considered at each split; must be below 1. */
        @WithDefault("0.5")
        float featureFraction();

        /**
         * Rows a leaf should hold on average: a forest fitted on n rows gets trees of depth log2(n / this), between 2
         * and {@link #maxDepth()}, and nodes of fewer than twice this many rows are not split. 10 makes the classic
         * preset's 60 training rows grow depth-2 trees and leaves the medium preset's thousands at depth 6.
         */
        @WithDefault("10")
        int minLeafRows();

        @WithDefault("12345")
        long seed();

        /**
         * Rows a forest is fitted on at most: a larger snapshot is sampled down to this many customers (seeded), which
         * bounds the training time at large sizes; 0 fits on every row.
         */
        @WithDefault("20000")
        int maxTrainingRows();
    }
}

package io.shoplens.churn;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import org.tribuo.Model;
import org.tribuo.classification.Label;

import io.shoplens.frame.Behaviours;
import io.shoplens.frame.CustomerBehaviour;
import io.shoplens.frame.OrderFrame;

/**
 * Turns one frame into the three snapshots of the out-of-time protocol and fits the two forests: the evaluated one
 * on the snapshot at t0 − H (labels end at t0), the served one on the latest labelled snapshot at t0 (labels end at
 * the data's end). Features only ever see orders before their cutoff.
 */
final class ChurnTrainer {
    private ChurnTrainer() {
    }

    /**
     * @param train features before t0 − H, labels from [t0 − H, t0)
     * @param evaluation features before t0, labels from [t0, end)
     * @param scoring features before the end, unlabelled: today's customers
     */
    record Snapshots(int horizon, List<String> featureNames, Snapshot train, Snapshot evaluation,
            Snapshot scoring) {
    }

    /** Both forests, the served one fitted beside the evaluated one on {@code helper}. */
    record Forests(Model<Label> evaluated, Model<Label> serving) {
    }

    static Snapshots snapshots(OrderFrame frame, int horizon) {
        Instant end = frame.end();
        Instant t0 = Snapshot.minus(end, horizon);
        Instant trainCutoff = Snapshot.minus(t0, horizon);
        List<List<CustomerBehaviour>> histories = Behaviours.before(frame, List.of(trainCutoff, t0, end));
        List<CustomerBehaviour> atTrainCutoff = histories.get(0);
        List<CustomerBehaviour> atT0 = histories.get(1);
        List<CustomerBehaviour> now = histories.get(2);
        List<String> countries = Snapshot.countries(atT0);
        Snapshots snapshots = new Snapshots(horizon, Snapshot.featureNames(countries),
                Snapshot.of(trainCutoff, atTrainCutoff, countries, orderingSince(atT0, trainCutoff)),
                Snapshot.of(t0, atT0, countries, orderingSince(now, t0)),
                Snapshot.of(end, now, countries, null));
        requireUsable(snapshots.train(), "training", horizon);
        requireUsable(snapshots.evaluation(), "evaluation", horizon);
        return snapshots;
    }

    static Forests fit(Snapshots snapshots, ChurnConfig.Forest settings, Executor helper) {
        CompletableFuture<Model<Label>> serving = CompletableFuture.supplyAsync(
                () -> fit(snapshots.featureNames(), snapshots.evaluation(), settings), helper);
        Model<Label> evaluated = fit(snapshots.featureNames(), snapshots.train(), settings);
        return new Forests(evaluated, serving.join());
    }

    /** One forest on the snapshot, sampled down to {@code maxTrainingRows} customers when it has more. */
    static Model<Label> fit(List<String> featureNames, Snapshot snapshot, ChurnConfig.Forest settings) {
        return Forest.train(featureNames, rows(snapshot, settings), settings);
    }

    /** The tree settings a forest fitted on this snapshot gets (the small-data rule on its training rows). */
    static Forest.Shape shape(Snapshot snapshot, ChurnConfig.Forest settings) {
        int cap = settings.maxTrainingRows();
        return Forest.Shape.of(cap > 0 ? Math.min(cap, snapshot.size()) : snapshot.size(), settings);
    }

    private static Snapshot rows(Snapshot snapshot, ChurnConfig.Forest settings) {
        int cap = settings.maxTrainingRows();
        return cap > 0 && snapshot.size() > cap ? snapshot.sample(cap, settings.seed()) : snapshot;
    }

    /**
     * The horizon H: the configured one, shortened for short histories (an imported file of a few months) to a
     * quarter of the data's span, so that both snapshots and their horizons fit; never below a week.
     */
    static int horizon(OrderFrame frame, int configured) {
        if (frame.orderCount() == 0) {
            return configured;
        }
        long span = Duration.ofMillis(frame.date(frame.orderCount() - 1) - frame.date(0)).toDays();
        return (int) Math.min(configured, Math.max(7, span / 4));
    }

    /**
     * Customers who ordered in [since, later cutoff), read from the behaviour at the later cutoff: their last order
     * before it is on or after {@code since}.
     */
    static Set<String> orderingSince(List<CustomerBehaviour> atLaterCutoff, Instant since) {
        Set<String> ids = new HashSet<>();
        for (CustomerBehaviour c : atLaterCutoff) {
            if (!c.lastOrder().isBefore(since)) {
                ids.add(c.customerId());
            }
        }
        return ids;
    }

    /** The data cannot train a model (too short, or one-sided): expected of small imports, not a fault. */
    static final class NotEnoughHistory extends IllegalStateException {
        NotEnoughHistory(String message) {
            super(message);
        }
    }

    private static void requireUsable(Snapshot snapshot, String which, int horizon) {
        long churned = Metrics.count(snapshot.churned());
        if (snapshot.size() < 20 || churned == 0 || churned == snapshot.size()) {
            throw new NotEnoughHistory("Not enough history for the " + which + " snapshot at "
                    + ChurnEvaluation.date(snapshot.cutoff()) + ": " + snapshot.size() + " customers, " + churned
                    + " churned. The data must span more than twice the horizon (" + horizon + " days) with"
                    + " customers on both sides; lower shoplens.churn.horizon-days or use a longer dataset.");
        }
    }
}

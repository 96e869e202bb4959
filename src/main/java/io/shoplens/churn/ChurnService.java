package io.shoplens.churn;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.HashSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.ToDoubleFunction;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;

import org.jboss.logging.Logger;
import org.tribuo.Model;
import org.tribuo.classification.Label;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.panache.common.Sort;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import io.shoplens.churn.Metrics.ClassifierMetrics;
import io.shoplens.common.Expiring;
import io.shoplens.common.VersionedCache;
import io.shoplens.store.CollectionSwap;
import io.shoplens.store.Customer;
import io.shoplens.store.CustomerBehaviour;
import io.shoplens.store.CustomerBehaviours;
import io.shoplens.store.CustomerTruth;
import io.shoplens.store.DatasetChanged;
import io.shoplens.store.DatasetInfo;
import io.shoplens.store.DatasetStore;

/**
 * Trains, evaluates and serves the churn model. One training at a time, off the request threads; the serving model
 * and its cached predictions change only when a training succeeds.
 */
@ApplicationScoped
public class ChurnService {
    private static final Logger LOG = Logger.getLogger(ChurnService.class);
    private static final int CURVE_POINTS = 60;
    /** Rows the permutation importance is measured on; enough for a stable ranking, cheap to predict. */
    private static final int IMPORTANCE_SAMPLE = 2000;

    @Inject
    ChurnConfig config;
    @Inject
    DatasetStore store;
    @Inject
    CustomerBehaviours behaviours;
    @Inject
    ModelRepository models;
    @Inject
    Clock clock;
    @Inject
    TrainingLease lease;
    @Inject
    MeterRegistry registry;

    private final AtomicBoolean training = new AtomicBoolean();
    /**
     * The serving and failed cards as read at most a second ago: every page asks, and a model another replica
     * promotes shows here within that second. A promotion by this replica is seen at once.
     */
    private final Expiring<Cards> cards = new Expiring<>(Duration.ofSeconds(1), () -> new Cards(models.serving(),
            models.latest().filter(card -> ModelCard.FAILED.equals(card.status()))));
    private volatile boolean retrainingPending;
    private final VersionedCache<PredictionQuery, List<ChurnPrediction>> topPredictions = new VersionedCache<>(16);
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> daemon(r, "shoplens-churn-training"));
    /** Runs what a training can do at the same time as its main thread: the products pass, the served forest. */
    private final ExecutorService helper = Executors.newSingleThreadExecutor(r -> daemon(r, "shoplens-churn-helper"));

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }

    void onStart(@Observes StartupEvent event) {
        gauge("shoplens.churn.model.roc.auc", "Out-of-time ROC AUC of the serving churn model",
                card -> card.metrics().rocAuc());
        gauge("shoplens.churn.predictions", "Customers scored by the serving churn model",
                card -> card.scoredCustomers());
        retrainIfTheDatasetMovedOn();
    }

    void onDatasetChanging(@Observes DatasetChanged event) {
        retrainingPending = config.retrainOnDatasetChange();
    }

    /**
     * Notified after the segmentation and the KPI precomputation that the same change triggers (a later priority:
     * asynchronous observers are called one after another), so that the training does not share the two cores and
     * the database with them.
     */
    void onDatasetChanged(@ObservesAsync @Priority(Interceptor.Priority.APPLICATION + 1000) DatasetChanged event) {
        if (config.retrainOnDatasetChange()) {
            requestRetraining("dataset version " + event.dataset().version);
        }
        retrainingPending = false;
    }

    /** A dataset change has asked for a training that has not started yet. */
    public boolean isRetrainingPending() {
        return retrainingPending;
    }

    /** Fires in every replica; the lease lets exactly one of them train for each scheduled time. */
    @Scheduled(identity = "churn-retraining", cron = "${shoplens.churn.retrain-cron}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled(ScheduledExecution execution) {
        runScheduled(execution.getScheduledFireTime());
    }

    /**
     * Catches up on a training that a dataset change asked for but that never happened: skipped while another ran, or
     * failed because the database went away before its failure could be recorded.
     */
    @Scheduled(identity = "churn-catch-up", every = "${shoplens.churn.catch-up-every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void catchUp() {
        if (!training.get()) {
            retrainIfTheDatasetMovedOn();
        }
    }

    boolean runScheduled(Instant fireTime) {
        return startTraining("schedule of " + fireTime, fireTime);
    }

    private void gauge(String name, String description, ToDoubleFunction<ModelCard> value) {
        Gauge.builder(name, this, service -> {
            try {
                return service.servingModel().map(value::applyAsDouble).orElse(Double.NaN);
            } catch (RuntimeException databaseDown) {
                return Double.NaN;
            }
        }).description(description).register(registry);
    }

    @PreDestroy
    void stop() {
        worker.shutdownNow();
        helper.shutdownNow();
    }

    /**
     * Starts a training in the background unless one is running here or in another replica; answers whether it
     * started.
     */
    public boolean requestRetraining(String reason) {
        return startTraining(reason, null);
    }

    private boolean startTraining(String reason, Instant scheduledFor) {
        if (!training.compareAndSet(false, true)) {
            LOG.infof("Churn retraining (%s) skipped: a training is running", reason);
            return false;
        }
        boolean leased;
        try {
            leased = lease.acquire(scheduledFor);
        } catch (RuntimeException e) {
            training.set(false);
            LOG.warnf("Churn retraining (%s) skipped: the training lease could not be read: %s", reason,
                    e.getMessage());
            return false;
        }
        if (!leased) {
            training.set(false);
            LOG.infof("Churn retraining (%s) skipped: another replica is training or has trained for it", reason);
            return false;
        }
        worker.execute(() -> {
            Timer.Sample timing = Timer.start(registry);
            String outcome = "failure";
            try {
                trainNow();
                outcome = "success";
            } catch (RuntimeException e) {
                LOG.errorf("Churn training (%s) failed; the previous model keeps serving: %s", reason, e.getMessage());
            } finally {
                timing.stop(Timer.builder("shoplens.churn.training").description("Churn model trainings, by outcome")
                        .tag("outcome", outcome).register(registry));
                releaseLease();
                training.set(false);
            }
            retrainIfTheDatasetMovedOn();
        });
        return true;
    }

    /**
     * Trains when no attempt is recorded on the current dataset: at start-up, after a training (a dataset change that
     * arrived meanwhile, here or in another replica while this one held the lease, was skipped), and on the catch-up
     * schedule (a training cut off by an outage before it could record anything).
     */
    private void retrainIfTheDatasetMovedOn() {
        if (!config.retrainOnDatasetChange()) {
            return;
        }
        try {
            Optional<DatasetInfo> dataset = store.current();
            if (dataset.isEmpty()) {
                return;
            }
            long current = dataset.get().version;
            boolean attempted = models.latest().map(card -> card.datasetVersion() == current).orElse(false);
            if (!attempted) {
                requestRetraining("dataset version " + current + ", on which no training is recorded");
            }
        } catch (RuntimeException e) {
            LOG.warnf("Could not check whether the current dataset has a training: %s", e.getMessage());
        }
    }

    private void releaseLease() {
        try {
            lease.release();
        } catch (RuntimeException e) {
            LOG.warnf("Training lease not released (it expires by itself): %s", e.getMessage());
        }
    }

    public boolean isTraining() {
        return training.get();
    }

    public Optional<ModelCard> servingModel() {
        return cards().serving();
    }

    /** The newest model if it failed after the serving one, so that the page can show why nothing changed. */
    public Optional<ModelCard> lastFailure() {
        return cards().failure();
    }

    private Cards cards() {
        return cards.get();
    }

    private record Cards(Optional<ModelCard> serving, Optional<ModelCard> failure) {
    }

    /**
     * The riskiest customers, cached per serving model: without an index (the embedded server has none) each query
     * sorts every prediction.
     */
    public List<ChurnPrediction> predictions(int limit, double minProbability) {
        long version = servingModel().map(ModelCard::version).orElse(0L);
        return topPredictions.get(version, new PredictionQuery(limit, minProbability), () -> ChurnPrediction.find(
                "probability >= ?1", Sort.descending("probability")
                        .and("revenueAtRisk", Sort.Direction.Descending).and("customerId"), minProbability)
                .page(0, limit).list());
    }

    private record PredictionQuery(int limit, double minProbability) {
    }

    public Optional<ChurnPrediction> prediction(String customerId) {
        return ChurnPrediction.findByIdOptional(customerId);
    }

    /** Trains on the calling thread; a failure is recorded as a failed card and rethrown. */
    ModelCard trainNow() {
        long started = System.nanoTime();
        long version = models.nextVersion();
        DatasetInfo dataset = store.current().orElseThrow(() -> new IllegalStateException("There is no dataset yet"));
        try {
            ModelCard card = train(version, dataset, started);
            models.promote(card);
            cards.clear();
            LOG.infof("Churn model %d serving: ROC AUC %.3f (recency baseline %.3f) in %d ms", card.version(),
                    card.metrics().rocAuc(), card.baselines().recency().rocAuc(), card.trainingMillis());
            return card;
        } catch (RuntimeException e) {
            models.save(failed(version, dataset, started, e));
            cards.clear();
            throw e;
        }
    }

    private ModelCard train(long version, DatasetInfo dataset, long started) {
        int h = horizon(dataset);
        Instant end = dataset.end();
        Instant t0 = Snapshot.minus(end, h);
        Instant trainCutoff = Snapshot.minus(t0, h);
        CompletableFuture<Map<String, int[]>> products = CompletableFuture.supplyAsync(
                () -> behaviours.distinctProductsBefore(List.of(trainCutoff, t0, end)), helper);
        List<List<CustomerBehaviour>> histories = behaviours.before(List.of(trainCutoff, t0, end));
        List<CustomerBehaviour> atTrainCutoff = histories.get(0);
        List<CustomerBehaviour> atT0 = histories.get(1);
        List<CustomerBehaviour> now = histories.get(2);
        List<String> countries = Snapshot.countries(atT0);
        List<String> names = Snapshot.featureNames(countries);
        Snapshot trainSnapshot = Snapshot.of(trainCutoff, atTrainCutoff, products.join(), 0, countries,
                orderingSince(atT0, trainCutoff));
        Snapshot evalSnapshot = Snapshot.of(t0, atT0, products.join(), 1, countries, orderingSince(now, t0));
        requireUsable(trainSnapshot, "training", h);
        requireUsable(evalSnapshot, "evaluation", h);
        long featuresDone = System.nanoTime();

        // The served model learns from the latest labelled snapshot; it does not depend on the evaluation, so it
        // trains beside the evaluated one, on the second core.
        CompletableFuture<Model<Label>> servingModel = CompletableFuture.supplyAsync(
                () -> Forest.train(names, evalSnapshot, config.forest()), helper);
        Model<Label> evaluated = Forest.train(names, trainSnapshot, config.forest());
        long trainingDone = System.nanoTime();
        double[] p = Forest.predict(evaluated, names, evalSnapshot.features());
        boolean[] y = evalSnapshot.churned();
        ClassifierMetrics metrics = Metrics.all(p, y, config.threshold());

        double[] recency = column(evalSnapshot, 0);
        ModelCard.Baseline recencyBaseline = new ModelCard.Baseline(Metrics.rocAuc(recency, y),
                Metrics.prAuc(recency, y), null, Metrics.topDecileLift(recency, y));
        double trainRate = trainSnapshot.baseRate();
        double[] constant = new double[y.length];
        java.util.Arrays.fill(constant, trainRate);
        ModelCard.Baseline baseRateModel = new ModelCard.Baseline(0.5, evalSnapshot.baseRate(),
                Metrics.brier(constant, y), 1.0);

        double[] oracleScores = dataset.simulated() ? oracle(evalSnapshot, h) : null;
        ModelCard.Oracle oracle = oracleScores == null ? null
                : new ModelCard.Oracle(Metrics.rocAuc(oracleScores, y), Metrics.prAuc(oracleScores, y),
                        Metrics.brier(oracleScores, y), metrics.rocAuc() / Metrics.rocAuc(oracleScores, y));

        List<ModelCard.FeatureImportance> importance = Forest.permutationImportance(evaluated, names,
                evalSnapshot.sample(IMPORTANCE_SAMPLE, config.forest().seed()), Snapshot.BASE_FEATURES.size(),
                config.forest().seed());
        long importanceDone = System.nanoTime();

        // The served model scores everyone as of the data's end.
        Model<Label> serving = servingModel.join();
        Snapshot scoring = Snapshot.of(end, now, products.join(), 2, countries, null);
        double[] risk = Forest.predict(serving, names, scoring.features());
        byte[] bytes = Forest.serialize(serving);
        String file = models.saveModel(version, bytes);
        Instant scoredAt = clock.instant();
        long modelFlagged = 0;
        long ruleFlagged = 0;
        long both = 0;
        List<ChurnPrediction> predictions = new ArrayList<>(now.size());
        Map<String, Customer> customers = Customer.allById();
        for (int i = 0; i < now.size(); i++) {
            CustomerBehaviour c = now.get(i);
            predictions.add(prediction(c, risk[i], version, scoredAt, end, h, customers.get(c.customerId())));
            boolean model = risk[i] >= config.threshold();
            boolean rule = c.recencyDays(end) > config.ruleDays();
            modelFlagged += model ? 1 : 0;
            ruleFlagged += rule ? 1 : 0;
            both += model && rule ? 1 : 0;
        }
        CollectionSwap.replace(ChurnPrediction.COLLECTION, ChurnPrediction.class, predictions);
        LOG.infof("Churn training phases: snapshots %d ms, evaluated forest %d ms (the served one beside it),"
                + " evaluation and importance %d ms, scoring %d ms", (featuresDone - started) / 1_000_000,
                (trainingDone - featuresDone) / 1_000_000, (importanceDone - trainingDone) / 1_000_000,
                (System.nanoTime() - importanceDone) / 1_000_000);

        boolean[] ruleAtT0 = new boolean[y.length];
        double[] ruleScores = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            ruleAtT0[i] = recency[i] > config.ruleDays();
            ruleScores[i] = ruleAtT0[i] ? 1 : 0;
        }
        Metrics.ConfusionMatrix ruleMatrix = Metrics.confusion(ruleScores, y, 0.5);
        ModelCard.RuleOfThumb rule = new ModelCard.RuleOfThumb(config.ruleDays(), ruleMatrix, ruleMatrix.precision(),
                ruleMatrix.recall(), ruleFlagged, modelFlagged, both, now.size());

        ModelCard.Curves curves = new ModelCard.Curves(Metrics.rocCurve(p, y, CURVE_POINTS),
                Metrics.rocCurve(recency, y, CURVE_POINTS),
                oracleScores == null ? List.of() : Metrics.rocCurve(oracleScores, y, CURVE_POINTS),
                Metrics.prCurve(p, y, CURVE_POINTS), Metrics.reliability(p, y, 10));
        ChurnConfig.Forest f = config.forest();
        return new ModelCard(version, dataset.version, ModelCard.SERVING, clock.instant(), millisSince(started),
                date(t0), date(trainCutoff), h,
                new ModelCard.Settings(f.trees(), f.maxDepth(), f.featureFraction(), f.seed(), config.threshold()),
                trainSnapshot.size(), evalSnapshot.size(), trainRate, evalSnapshot.baseRate(), metrics,
                new ModelCard.Baselines(recencyBaseline, evalSnapshot.baseRate(), baseRateModel), oracle, importance,
                curves, rule, predictions.size(), file, bytes.length, null);
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

    private static void requireUsable(Snapshot snapshot, String which, int horizon) {
        long churned = Metrics.count(snapshot.churned());
        if (snapshot.size() < 20 || churned == 0 || churned == snapshot.size()) {
            throw new IllegalStateException("Not enough history for the " + which + " snapshot at "
                    + date(snapshot.cutoff()) + ": " + snapshot.size() + " customers, " + churned + " churned. The"
                    + " data must span more than twice the horizon (" + horizon + " days) with customers on both sides;"
                    + " lower shoplens.churn.horizon-days or use a longer dataset.");
        }
    }

    /**
     * The simulator's truth as a score: a customer already dropped out at the cutoff surely churns; one still alive
     * places no order in H days with probability exp(−rate × H).
     */
    private static double[] oracle(Snapshot snapshot, int horizon) {
        Map<String, CustomerTruth> truth = new HashMap<>();
        for (CustomerTruth t : CustomerTruth.<CustomerTruth>listAll()) {
            truth.put(t.id, t);
        }
        double[] scores = new double[snapshot.size()];
        for (int i = 0; i < scores.length; i++) {
            CustomerTruth t = truth.get(snapshot.customers().get(i).customerId());
            if (t == null) {
                scores[i] = 0.5;
            } else if (t.dropoutDate != null && t.dropoutDate.isBefore(snapshot.cutoff())) {
                scores[i] = 1.0;
            } else {
                scores[i] = Math.exp(-t.purchaseRatePerDay * horizon);
            }
        }
        return scores;
    }

    private static ChurnPrediction prediction(CustomerBehaviour c, double probability, long version,
            Instant scoredAt, Instant end, int horizon, Customer customer) {
        ChurnPrediction p = new ChurnPrediction();
        p.customerId = c.customerId();
        p.probability = probability;
        p.modelVersion = version;
        p.scoredAt = scoredAt;
        p.name = customer == null ? c.customerId() : customer.displayName();
        p.country = c.country();
        p.orders = c.orders();
        p.revenue = c.revenue();
        p.recencyDays = c.recencyDays(end);
        double dailySpend = c.revenue().doubleValue() / Math.max(c.tenureDays(end), 1.0);
        p.revenueAtRisk = BigDecimal.valueOf(probability * dailySpend * horizon)
                .setScale(2, RoundingMode.HALF_UP);
        return p;
    }

    private ModelCard failed(long version, DatasetInfo dataset, long started, RuntimeException e) {
        ChurnConfig.Forest f = config.forest();
        return new ModelCard(version, dataset.version, ModelCard.FAILED, clock.instant(), millisSince(started), null,
                null, horizon(dataset),
                new ModelCard.Settings(f.trees(), f.maxDepth(), f.featureFraction(), f.seed(), config.threshold()),
                0, 0, 0, 0, null, null, null, List.of(), null, null, 0, null, 0,
                e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }

    /**
     * The configured horizon, shortened for short histories (an imported file of a few months) to a quarter of the
     * data's span, so that both snapshots and their horizons fit; never below a week.
     */
    int horizon(DatasetInfo dataset) {
        if (dataset.firstOrderDate == null || dataset.lastOrderDate == null) {
            return config.horizonDays();
        }
        long span = Duration.between(dataset.firstOrderDate, dataset.lastOrderDate).toDays();
        return (int) Math.min(config.horizonDays(), Math.max(7, span / 4));
    }

    private static double[] column(Snapshot snapshot, int index) {
        double[] values = new double[snapshot.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = snapshot.features()[i][index];
        }
        return values;
    }

    private static LocalDate date(Instant instant) {
        return instant.atZone(ZoneOffset.UTC).toLocalDate();
    }

    private static long millisSince(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
    }
}

package io.shoplens.churn;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.ToDoubleFunction;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import io.shoplens.common.Threads;
import io.shoplens.common.Expiring;
import io.shoplens.common.VersionedCache;
import io.shoplens.frame.Frames;
import io.shoplens.frame.OrderFrame;
import io.shoplens.store.CustomerTruth;
import io.shoplens.store.ShopRepository;

/**
 * Schedules and serves the churn model: one training at a time, off the request threads, on the analysis frame
 * serving when it starts ({@link ChurnTrainer} fits, {@link ChurnEvaluation} measures, {@link ChurnScorer} scores).
 * The serving model and its cached predictions change only when a training succeeds.
 */
@ApplicationScoped
public class ChurnService {
    private static final Logger LOG = Logger.getLogger(ChurnService.class);

    @Inject
    ChurnConfig config;
    /** Lifetime values for the revenue at risk, where an implementation is deployed. */
    @Inject
    jakarta.enterprise.inject.Instance<CustomerValues> values;
    @Inject
    Frames frames;
    @Inject
    ShopRepository shop;
    @Inject
    ModelRepository models;
    @Inject
    Clock clock;
    @Inject
    TrainingLease lease;
    @Inject
    MeterRegistry registry;

    private static final String SHUTTING_DOWN = "The app is shutting down; the next start trains if the data needs it.";
    private final AtomicBoolean training = new AtomicBoolean();
    private volatile boolean stopping;
    private final Object starting = new Object();
    /** The shutdown stopped waiting for the training and released its lease: the training must not, later. */
    private volatile boolean cutOff;
    /**
     * The serving and failed cards as read at most a second ago: every page asks, and a model another replica
     * promotes shows here within that second. A promotion by this replica is seen at once.
     */
    private final Expiring<Cards> cards = new Expiring<>(Duration.ofSeconds(1), () -> new Cards(models.serving(),
            models.latest().filter(card -> ModelCard.FAILED.equals(card.status()))));
    private volatile boolean retrainingPending;
    private final VersionedCache<PredictionQuery, List<ChurnPrediction>> topPredictions = new VersionedCache<>(16);
    private final ExecutorService worker = Threads.single("shoplens-churn-training");
    /** Fits the served forest beside the evaluated one, on the second core. */
    private final ExecutorService helper = Threads.single("shoplens-churn-helper");
    /** Renews the training lease while a training runs, so that a crashed trainer's lease soon expires. */
    private final ScheduledExecutorService heartbeat = Threads.scheduled("shoplens-churn-lease");
    /** The scheduled retraining and catch-up: they read the lease from MongoDB, off Vert.x's pool (Threads.runOn). */
    private final ExecutorService checks = Threads.single("shoplens-churn-check");

    @jakarta.annotation.PostConstruct
    void registerGauges() {
        gauge("shoplens.churn.model.roc.auc", "Out-of-time ROC AUC of the serving churn model",
                card -> card.metrics().rocAuc());
        gauge("shoplens.churn.predictions", "Customers scored by the serving churn model",
                card -> card.scoredCustomers());
    }

    /**
     * The dataset flow's churn step: a new frame is serving (or, null, none could be made). Trains on the serving
     * frame unless a training is recorded on its dataset version already (a restart, or another replica did it).
     */
    public void frameChanged(OrderFrame frame) {
        retrainingPending = false;
        if (frame != null) {
            retrainIfTheDatasetMovedOn();
        }
    }

    /** The flow is about to prepare a new dataset version, whose model will follow. */
    public void datasetChanging() {
        retrainingPending = config.retrainOnDatasetChange();
    }

    /** A dataset change has asked for a training that has not started yet. */
    public boolean isRetrainingPending() {
        return retrainingPending;
    }

    /** Fires in every replica; the lease lets exactly one of them train for each scheduled time. */
    @Scheduled(identity = "churn-retraining", cron = "${shoplens.churn.retrain-cron}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    CompletionStage<Void> scheduled(ScheduledExecution execution) {
        Instant fireTime = execution.getScheduledFireTime();
        return Threads.runOn(checks, () -> runScheduled(fireTime));
    }

    /**
     * Catches up on a training that a dataset change asked for but that never happened: skipped while another ran, or
     * failed because the database went away before its failure could be recorded.
     */
    @Scheduled(identity = "churn-catch-up", every = "${shoplens.churn.catch-up-every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    CompletionStage<Void> scheduledCatchUp() {
        return Threads.runOn(checks, this::catchUp);
    }

    void catchUp() {
        if (!training.get() && !stopping) {
            retrainIfTheDatasetMovedOn();
        }
    }

    Retraining runScheduled(Instant fireTime) {
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

    /**
     * The shutdown's churn step, while the store is still open: refuses new trainings and lets a running one stop at
     * its next phase (a forest being fitted cannot be interrupted), waiting up to {@code patience}. A training cut off
     * records no failed model and releases its lease, so that the next start, here or in another replica, trains the
     * dataset at once rather than after the lease expires.
     */
    public void stop(Duration patience) {
        synchronized (starting) {
            stopping = true;
        }
        Threads.finish(checks, patience);
        Threads.stop(worker, patience);
        // After the worker: a forest queued on the helper and dropped would leave the training waiting for it.
        helper.shutdownNow();
        heartbeat.shutdownNow();
        // Still training: fitting a forest ignores the interrupt (or the task was dropped before it began). It stops
        // before its next write (it sees stopping), so its lease can go now, else the next start would wait for it.
        if (training.get()) {
            LOG.info("Churn training still running when the shutdown's wait ended; it is cut off");
            cutOff = true;
            releaseLease();
        }
    }

    /** Whether a requested training started, and what is true of it in words for the user. */
    public record Retraining(boolean started, String message) {
    }

    /** Starts a training in the background unless one is running here or in another replica. */
    public Retraining requestRetraining(String reason) {
        return startTraining(reason, null);
    }

    /** A training starts, or the shutdown begins, not both at once: a lease taken as it began would be left held. */
    private Retraining startTraining(String reason, Instant scheduledFor) {
        synchronized (starting) {
            return stopping ? new Retraining(false, SHUTTING_DOWN) : startUnlessRunning(reason, scheduledFor);
        }
    }

    private Retraining startUnlessRunning(String reason, Instant scheduledFor) {
        if (!training.compareAndSet(false, true)) {
            LOG.infof("Churn retraining (%s) skipped: a training is running", reason);
            return new Retraining(false, "A training is already running in this instance; its model will serve"
                    + " when it is ready.");
        }
        boolean leased;
        try {
            leased = lease.acquire(scheduledFor);
        } catch (RuntimeException e) {
            training.set(false);
            LOG.warnf("Churn retraining (%s) skipped: the training lease could not be read: %s", reason,
                    e.getMessage());
            return new Retraining(false, "The training lease in MongoDB could not be read (" + e.getMessage()
                    + "); try again shortly.");
        }
        if (!leased) {
            training.set(false);
            LOG.infof("Churn retraining (%s) skipped: another replica is training or has trained for it", reason);
            return new Retraining(false, heldElsewhere(scheduledFor));
        }
        Duration renewal = config.leaseTtl().dividedBy(4);
        ScheduledFuture<?> renewing = heartbeat.scheduleAtFixedRate(this::renewLease, renewal.toMillis(),
                renewal.toMillis(), TimeUnit.MILLISECONDS);
        worker.execute(() -> {
            Timer.Sample timing = Timer.start(registry);
            String outcome = "failure";
            try {
                trainNow();
                outcome = "success";
            } catch (ChurnTrainer.NotEnoughHistory e) {
                // A small import's answer, shown on /churn: an ERROR in every such shop's log would cry wolf.
                LOG.warnf("Churn training (%s) not possible; the previous model keeps serving: %s", reason,
                        e.getMessage());
            } catch (RuntimeException e) {
                if (stopping) {
                    LOG.infof("Churn training (%s) stopped by the app's shutdown (%s); the previous model keeps"
                            + " serving", reason, e.getMessage());
                } else {
                    LOG.errorf("Churn training (%s) failed; the previous model keeps serving: %s", reason,
                            e.getMessage());
                }
            } finally {
                timing.stop(Timer.builder("shoplens.churn.training").description("Churn model trainings, by outcome")
                        .tag("outcome", outcome).register(registry));
                renewing.cancel(false);
                // The shutdown's interrupt would fail the release too (the driver gives up an interrupted wait).
                boolean interrupted = Thread.interrupted();
                if (!cutOff) {
                    releaseLease();
                }
                training.set(false);
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
            if (!stopping) {
                retrainIfTheDatasetMovedOn();
            }
        });
        return new Retraining(true, "Training started; GET /api/churn/model shows the new model when it is ready.");
    }

    private String heldElsewhere(Instant scheduledFor) {
        try {
            return lease.holder().map(holder -> scheduledFor != null && holder.getDate("scheduledFor") != null
                    && !holder.getDate("scheduledFor").toInstant().isBefore(scheduledFor)
                            ? "The scheduled training of " + scheduledFor + " was taken by " + holder.getString("owner")
                                    + "."
                            : "Another instance (" + holder.getString("owner") + ") holds the training lease until "
                                    + holder.getDate("expiresAt").toInstant() + "; it renews it while it trains, so"
                                    + " if it has stopped, the lease expires then and a retraining can start.")
                    .orElse("Another instance took the training lease a moment ago.");
        } catch (RuntimeException e) {
            return "Another instance holds the training lease.";
        }
    }

    /**
     * Trains when no attempt is recorded on the current dataset: at start-up, after a training (a dataset change that
     * arrived meanwhile, here or in another replica while this one held the lease, was skipped), and on the catch-up
     * schedule (a training cut off by an outage before it could record anything); and when the current dataset has
     * grown by {@code retrain-after-new-orders} since the last training on it.
     */
    private void retrainIfTheDatasetMovedOn() {
        try {
            Optional<OrderFrame> frame = frames.current();
            if (frame.isEmpty()) {
                return;
            }
            long current = frame.get().version();
            Optional<ModelCard> latest = models.latest();
            boolean attempted = latest.map(card -> card.datasetVersion() == current).orElse(false);
            if (!attempted) {
                if (config.retrainOnDatasetChange()) {
                    requestRetraining("dataset version " + current + ", on which no training is recorded");
                }
                return;
            }
            // Appends grow the dataset without a new version. The reference is the last attempt on this version (the
            // serving model, unless a later training failed): a failed attempt is retried once the shop has grown by
            // the share again, not every catch-up.
            Long trained = latest.get().trainingOrders();
            long orders = frame.get().orderCount();
            if (grewEnough(trained, orders, config.retrainAfterNewOrders())) {
                requestRetraining(String.format(java.util.Locale.ROOT, "%d sales orders, %d more than the %d the"
                        + " last training (model %d) saw", orders, orders - trained, trained,
                        latest.get().version()));
            }
        } catch (RuntimeException e) {
            // A check that began before the shutdown meets the embedded store closing: nothing to retry then.
            LOG.logf(stopping ? Logger.Level.DEBUG : Logger.Level.WARN,
                    "Could not check whether the current dataset has a training: %s", e.getMessage());
        }
    }

    /**
     * Whether the frame holds at least {@code share} more sales orders than a training saw: current − trained ≥
     * share × trained. Off with a share of 0 and for cards that did not record their order count.
     */
    static boolean grewEnough(Long trained, long current, double share) {
        return share > 0 && trained != null && trained > 0 && current - trained >= share * trained;
    }

    private void renewLease() {
        try {
            lease.renew();
        } catch (RuntimeException e) {
            LOG.warnf("Training lease not renewed (it is renewed again shortly): %s", e.getMessage());
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
     * The first customers in the ranking's order, from {@code minProbability}, last ordered at most
     * {@code maxDaysSinceLastOrder} days before the end of the data (null: any); cached per serving model: without an
     * index (the embedded server has none) each query sorts every prediction.
     */
    public List<ChurnPrediction> predictions(int limit, double minProbability, Integer maxDaysSinceLastOrder,
            Ranking ranking) {
        if (!scoredTheCurrentDataset()) {
            return List.of();
        }
        long version = servingModel().map(ModelCard::version).orElse(0L);
        return topPredictions.get(version, new PredictionQuery(limit, minProbability, maxDaysSinceLastOrder, ranking),
                () -> models.topPredictions(limit, minProbability, maxDaysSinceLastOrder, ranking));
    }

    private record PredictionQuery(int limit, double minProbability, Integer maxDaysSinceLastOrder, Ranking ranking) {
    }

    /** The default of the win-back list's recency filter, in days. */
    public int winBackDays() {
        return config.winBackDays();
    }

    public Optional<ChurnPrediction> prediction(String customerId) {
        return scoredTheCurrentDataset() ? models.prediction(customerId) : Optional.empty();
    }

    /**
     * Whether the serving model scored the dataset now analysed. After a dataset change, until a training on the new
     * data succeeds (and for good when it fails), the stored predictions are of the previous dataset's customers,
     * whose ids the new one may reuse for other people, so none is served; the card still is.
     */
    public boolean scoredTheCurrentDataset() {
        Optional<ModelCard> serving = servingModel();
        Optional<OrderFrame> frame = frames.current();
        return serving.isPresent() && frame.isPresent() && serving.get().datasetVersion() == frame.get().version();
    }

    /** Trains on the calling thread; a failure is recorded as a failed card and rethrown. */
    ModelCard trainNow() {
        long started = System.nanoTime();
        long version = models.nextVersion();
        // One consistent state: the training reads this one frame instance from start to end (its snapshots, its
        // order count on the card, its end as the scoring date). Orders appended meanwhile go to the frame the next
        // training takes; the catch-up check sees them (retrain-after-new-orders).
        OrderFrame frame = frames.current().orElseThrow(() -> new IllegalStateException("There is no dataset yet"));
        int horizon = ChurnTrainer.horizon(frame, config.horizonDays());
        try {
            ModelCard card = train(version, frame, horizon, started);
            stopIfShuttingDown();
            models.promote(card);
            cards.clear();
            LOG.infof("Churn model %d serving: ROC AUC %.3f (recency baseline %.3f) in %d ms", card.version(),
                    card.metrics().rocAuc(), card.baselines().recency().rocAuc(), card.trainingMillis());
            prune();
            return card;
        } catch (RuntimeException e) {
            if (!stopping) {
                models.save(failed(version, frame, horizon, started, e));
                cards.clear();
                prune();
            }
            throw e;
        }
    }

    /** Keeps the newest {@code keep-models} versions (and the serving one); a failure here leaves them for next time. */
    private void prune() {
        try {
            List<Long> removed = models.prune(config.keepModels());
            if (!removed.isEmpty()) {
                LOG.infof("Churn model versions %s pruned with their files and samples (keep-models %d)", removed,
                        config.keepModels());
            }
        } catch (RuntimeException e) {
            LOG.warnf("Old churn model versions not pruned (tried again after the next training): %s",
                    e.getMessage());
        }
    }

    private ModelCard train(long version, OrderFrame frame, int horizon, long started) {
        ChurnTrainer.Snapshots snapshots = ChurnTrainer.snapshots(frame, horizon);
        long snapshotsDone = System.nanoTime();
        ChurnTrainer.Forests forests = ChurnTrainer.fit(snapshots, config.forest(), helper);
        long fitted = System.nanoTime();
        stopIfShuttingDown();
        java.util.Map<String, CustomerTruth> truth = frame.simulated() ? shop.truth() : java.util.Map.of();
        ChurnEvaluation evaluation = ChurnEvaluation.of(forests.evaluated(), snapshots, truth, config);
        long evaluated = System.nanoTime();
        stopIfShuttingDown();
        // BG/NBD uses no labels, so fitting it on the histories as of the data's end leaks nothing.
        StackedCalibrator stacked = evaluation.stacked() == null ? null : evaluation.stacked()
                .with(BgNbdBaseline.fit(BgNbdBaseline.rows(snapshots.scoring(), config.forest())));
        ChurnScorer.Scoring scoring = ChurnScorer.score(forests.serving(), snapshots, frame, version,
                clock.instant(), evaluation.calibrator(), stacked,
                values.isResolvable() ? values.get().expectedRevenue(frame) : java.util.Map.of(), config);
        byte[] bytes = Forest.serialize(forests.serving());
        stopIfShuttingDown();
        String file = models.saveModel(version, bytes);
        models.saveSample(sample(version, frame, scoring.predictions()));
        models.replacePredictions(scoring.predictions());
        LOG.infof("Churn training phases: snapshots %d ms, forests %d ms (both at once), evaluation and importance"
                + " %d ms, scoring and storing %d ms", (snapshotsDone - started) / 1_000_000,
                (fitted - snapshotsDone) / 1_000_000, (evaluated - fitted) / 1_000_000,
                (System.nanoTime() - evaluated) / 1_000_000);

        Metrics.ConfusionMatrix rule = evaluation.ruleOnEvaluation();
        ChurnConfig.Forest f = config.forest();
        Snapshot eval = snapshots.evaluation();
        return new ModelCard(version, frame.version(), ModelCard.SERVING, clock.instant(), millisSince(started),
                ChurnEvaluation.date(eval.cutoff()), ChurnEvaluation.date(snapshots.train().cutoff()), horizon,
                settings(f, snapshots), snapshots.train().size(), eval.size(), snapshots.train().baseRate(),
                eval.baseRate(), evaluation.metrics(), evaluation.baselines(), evaluation.oracle(),
                evaluation.importance(), evaluation.curves(), new ModelCard.RuleOfThumb(config.ruleDays(), rule,
                        rule.precision(), rule.recall(), scoring.ruleFlagged(), scoring.modelFlagged(),
                        scoring.bothFlagged(), scoring.predictions().size()),
                scoring.predictions().size(), file, bytes.length, null,
                evaluation.metrics().rocAuc() > evaluation.baselines().recency().rocAuc(), evaluation.calibration(),
                evaluation.calibrator(), stacked, frame.end(), (long) frame.orderCount(),
                Drift.reference(snapshots.featureNames(), eval.features()));
    }

    private void stopIfShuttingDown() {
        if (stopping) {
            throw new IllegalStateException("stopped between training phases");
        }
    }

    /**
     * A fixed random sample (seeded with the forest's seed, so the same customers for the same scoring) of at most
     * {@code realized-sample} served predictions, kept to score them once their horizon has passed.
     */
    private Realized.Sample sample(long version, OrderFrame frame, List<ChurnPrediction> predictions) {
        int n = Math.min(config.realizedSample(), predictions.size());
        Integer[] order = new Integer[predictions.size()];
        java.util.Arrays.setAll(order, i -> i);
        java.util.Collections.shuffle(java.util.Arrays.asList(order), new java.util.Random(config.forest().seed()));
        List<String> ids = new java.util.ArrayList<>(n);
        double[] p = new double[n];
        for (int i = 0; i < n; i++) {
            ChurnPrediction prediction = predictions.get(order[i]);
            ids.add(prediction.customerId);
            p[i] = prediction.probability;
        }
        return new Realized.Sample(version, frame.version(), frame.end(), ids, p);
    }

    /** The configured forest and the depths the small-data rule gave both forests; no snapshots: configured only. */
    private ModelCard.Settings settings(ChurnConfig.Forest f, ChurnTrainer.Snapshots snapshots) {
        int evaluatedDepth = snapshots == null ? f.maxDepth() : ChurnTrainer.shape(snapshots.train(), f).maxDepth();
        int servedDepth = snapshots == null ? f.maxDepth() : ChurnTrainer.shape(snapshots.evaluation(), f).maxDepth();
        return new ModelCard.Settings(f.trees(), f.maxDepth(), f.featureFraction(), f.seed(), config.threshold(),
                f.minLeafRows(), evaluatedDepth, servedDepth);
    }

    private ModelCard failed(long version, OrderFrame frame, int horizon, long started, RuntimeException e) {
        return new ModelCard(version, frame.version(), ModelCard.FAILED, clock.instant(), millisSince(started), null,
                null, horizon, settings(config.forest(), null), 0, 0, 0, 0, null, null, null, List.of(), null, null,
                0, null, 0, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), null, null, null,
                null, null, (long) frame.orderCount(), List.of());
    }

    // --- history, drift and realized outcomes ----------------------------------------------------------------------

    /** Every kept model version, newest first. */
    public List<ModelCard> history() {
        return models.all();
    }

    public Optional<ModelCard> model(long version) {
        return models.card(version);
    }

    /**
     * A model's realized outcomes, or why there are none yet.
     *
     * @param realized null until the data has moved H days past the model's scoring date, for a model of another
     *     dataset version than the one analysed, and without a kept sample (failed models, models from before)
     * @param reason why {@code realized} is null, in words for the page; null when it is not
     * @param dueOn the day the data must reach (exclusive end) for the outcomes to be known; null without a scoring
     */
    public record RealizedOutcome(Realized realized, String reason, java.time.LocalDate dueOn) {
    }

    /** Empty for an unknown version. */
    public Optional<RealizedOutcome> realized(long version) {
        return models.card(version).map(this::realized);
    }

    /** The same for a card already read (the history page reads them all at once). */
    public RealizedOutcome realized(ModelCard card) {
        if (!ModelCard.SERVING.equals(card.status()) && !ModelCard.RETIRED.equals(card.status())) {
            return new RealizedOutcome(null, "the training failed: nothing was served", null);
        }
        java.time.LocalDate due = ChurnEvaluation.date(Snapshot.minus(card.dataEnd(), -card.horizonDays()));
        Optional<OrderFrame> frame = frames.current();
        if (frame.isEmpty()) {
            return new RealizedOutcome(null, "no data is analysed yet", due);
        }
        OrderFrame f = frame.get();
        if (f.version() != card.datasetVersion()) {
            return new RealizedOutcome(null, "it scored dataset version " + card.datasetVersion() + ", not the one"
                    + " analysed now (" + f.version() + "), whose customers are another shop's", due);
        }
        // Checked before the sample is read: the history page asks for every version.
        if (!Realized.due(card.dataEnd(), card.horizonDays(), f.end())) {
            return new RealizedOutcome(null, "its " + card.horizonDays() + "-day horizon has not passed: the data"
                    + " runs to " + ChurnEvaluation.date(f.end()).minusDays(1) + " and must run to "
                    + due.minusDays(1), due);
        }
        RealizedKey key = new RealizedKey(card.version(), card.trainedAt(), FrameState.of(f));
        RealizedOutcome cached = realizedCache.get(key);
        if (cached != null) {
            return cached;
        }
        Optional<Realized.Sample> sample = models.sample(card.version());
        if (sample.isEmpty()) {
            return new RealizedOutcome(null, "no sample of its predictions was kept (trained before samples were)",
                    due);
        }
        List<String> drifted = drift(card).map(Drift.ModelDrift::flagged).orElse(List.of());
        RealizedOutcome outcome = new RealizedOutcome(Realized.of(card, sample.get(), f, drifted), null, due);
        if (realizedCache.size() >= 2 * config.keepModels()) {
            realizedCache.clear(); // older frame states: a live shop's frame changes every second
        }
        realizedCache.put(key, outcome);
        return outcome;
    }

    /**
     * Realized outcomes by model (its version and training time, since a version number can come back after the cards
     * are dropped) and the frame state they were labelled on: they change only when the frame does, and the history
     * page asks for every version.
     */
    private final java.util.Map<RealizedKey, RealizedOutcome> realizedCache =
            new java.util.concurrent.ConcurrentHashMap<>();

    private record RealizedKey(long version, Instant trainedAt, FrameState state) {
    }

    /** A model's feature drift against the current data; empty for an unknown version or a card without bins. */
    public Optional<Drift.ModelDrift> drift(long version) {
        return models.card(version).flatMap(this::drift);
    }

    /** Every kept model's drift against the current data, by version (models without bins left out). */
    public java.util.Map<Long, Drift.ModelDrift> drifts(List<ModelCard> cards) {
        java.util.Map<Long, Drift.ModelDrift> result = new java.util.HashMap<>();
        for (ModelCard card : cards) {
            drift(card).ifPresent(d -> result.put(card.version(), d));
        }
        return result;
    }

    /** The same for a card already read. */
    public Optional<Drift.ModelDrift> drift(ModelCard card) {
        if (card.featureBins().isEmpty()) {
            return Optional.empty();
        }
        Optional<OrderFrame> frame = frames.current();
        if (frame.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(currentFeatures(frame.get()).drift(card));
    }

    /**
     * The current data's features, read at most {@link #DRIFT_REFRESH} ago on this dataset version: a live shop
     * changes its frame every second, and each read walks every customer's orders.
     */
    private CurrentFeatures currentFeatures(OrderFrame frame) {
        CurrentFeatures now = currentFeatures;
        if (now == null || now.version != frame.version()
                || (!now.state.equals(FrameState.of(frame)) && now.readAt.plus(DRIFT_REFRESH).isBefore(Instant.now()))) {
            now = new CurrentFeatures(frame.version(), FrameState.of(frame), Instant.now(), frame.end(),
                    io.shoplens.frame.Behaviours.before(frame, frame.end()));
            currentFeatures = now;
        }
        return now;
    }

    static final Duration DRIFT_REFRESH = Duration.ofMinutes(1);
    private volatile CurrentFeatures currentFeatures;

    /** What identifies one state of a dataset version's frame: appends add orders and may move its end. */
    private record FrameState(long version, int orders, long end) {
        static FrameState of(OrderFrame frame) {
            return new FrameState(frame.version(), frame.orderCount(), frame.end().toEpochMilli());
        }
    }

    /** The customers as of one state of the current data, with each model's drift against them, computed once. */
    private static final class CurrentFeatures {
        final long version;
        final FrameState state;
        final Instant readAt;
        final Instant cutoff;
        final List<io.shoplens.frame.CustomerBehaviour> customers;
        final java.util.Map<List<String>, double[][]> featuresByCountries = new java.util.concurrent.ConcurrentHashMap<>();
        final java.util.Map<Long, Drift.ModelDrift> byVersion = new java.util.concurrent.ConcurrentHashMap<>();

        CurrentFeatures(long version, FrameState state, Instant readAt, Instant cutoff,
                List<io.shoplens.frame.CustomerBehaviour> customers) {
            this.version = version;
            this.state = state;
            this.readAt = readAt;
            this.cutoff = cutoff;
            this.customers = customers;
        }

        Drift.ModelDrift drift(ModelCard card) {
            return byVersion.computeIfAbsent(card.version(), v -> {
                List<String> countries = card.featureBins().stream().map(Drift.FeatureBins::feature)
                        .filter(f -> f.startsWith("country=")).map(f -> f.substring("country=".length())).toList();
                double[][] features = featuresByCountries.computeIfAbsent(countries, cs -> {
                    double[][] x = new double[customers.size()][];
                    for (int i = 0; i < x.length; i++) {
                        x[i] = Snapshot.vector(customers.get(i), cutoff, cs);
                    }
                    return x;
                });
                List<Drift.FeatureDrift> psi = Drift.of(card.featureBins(), Snapshot.featureNames(countries),
                        features);
                return new Drift.ModelDrift(v, ChurnEvaluation.date(cutoff), customers.size(), psi,
                        Drift.flagged(psi));
            });
        }
    }

    private static long millisSince(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
    }
}

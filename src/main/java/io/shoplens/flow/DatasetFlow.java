package io.shoplens.flow;

import java.util.Optional;
import java.util.concurrent.ExecutorService;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.shoplens.common.Threads;
import io.shoplens.common.Throttled;
import io.shoplens.churn.ChurnService;
import io.shoplens.clv.ClvService;
import io.shoplens.frame.Frames;
import io.shoplens.frame.OrderFrame;
import io.shoplens.segment.SegmentService;
import io.shoplens.store.DatasetChanged;
import io.shoplens.store.DatasetInfo;
import io.shoplens.store.DatasetStore;
import io.shoplens.store.Customer;
import io.shoplens.store.Order;
import io.shoplens.store.OrdersAppended;
import io.shoplens.store.Product;

/**
 * The one sequence that follows a dataset change: make the frame of the new version, segment its customers, then
 * let the churn model train on it, and in the background compute the lifetime values and store the segments for
 * readers of MongoDB. It runs right after a commit (on the committing job's thread, so a job ends with its analysis
 * ready), at start-up, and when the poll sees a version that another replica committed. A failed step is logged and
 * does not keep the later steps from running on what they can; only a missing frame stops the sequence, since every
 * step reads it.
 */
@ApplicationScoped
public class DatasetFlow {
    private static final Logger LOG = Logger.getLogger(DatasetFlow.class);

    @Inject
    DatasetStore store;
    @Inject
    Frames frames;
    @Inject
    SegmentService segments;
    @Inject
    ChurnService churn;
    @Inject
    ClvService clv;
    @Inject
    io.shoplens.simulate.LiveSimulation live;
    @Inject
    io.shoplens.store.DatasetJobs jobs;

    /** How long the shutdown waits for the work under way, in all. */
    private static final java.time.Duration PATIENCE = java.time.Duration.ofSeconds(10);
    private final ExecutorService background = Threads.single("shoplens-dataset-flow");
    /** The scheduled checks, apart from the flow's thread, which stores segments for up to 25 s at a time. */
    private final ExecutorService checks = Threads.single("shoplens-dataset-check");
    /**
     * Follows appends, so that an append is acknowledged once written, not once analysed; at most four passes a
     * second, since each copies the whole frame: back to back, 6.7 passes a second of 89 ms (at 700,000 orders) took
     * a quarter of the CPU from the appends themselves in bench/append-load.sh.
     */
    private final Throttled follower = new Throttled("shoplens-append-follower", java.time.Duration.ofMillis(250),
            this::followAppends);
    private final java.util.concurrent.ConcurrentLinkedQueue<OrdersAppended> appended =
            new java.util.concurrent.ConcurrentLinkedQueue<>();
    /**
     * After appends, the latest frame is segmented again at most once a second, off the follower: on it, a pass
     * (160 to 240 ms at 35,000 customers) held up the next extension and so the KPIs; unthrottled beside it, it
     * took a fifth of the CPU under bench/append-load.sh.
     */
    private final Throttled resegment = new Throttled("shoplens-resegment", java.time.Duration.ofSeconds(1),
            () -> frames.current().ifPresent(this::segmentAgain));
    /** Values customers again after appends at most this often: a fit took 16 to 18% of the CPU under appends. */
    private final Throttled revalue = new Throttled("shoplens-revalue", java.time.Duration.ofSeconds(30),
            () -> inBackground(() -> frames.current().ifPresent(this::valueCustomers)));
    private volatile String lastRefusal;
    private volatile boolean stopping;
    /** The highest append number written through this replica: the follower takes those from memory. */
    private final java.util.concurrent.atomic.AtomicLong appendedHere = new java.util.concurrent.atomic.AtomicLong();

    void afterCommit(@Observes DatasetChanged event) {
        run(event.dataset());
    }

    /**
     * Appends arriving while the frame is being extended, or in the quarter second after a pass began, wait and are
     * taken together: a stream of small appends costs one extension per pass, not one per request.
     */
    void afterAppend(@Observes OrdersAppended event) {
        appendedHere.accumulateAndGet(event.dataset().appended, Math::max);
        appended.add(event);
        follower.request();
    }

    private void followAppends() {
        java.util.List<OrdersAppended> batch = new java.util.ArrayList<>();
        for (OrdersAppended e; (e = appended.poll()) != null;) {
            batch.add(e);
        }
        if (!batch.isEmpty()) {
            DatasetInfo dataset = batch.get(batch.size() - 1).dataset();
            java.util.List<Order> orders = new java.util.ArrayList<>();
            java.util.List<Customer> customers = new java.util.ArrayList<>();
            java.util.List<Product> products = new java.util.ArrayList<>();
            for (OrdersAppended e : batch) {
                if (e.dataset().version == dataset.version) {
                    orders.addAll(e.orders());
                    customers.addAll(e.customers());
                    products.addAll(e.products());
                }
            }
            extend(dataset, orders, customers, products);
        }
    }

    /**
     * The sequence after appends to the serving version: extend the frame, then segment again and value the
     * customers again (throttled, on threads of their own, from the latest frame). Churn retrains on its own
     * schedule and share of new orders; the dataset version and the stored segments stay as they are.
     */
    synchronized void extend(DatasetInfo dataset, java.util.List<Order> orders, java.util.List<Customer> customers,
            java.util.List<Product> products) {
        try {
            if (frames.extend(dataset, orders, customers, products).isEmpty()) {
                return;
            }
        } catch (RuntimeException e) {
            failed("Dataset version " + dataset.version + ": appended orders could not be added to the analysis"
                    + " frame; it keeps serving without them", e);
            return;
        }
        resegment.request();
        revalue.request();
    }

    private void segmentAgain(OrderFrame frame) {
        try {
            segments.segment(frame, frame.simulated());
        } catch (RuntimeException e) {
            failed("Dataset version " + frame.version() + ": segmentation after appends failed", e);
        }
    }

    /** Start-up does not wait for the frame: the pages say it is being prepared meanwhile. */
    void onStart(@Observes StartupEvent event) {
        background.execute(this::catchUp);
    }

    /** Another replica's commit, or a start-up load that failed because MongoDB was away; on the checks' thread. */
    @Scheduled(identity = "dataset-flow-catch-up", every = "${shoplens.frame.poll-every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    java.util.concurrent.CompletionStage<Void> poll() {
        return Threads.runOn(checks, this::catchUp);
    }

    void catchUp() {
        if (stopping) {
            return;
        }
        try {
            Optional<DatasetInfo> dataset = store.reload();
            if (dataset.isEmpty()) {
                return;
            }
            long version = dataset.get().version;
            long serving = frames.current().map(OrderFrame::version).orElse(0L);
            boolean hopeless = frames.failure().filter(f -> f.version() == version && !f.retry()).isPresent();
            if (version > serving && !hopeless) {
                run(dataset.get());
            } else if (version == serving && frames.current().orElseThrow().appended() < dataset.get().appended
                    && dataset.get().appended > appendedHere.get()) {
                // Appends through another replica: read from the orders' append sequence. Those written here are
                // the follower's, from memory; reading them again here was a scan of every order (0.1 to 1.7 s at
                // 200,000) that the follower then repeated.
                extend(dataset.get(), java.util.List.of(), java.util.List.of(), java.util.List.of());
            }
            frames.saveIfAppended();
        } catch (RuntimeException e) {
            // A check that began before the shutdown meets the embedded store closing: nothing to retry then.
            LOG.logf(stopping ? Logger.Level.DEBUG : Logger.Level.WARN,
                    "Could not check the served dataset version (%s); the next check retries", e.getMessage());
        }
    }

    private void valueCustomers(OrderFrame frame) {
        try {
            clv.analyse(frame);
        } catch (IllegalStateException refused) {
            // The models' own refusals (too few repeat buyers, a holdout that cannot be checked): expected on
            // small imports, answered by /api/clv with the reason. Said once: after appends the same refusal came
            // every 30 s.
            String refusal = "Dataset version " + frame.version() + ": no lifetime values: " + refused.getMessage();
            LOG.log(refusal.equals(lastRefusal) ? Logger.Level.DEBUG : Logger.Level.WARN, refusal);
            lastRefusal = refusal;
        } catch (RuntimeException e) {
            failed("Dataset version " + frame.version() + ": the lifetime values could not be computed", e);
        }
    }

    /**
     * The shutdown sequence, on the shutdown event rather than at bean destruction: an embedded MongoDB stops after
     * the event, so each step still reads and writes. Whatever writes stops first (the live shop, then a generation or
     * import, whose commit runs this flow's steps), then what follows the data (appends, segments, lifetime values),
     * then the churn training; last, the frame's appends are stored for a fast restart. The steps share a wait of
     * {@link #PATIENCE} (well within Kubernetes' 30 s grace period): a step cut off is done again from the stored
     * state at the next start, and says so in the log rather than failing on the closed store.
     */
    void stop(@Observes ShutdownEvent event) {
        stopping = true;
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        java.util.function.Supplier<java.time.Duration> left = () -> java.time.Duration.ofNanos(
                Math.max(0, deadline - System.nanoTime()));
        live.shutDown(left.get());
        if (!jobs.stop(left.get())) {
            LOG.info("The dataset job or an append still running when the shutdown's wait ended; it is cut off");
        }
        Threads.stop(checks, left.get()); // a check may be making a frame: cut off like the flow's own steps
        follower.stop(left.get());
        resegment.stop(left.get());
        revalue.stop(left.get());
        Threads.stop(background, left.get());
        churn.stop(left.get());
        try {
            frames.saveAppended();
        } catch (RuntimeException e) {
            LOG.warnf("The analysis frame was not stored at shutdown (%s); a restart reads the appends again",
                    e.getMessage());
        }
    }

    /** A step's failure; during the shutdown, its reads and writes fail as the shutdown interrupts them. */
    private void failed(String what, RuntimeException e) {
        if (stopping) {
            LOG.infof("%s: cut off by the app's shutdown (%s)", what, e.getMessage());
        } else {
            LOG.error(what, e);
        }
    }

    private void inBackground(Runnable step) {
        try {
            background.execute(step);
        } catch (java.util.concurrent.RejectedExecutionException shutDown) {
            // stop() has run: the next start does the step from the stored state.
        }
    }

    synchronized void run(DatasetInfo dataset) {
        long version = dataset.version;
        if (frames.current().map(OrderFrame::version).orElse(0L) >= version) {
            return; // the poll asked while the commit's own run held the lock: that run did it all
        }
        churn.datasetChanging();
        try {
            live.datasetChanged(version);
        } catch (RuntimeException e) {
            // The dataset is committed whatever happens here: the flow goes on, and must not throw into the commit.
            failed("Dataset version " + version + ": the live shop of the previous version could not be stopped", e);
        }
        OrderFrame frame;
        try {
            frame = frames.prepare(dataset);
        } catch (RuntimeException e) {
            if (stopping) {
                LOG.infof("Dataset version %d: the analysis frame was cut off by the app's shutdown; the next start"
                        + " makes it", version);
                return;
            }
            if (e instanceof com.mongodb.MongoInterruptedException) {
                // Not this app's shutdown: the thread was interrupted by something else; the next check retries.
                LOG.warnf("Dataset version %d: making the analysis frame was interrupted (%s); the next check tries"
                        + " again", version, e.getMessage());
                return;
            }
            LOG.errorf("Dataset version %d: the analysis frame could not be made; the previous analysis keeps"
                    + " serving: %s", version, e.getMessage());
            churn.frameChanged(null);
            return;
        }
        SegmentService.Segmentation segmentation = null;
        try {
            segmentation = segments.segment(frame, frame.simulated());
        } catch (RuntimeException e) {
            failed("Dataset version " + version + ": segmentation failed; KPIs and churn go on", e);
        }
        try {
            churn.frameChanged(frame);
        } catch (RuntimeException e) {
            failed("Dataset version " + version + ": the churn training could not be requested", e);
        }
        // A few seconds at 100,000 customers: the job (and /api/dataset's "ready") does not wait for it.
        inBackground(() -> valueCustomers(frame));
        if (segmentation != null) {
            // Only readers of MongoDB need it, and at 100,000 customers on the H2 file it takes about 25 s: the job
            // (and /api/dataset's "ready") does not wait for it.
            SegmentService.Segmentation written = segmentation;
            inBackground(() -> {
                try {
                    segments.store(written);
                } catch (RuntimeException e) {
                    LOG.warnf("Dataset version %d: customer_segments not written (%s); the pages serve from memory",
                            version, e.getMessage());
                }
            });
        }
    }
}

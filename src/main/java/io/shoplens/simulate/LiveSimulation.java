package io.shoplens.simulate;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.bson.Document;
import org.jboss.logging.Logger;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;

import io.quarkus.runtime.StartupEvent;
import io.shoplens.common.ConflictException;
import io.shoplens.common.Threads;
import io.shoplens.common.ValidationException;
import io.shoplens.frame.Frames;
import io.shoplens.frame.OrderFrame;
import io.shoplens.store.Appends;
import io.shoplens.store.CustomerTruth;
import io.shoplens.store.DatasetInfo;
import io.shoplens.store.DatasetStore;
import io.shoplens.store.Order;
import io.shoplens.store.Product;
import io.shoplens.store.ShopRepository;

/**
 * Runs the live shop ({@link LiveShop}) of the current simulated dataset: its clock moves at {@code speed} simulated
 * days per real second, and every tick the orders it reached are appended as any appended order is (so the frame,
 * the pages, the events and the churn retraining follow), and the dataset's as-of date moves with the clock.
 *
 * <p>The state is one document, {@code live_state}: whether it runs, the speed and clock, the day being emitted and
 * the counters the shop had when that day began. So a restart, or another replica taking over (one replica runs it
 * at a time, holding a lease it renews every tick), makes the day again from its beginning and appends what the clock
 * has reached; orders already stored are duplicates and are not added twice. The days are the same whatever the
 * speed and however the ticks cut them.
 */
@ApplicationScoped
public class LiveSimulation {
    private static final Logger LOG = Logger.getLogger(LiveSimulation.class);
    static final String COLLECTION = "live_state";
    private static final String ID = "live";

    @Inject
    SimulateConfig config;
    @Inject
    DatasetStore store;
    @Inject
    Appends appends;
    @Inject
    ShopRepository shop;
    @Inject
    Frames frames;
    @Inject
    Clock clock;
    @Inject
    io.shoplens.store.DatasetJobs jobs;

    /** This replica, in the lock document. */
    private final String owner = io.shoplens.common.ReplicaName.unique();
    private final ScheduledExecutorService ticker = Threads.scheduled("shoplens-live");
    /** The day in progress while this replica runs the shop; null otherwise. */
    private Runner runner;
    private boolean failing;

    /**
     * @param clock the shop's time; null before the first start
     * @param ordersAdded sales appended
     * @param returnsAdded returns appended
     * @param message why it stopped, when it did by itself
     */
    public record Status(boolean running, double speed, Instant clock, long ordersAdded, long returnsAdded,
            long customersAdded, Long datasetVersion, String message) {
    }

    void onStart(@Observes StartupEvent event) {
        long every = config.live().tick().toMillis();
        ticker.scheduleWithFixedDelay(this::tickSafely, every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * The shutdown's live step, while the store is still open: the tick under way finishes (its orders and the clock
     * are written together), waiting up to {@code patience}, and the lease is released.
     */
    public void shutDown(java.time.Duration patience) {
        Threads.finish(ticker, patience);
        try {
            // Another replica may take over at once; this one's next start resumes from the stored clock.
            state().updateOne(Filters.and(Filters.eq("_id", ID), Filters.eq("owner", owner)),
                    Updates.unset("owner"));
        } catch (RuntimeException e) {
            LOG.debugf("Live lease not released at shutdown (it expires): %s", e.getMessage());
        }
    }

    public Status status() {
        Document d = state().find(Filters.eq("_id", ID)).first();
        if (d == null) {
            return new Status(false, 0, null, 0, 0, 0, null, null);
        }
        return new Status(d.getBoolean("running", false), number(d, "speed"), instant(d, "clock"),
                d.get("ordersAdded", 0L), d.get("returnsAdded", 0L), d.get("customersAdded", 0L),
                d.get("datasetVersion", Long.class),
                d.getString("message"));
    }

    /** Starts the live shop, or changes its speed; 409 on data that is not simulated or while a job runs. */
    public synchronized Status start(double speed) {
        double max = config.live().maxSpeed();
        if (!(speed > 0) || speed > max) {
            throw new ValidationException("speed", "must be above 0 and at most " + max + " simulated days per real"
                    + " second (shoplens.simulate.live.max-speed); real time is " + (1 / 86_400.0));
        }
        DatasetInfo dataset = store.current().orElseThrow(() -> new ConflictException(
                "There is no dataset yet; generate one first."));
        if (!dataset.simulated() || dataset.seed == null) {
            throw new ConflictException("The current dataset is imported: a live shop continues a simulated one"
                    + " (its customers' hidden rates and drop-out chances drive it). Append real orders with POST"
                    + " /api/orders instead.");
        }
        Document d = state().find(Filters.eq("_id", ID)).first();
        Document next;
        if (d != null && d.get("datasetVersion", Long.class) != null
                && d.get("datasetVersion", Long.class) == dataset.version) {
            next = d.append("running", true).append("speed", speed);
            next.remove("message");
        } else {
            Instant end = dataset.end();
            next = new Document("_id", ID).append("running", true).append("speed", speed)
                    .append("datasetVersion", dataset.version).append("seed", dataset.seed)
                    .append("clock", Date.from(end)).append("day", end.atZone(ZoneOffset.UTC).toLocalDate()
                            .toString())
                    .append("ordersAtDayStart", 0L).append("customersAtDayStart", 0)
                    .append("firstCustomerNumber", (int) dataset.customers).append("products", (int) dataset.products)
                    .append("newCustomersPerDay", config.live().newCustomersPerDay().orElse(
                            dataset.days == null || dataset.days == 0 ? 0 : (double) dataset.customers / dataset.days))
                    .append("ordersAdded", 0L).append("returnsAdded", 0L).append("customersAdded", 0L);
        }
        state().replaceOne(Filters.eq("_id", ID), next, new com.mongodb.client.model.ReplaceOptions().upsert(true));
        LOG.infof("Live shop of dataset version %d running at %.4f simulated days a second", dataset.version, speed);
        return status();
    }

    public synchronized Status stop(String why) {
        state().updateOne(Filters.eq("_id", ID), Updates.combine(Updates.set("running", false),
                why == null ? Updates.unset("message") : Updates.set("message", why)), new UpdateOptions());
        return status();
    }

    /** The dataset flow's first step on a new version: a live shop of an older one stops. */
    public void datasetChanged(long version) {
        Status s = status();
        if (s.running() && s.datasetVersion() != null && s.datasetVersion() < version) {
            stop("Stopped: dataset version " + s.datasetVersion() + " was replaced by version " + version + ".");
            LOG.infof("Live shop stopped: dataset version %d replaced", s.datasetVersion());
        }
    }

    private void tickSafely() {
        try {
            tick();
            failing = false;
        } catch (ConflictException e) {
            runner = null;
            if (jobs.running().isEmpty()) {
                stop(e.getMessage());
            }
            // else a generation or import is under way: the flow stops the shop if it commits, and if it fails the
            // shop goes on.
        } catch (RuntimeException e) {
            // MongoDB away, say: the next tick tries again from the stored state.
            runner = null;
            // Every tick asks MongoDB for the lease: while it is away, say so once, not four times a second.
            if (!failing) {
                LOG.warnf("Live shop tick failed (%s); the next ones resume from the stored clock", e.getMessage());
            }
            failing = true;
        }
    }

    synchronized void tick() {
        if (jobs.running().isPresent()) {
            return;
        }
        Document d = lease();
        if (d == null) {
            runner = null;
            return;
        }
        long version = d.getLong("datasetVersion");
        DatasetInfo dataset = store.current().orElse(null);
        if (dataset == null || dataset.version != version) {
            throw new ConflictException("Stopped: the dataset it continued (version " + version + ") was replaced.");
        }
        Optional<OrderFrame> frame = frames.current().filter(f -> f.version() == version);
        if (frame.isEmpty()) {
            return; // the frame of this version is still being made
        }
        if (runner != null && runner.version != version) {
            // Restarted on a newer dataset between two ticks: the day in memory is the old shop's.
            runner = null;
        }
        if (runner == null) {
            // A frame behind MongoDB (this replica's appends still being followed, or another replica's not yet
            // polled) would miss live sales whose returns are to come: resume from one that holds every append.
            DatasetInfo now = store.reload().orElse(null);
            if (now == null || frame.get().appended() < now.appended) {
                return;
            }
            runner = resume(d, frame.get());
        }
        long nowNanos = System.nanoTime();
        double speed = number(d, "speed");
        Instant target = runner.clock.plusMillis((long) ((nowNanos - runner.lastNanos) / 1e6 * speed * 86_400));
        runner.lastNanos = nowNanos;
        advance(version, target);
    }

    /** Appends every order up to {@code target}, day by day, and stores the state after each append. */
    private void advance(long version, Instant target) {
        while (true) {
            if (runner.today == null) {
                runner.today = runner.shop.next(runner.day);
                runner.emitted = 0;
                runner.profilesWritten = false;
            }
            LiveShop.Day today = runner.today;
            Instant midnight = runner.day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            Instant upTo = target.isBefore(midnight) ? target : midnight;
            List<Order> due = new ArrayList<>();
            while (runner.emitted < today.orders().size() && today.orders().get(runner.emitted).date.isBefore(upTo)) {
                due.add(today.orders().get(runner.emitted++));
            }
            if (!due.isEmpty() || !runner.profilesWritten) {
                // The profiles go with every append of the day: a customer is stored with their first order, which
                // may come in a later tick than the day's first.
                Appends.Result result = appends.appendSimulated(version, due, today.newCustomers(),
                        runner.profilesWritten ? List.of() : today.truths(), runner.day);
                runner.ordersAdded += result.accepted() - result.returns();
                runner.returnsAdded += result.returns();
                runner.customersAdded += runner.profilesWritten ? 0 : today.newCustomers().size();
                runner.profilesWritten = true;
            }
            runner.clock = upTo;
            if (!target.isBefore(midnight)) {
                runner.day = runner.day.plusDays(1);
                runner.ordersAtDayStart = runner.shop.ordersMade();
                runner.customersAtDayStart = runner.shop.customersMade();
                runner.today = null;
                save();
                continue;
            }
            save();
            return;
        }
    }

    private void save() {
        state().updateOne(Filters.and(Filters.eq("_id", ID), Filters.eq("owner", owner)), Updates.combine(
                Updates.set("clock", Date.from(runner.clock)), Updates.set("day", runner.day.toString()),
                Updates.set("ordersAtDayStart", runner.ordersAtDayStart),
                Updates.set("customersAtDayStart", runner.customersAtDayStart),
                Updates.set("ordersAdded", runner.ordersAdded), Updates.set("returnsAdded", runner.returnsAdded),
                Updates.set("customersAdded", runner.customersAdded)));
    }

    /**
     * The live shop as it was when the stored day began: customers who had ordered (the generated ones who ever did,
     * and every one the live shop brought in) and had not dropped out before that day.
     */
    private Runner resume(Document d, OrderFrame frame) {
        LocalDate day = LocalDate.parse(d.getString("day"));
        Instant dayStart = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        int firstNew = d.getInteger("firstCustomerNumber");
        Map<String, CustomerTruth> truth = shop.truth();
        List<LiveShop.Shopper> shoppers = new ArrayList<>();
        shop.forEachCustomer(c -> {
            CustomerTruth t = truth.get(c.id);
            if (t == null) {
                return;
            }
            boolean brought = LiveShop.broughtIn(c.id, firstNew);
            boolean ordered = brought || frame.customerCode(c.id).stream().anyMatch(code -> frame.orderCountOf(code) > 0);
            boolean gone = t.dropoutDate != null && t.dropoutDate.isBefore(dayStart);
            shoppers.add(new LiveShop.Shopper(c.id, c.country, t, ordered && !gone));
        });
        List<Product> products = new ArrayList<>();
        shop.forEachProduct(p -> {
            if (p.id.matches("P\\d{5,}")) {
                products.add(p);
            }
        });
        products.sort(java.util.Comparator.comparing(p -> p.id));
        List<Product> generated = products.subList(0, Math.min(products.size(), d.getInteger("products")));
        LiveShop live = new LiveShop(d.getLong("seed"), generated, shoppers, firstNew, number(d, "newCustomersPerDay"),
                DatasetGenerator.shares(config.mix()), d.getLong("ordersAtDayStart"), d.getInteger("customersAtDayStart"),
                liveSales(frame, dayStart));
        Runner r = new Runner(d.getLong("datasetVersion"), live, day, instant(d, "clock"));
        r.ordersAtDayStart = d.getLong("ordersAtDayStart");
        r.customersAtDayStart = d.getInteger("customersAtDayStart");
        r.ordersAdded = d.getLong("ordersAdded");
        r.returnsAdded = d.get("returnsAdded", 0L);
        r.customersAdded = d.getLong("customersAdded");
        LOG.infof("Live shop resumed at %s (day %s) with %d customers still buying", r.clock, day,
                shoppers.stream().filter(s -> s.buying).count());
        return r;
    }

    /** The live shop's sales in the frame from {@link LiveShop#RETURN_WINDOW_DAYS} days before {@code dayStart} to it. */
    static List<Order> liveSales(OrderFrame frame, Instant dayStart) {
        List<Order> sales = new ArrayList<>();
        int end = frame.lowerBound(dayStart.toEpochMilli());
        for (int o = frame.lowerBound(dayStart.minus(LiveShop.RETURN_WINDOW_DAYS, ChronoUnit.DAYS)
                .toEpochMilli()); o < end; o++) {
            if (LiveShop.isLiveSale(frame.orderId(o))) {
                sales.add(frame.order(o));
            }
        }
        return sales;
    }

    /** The state document when this replica holds (or now takes) the running shop; null otherwise. */
    private Document lease() {
        Instant now = clock.instant();
        return state().findOneAndUpdate(Filters.and(Filters.eq("_id", ID), Filters.eq("running", true),
                Filters.or(Filters.exists("owner", false), Filters.eq("owner", owner),
                        Filters.lt("leaseUntil", Date.from(now)))),
                Updates.combine(Updates.set("owner", owner),
                        Updates.set("leaseUntil", Date.from(now.plus(config.live().leaseTtl())))),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
    }

    private static MongoCollection<Document> state() {
        return DatasetStore.database().getCollection(COLLECTION);
    }

    private static double number(Document d, String field) {
        Object v = d.get(field);
        return v instanceof Number n ? n.doubleValue() : 0;
    }

    private static Instant instant(Document d, String field) {
        Date date = d.getDate(field);
        return date == null ? null : date.toInstant();
    }

    /** The day in progress on this replica. */
    private static final class Runner {
        final long version;
        final LiveShop shop;
        LocalDate day;
        Instant clock;
        long lastNanos = System.nanoTime();
        LiveShop.Day today;
        int emitted;
        boolean profilesWritten;
        long ordersAtDayStart;
        int customersAtDayStart;
        long ordersAdded;
        long returnsAdded;
        long customersAdded;

        Runner(long version, LiveShop shop, LocalDate day, Instant clock) {
            this.version = version;
            this.shop = shop;
            this.day = day;
            this.clock = clock;
        }
    }
}

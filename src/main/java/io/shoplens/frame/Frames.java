package io.shoplens.frame;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.shoplens.store.Customer;
import io.shoplens.store.DatasetInfo;
import io.shoplens.store.Order;
import io.shoplens.store.Product;
import io.shoplens.store.FrameSnapshots;
import io.shoplens.store.ShopRepository;

/**
 * Holds the analysis frame of the served dataset. A frame is made once per dataset version: loaded from its stored
 * snapshot when there is one, else built by one streamed read of the collections (and then stored). The frame of an
 * older version keeps serving until the newer one is ready; a build for a version older than the one serving is
 * dropped, so the newer version always wins.
 */
@ApplicationScoped
public class Frames {
    private static final Logger LOG = Logger.getLogger(Frames.class);

    @Inject
    ShopRepository shop;
    @Inject
    FrameSnapshots snapshots;
    @Inject
    FrameConfig config;

    private volatile OrderFrame current;
    private volatile Long preparing;
    private volatile Failure failure;
    /** The append sequence of the snapshot this replica stored last, and when (System.nanoTime). */
    private volatile long savedAppended;
    private volatile long savedAt = System.nanoTime();
    /**
     * A snapshot after appends once they pause this long (and the last one is a minute old), or this often while
     * they go on: at a million orders one takes seconds to write, and written in the middle of a stream of appends
     * (every minute, as before) it held the frame 1.2 to 2.8 s behind them in bench/append-load.sh.
     */
    private static final Duration SNAPSHOT_WHEN_QUIET = Duration.ofSeconds(5);
    private static final Duration SNAPSHOT_EVERY = Duration.ofMinutes(10);
    private volatile long extendedAt = System.nanoTime();

    /**
     * @param retry false when trying again cannot help (the dataset is too large); true for, e.g., MongoDB away
     */
    public record Failure(long version, String message, boolean retry) {
    }

    /** The newest frame built, if any; it may trail the dataset by the few seconds a build takes. */
    public Optional<OrderFrame> current() {
        return Optional.ofNullable(current);
    }

    /** The serving frame, or an exception that says why there is none (being prepared, or could not be). */
    public OrderFrame require() {
        OrderFrame frame = current;
        if (frame != null) {
            return frame;
        }
        Failure failed = failure;
        Long version = preparing;
        throw new AnalysisUnavailableException(failed != null ? failed.message()
                : "The analysis of the dataset is being prepared" + (version == null ? "" : " (version " + version
                        + ")") + "; try again in a few seconds.");
    }

    /** Why the last frame could not be made, while no newer one has been. */
    public Optional<Failure> failure() {
        return Optional.ofNullable(failure);
    }

    /**
     * Makes the frame of {@code dataset} and serves it; answers the serving frame instead when it is of that version
     * or newer. Synchronised: two frames are never built at once (memory), and no newer one can be served meanwhile.
     */
    public synchronized OrderFrame prepare(DatasetInfo dataset) {
        OrderFrame serving = current;
        if (serving != null && serving.version >= dataset.version) {
            return serving;
        }
        preparing = dataset.version;
        long started = System.nanoTime();
        try {
            requireFits(dataset.orders, 0, dataset);
            Optional<OrderFrame> stored = config.snapshots() ? loadSnapshot(dataset.version) : Optional.empty();
            OrderFrame frame = stored.orElseGet(() -> read(dataset));
            if (stored.isEmpty() && config.snapshots()) {
                saveSnapshot(frame);
            }
            if (frame.appended < dataset.appended) {
                // A snapshot from before the latest appends: the rest come from the orders' append sequence.
                frame = appendedSince(frame, dataset);
            }
            LOG.infof("Analysis frame of dataset version %d %s in %d ms: %d orders, %d lines, %d customers",
                    frame.version, stored.isPresent() ? "loaded from its snapshot" : "built from the orders",
                    Duration.ofNanos(System.nanoTime() - started).toMillis(), frame.orderCount(), frame.lineCount(),
                    frame.customerCount());
            current = frame;
            failure = null;
            return frame;
        } catch (RuntimeException e) {
            // Trying again helps when MongoDB was away, not when the data cannot be held: too many orders, or money
            // past a long's cents (stored by another writer; imports and appends refuse it), which was retried and
            // logged as an ERROR every second.
            boolean hopeless = e instanceof FrameTooLargeException || e instanceof ArithmeticException;
            failure = new Failure(dataset.version, "The analysis of dataset version " + dataset.version
                    + " could not be prepared: " + e.getMessage(), !hopeless);
            throw e;
        } finally {
            preparing = null;
        }
    }

    /**
     * Adds orders appended to the serving frame's dataset version and serves the result, made from the serving
     * frame's columns without re-reading what it holds. {@code orders} are the appended ones in sequence order, with
     * the customers and products they created; when they do not follow on from the frame (appends through another
     * replica, or ones this one missed) the missing ones are read from the orders' append sequence instead. Answers
     * empty when the frame is of another version (a new dataset is on its way) or already holds them.
     */
    public synchronized Optional<OrderFrame> extend(DatasetInfo dataset, List<Order> orders, List<Customer> customers,
            List<Product> products) {
        OrderFrame base = current;
        if (base == null || base.version != dataset.version || base.appended >= dataset.appended) {
            return Optional.empty();
        }
        long started = System.nanoTime();
        OrderFrame frame;
        if (followsOn(base, orders)) {
            frame = extended(base, dataset, customers, products, orders);
        } else {
            frame = appendedSince(base, dataset);
        }
        current = frame;
        extendedAt = System.nanoTime();
        LOG.debugf("Frame of dataset version %d extended to append %d in %d ms: %d orders", frame.version,
                frame.appended, Duration.ofNanos(System.nanoTime() - started).toMillis(), frame.orderCount());
        return Optional.of(frame);
    }

    /**
     * Whether {@code orders} are numbered one after another from the frame's last: appends through this replica
     * taken together may have another replica's between them (TwoReplicasIT, appending through both at once), and
     * those must not be skipped.
     */
    private static boolean followsOn(OrderFrame base, List<Order> orders) {
        for (int i = 0; i < orders.size(); i++) {
            if (orders.get(i).seq != base.appended + 1 + i) {
                return false;
            }
        }
        return !orders.isEmpty();
    }

    /**
     * {@code base} with the orders appended after it read from MongoDB by their sequence, up to the first one
     * missing (an append still being written through another replica: the next poll takes it).
     */
    private OrderFrame appendedSince(OrderFrame base, DatasetInfo dataset) {
        List<Order> orders = shop.ordersAppendedAfter(base.appended);
        long next = base.appended + 1;
        int contiguous = 0;
        while (contiguous < orders.size() && orders.get(contiguous).seq == next) {
            contiguous++;
            next++;
        }
        orders = orders.subList(0, contiguous);
        java.util.Set<String> customerIds = new java.util.HashSet<>();
        java.util.Set<String> productIds = new java.util.HashSet<>();
        for (Order o : orders) {
            if (base.customerCode(o.customerId).isEmpty()) {
                customerIds.add(o.customerId);
            }
            for (var line : o.lines) {
                productIds.add(line.productId);
            }
        }
        return extended(base, dataset, shop.customers(customerIds),
                shop.products(productIds).stream().filter(p -> !base.hasProduct(p.id)).toList(), orders);
    }

    /** {@code base} with {@code orders} and the customers and products they brought, ending at the later end. */
    private OrderFrame extended(OrderFrame base, DatasetInfo dataset, List<Customer> customers,
            List<Product> products, List<Order> orders) {
        FrameBuilder builder = FrameBuilder.extending(base, later(base.end, dataset.end()));
        customers.forEach(builder::customer);
        products.forEach(builder::product);
        orders.forEach(builder::order);
        requireFits(builder.orders(), builder.lines(), dataset);
        return builder.build();
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    /**
     * Stores the serving frame's snapshot when appends have added to it since the stored one, so that a restart
     * reads only the later appends; the flow calls it every poll, and it writes only as {@link #SNAPSHOT_EVERY}
     * says.
     */
    public void saveIfAppended() {
        save(false);
    }

    /** At shutdown: whatever the appends since the stored snapshot, so that a restart reads none of them again. */
    public void saveAppended() {
        save(true);
    }

    private void save(boolean now) {
        OrderFrame frame = current;
        long at = System.nanoTime();
        boolean quiet = at - extendedAt > SNAPSHOT_WHEN_QUIET.toNanos()
                && at - savedAt > Duration.ofMinutes(1).toNanos();
        if (frame != null && config.snapshots() && frame.appended > savedAppended
                && (now || quiet || at - savedAt > SNAPSHOT_EVERY.toNanos())) {
            saveSnapshot(frame);
        }
    }

    private OrderFrame read(DatasetInfo dataset) {
        FrameBuilder builder = new FrameBuilder(dataset.version, dataset.end(), dataset.simulated());
        shop.forEachProduct(builder::product);
        shop.forEachCustomer(builder::customer);
        shop.forEachOrder(order -> {
            builder.order(order);
            if (builder.orders() % 100_000 == 0) {
                requireFits(builder.orders(), builder.lines(), dataset);
            }
        });
        return builder.build();
    }

    private void requireFits(long orders, long lines, DatasetInfo dataset) {
        long bytes = FrameBuilder.estimatedBytes(orders, lines);
        if (bytes > config.maxBytes()) {
            throw new FrameTooLargeException("dataset version " + dataset.version + " has " + dataset.orders
                    + " orders; its analysis frame would take more than " + config.maxBytes() / 1_000_000
                    + " MB (shoplens.frame.max-bytes). Raise the limit with more memory, or use a smaller dataset.");
        }
    }

    private Optional<OrderFrame> loadSnapshot(long version) {
        try {
            return snapshots.load(version, FrameCodec::read);
        } catch (RuntimeException e) {
            LOG.warnf("The stored frame of dataset version %d could not be read (%s); building it from the orders",
                    version, e.getMessage());
            return Optional.empty();
        }
    }

    private void saveSnapshot(OrderFrame frame) {
        try {
            snapshots.save(frame.version, out -> FrameCodec.write(frame, out));
            savedAppended = frame.appended;
            savedAt = System.nanoTime();
        } catch (RuntimeException e) {
            LOG.warnf("The frame of dataset version %d could not be stored (%s); a restart will rebuild it",
                    frame.version, e.getMessage());
        }
    }

    /** No frame serves yet: pages answer 503 with Retry-After, and say why. */
    public static final class AnalysisUnavailableException extends RuntimeException {
        public AnalysisUnavailableException(String message) {
            super(message, null, false, false);
        }
    }

    /** A dataset too large for the configured frame memory. */
    public static final class FrameTooLargeException extends RuntimeException {
        FrameTooLargeException(String message) {
            super(message, null, false, false);
        }
    }
}

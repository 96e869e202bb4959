package io.shoplens.frame;

import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.shoplens.store.DatasetInfo;
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
            LOG.infof("Analysis frame of dataset version %d %s in %d ms: %d orders, %d lines, %d customers",
                    frame.version, stored.isPresent() ? "loaded from its snapshot" : "built from the orders",
                    Duration.ofNanos(System.nanoTime() - started).toMillis(), frame.orderCount(), frame.lineCount(),
                    frame.customerCount());
            current = frame;
            failure = null;
            return frame;
        } catch (RuntimeException e) {
            failure = new Failure(dataset.version, "The analysis of dataset version " + dataset.version
                    + " could not be prepared: " + e.getMessage(), !(e instanceof FrameTooLargeException));
            throw e;
        } finally {
            preparing = null;
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

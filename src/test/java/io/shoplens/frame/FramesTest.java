package io.shoplens.frame;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.shoplens.store.DatasetInfo;
import io.shoplens.store.DatasetStore;
import io.shoplens.store.FrameSnapshots;
import io.shoplens.store.Order;
import io.shoplens.store.ShopRepository;
import io.shoplens.testing.Api;
import io.shoplens.testing.EmbeddedMongoResource;

/**
 * Frames as a restarted app (a new {@link Frames} on the same database) makes them: from the stored snapshot of the
 * current version, rebuilt from the orders when only an older version's snapshot is stored, refused when too large.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedMongoResource.class)
class FramesTest {
    @Inject
    Frames served;
    @Inject
    DatasetStore store;
    @Inject
    ShopRepository shop;
    @Inject
    FrameSnapshots snapshots;

    /** Counts the orders read, so a test can tell a snapshot load from a rebuild. */
    final AtomicInteger ordersRead = new AtomicInteger();

    Frames restarted(long maxBytes) {
        Frames frames = new Frames();
        frames.shop = new ShopRepository() {
            @Override
            public void forEachOrder(java.util.function.Consumer<Order> action) {
                shop.forEachOrder(o -> {
                    ordersRead.incrementAndGet();
                    action.accept(o);
                });
            }

            @Override
            public void forEachCustomer(java.util.function.Consumer<io.shoplens.store.Customer> action) {
                shop.forEachCustomer(action);
            }

            @Override
            public void forEachProduct(java.util.function.Consumer<io.shoplens.store.Product> action) {
                shop.forEachProduct(action);
            }
        };
        frames.snapshots = snapshots;
        frames.config = new FrameConfig() {
            @Override
            public long maxBytes() {
                return maxBytes;
            }

            @Override
            public String pollEvery() {
                return "5s";
            }

            @Override
            public boolean snapshots() {
                return true;
            }
        };
        return frames;
    }

    @Test
    void aRestartLoadsTheCurrentVersionsSnapshotAndRebuildsWhenOnlyAnOlderOneIsStored() {
        long first = Api.regenerate("{\"customers\": 120, \"products\": 12, \"orders\": 2500, \"seed\": 31}");
        DatasetInfo older = store.current().orElseThrow();
        assertEquals(first, served.current().orElseThrow().version(), "the job ended with its frame serving");

        OrderFrame loaded = restarted(Long.MAX_VALUE).prepare(older);
        assertEquals(0, ordersRead.get(), "loaded from the snapshot, no order read");
        assertEquals(served.current().orElseThrow().orderCount(), loaded.orderCount());
        assertEquals(Behaviours.before(served.current().orElseThrow(), older.end()),
                Behaviours.before(loaded, older.end()));

        // Keep the older version's snapshot only, as a crash between a commit and its snapshot would leave it.
        byte[][] olderSnapshot = new byte[1][];
        snapshots.load(first, in -> olderSnapshot[0] = in.readAllBytes());
        long second = Api.regenerate("{\"customers\": 90, \"products\": 9, \"orders\": 1800, \"seed\": 32}");
        snapshots.save(first, out -> out.write(olderSnapshot[0]));
        DatasetInfo newer = store.current().orElseThrow();
        assertEquals(second, newer.version);

        OrderFrame rebuilt = restarted(Long.MAX_VALUE).prepare(newer);
        assertEquals(second, rebuilt.version(), "the older snapshot is not served for the newer version");
        assertEquals(Order.count(), ordersRead.get(), "rebuilt from every order");
        assertEquals(Api.sales(), rebuilt.orderCount());
        assertTrue(snapshots.load(second, in -> true).orElse(false), "and its own snapshot stored");
        assertFalse(snapshots.load(first, in -> true).isPresent(), "only the newest snapshot is kept");
    }

    /**
     * Two appends through this replica taken in one pass, with another replica's order numbered between them: the pass
     * reads the three from MongoDB rather than serving its own two and skipping the other's for good.
     */
    @Test
    void aPassHoldingItsOwnAppendsWithAnotherReplicasBetweenThemSkipsNone() {
        Api.regenerate("{\"customers\": 60, \"products\": 6, \"orders\": 900, \"seed\": 33}");
        DatasetInfo dataset = store.current().orElseThrow();
        Frames frames = restarted(Long.MAX_VALUE);
        OrderFrame base = frames.prepare(dataset);
        java.time.Instant at = dataset.lastOrderDate;
        Order own1 = appended("OWN-1", 1, at);
        Order other = appended("OTHER-2", 2, at);
        Order own3 = appended("OWN-3", 3, at);
        Order.mongoCollection().insertMany(java.util.List.of(own1, other, own3));
        dataset.appended = 3;
        dataset.orders += 3;

        OrderFrame frame = frames.extend(dataset, java.util.List.of(own1, own3), java.util.List.of(),
                java.util.List.of()).orElseThrow();
        assertEquals(3, frame.appended());
        assertEquals(base.orderCount() + 3, frame.orderCount(), "the other replica's order is in the frame too");
    }

    private static Order appended(String id, long seq, java.time.Instant date) {
        Order o = new Order();
        o.id = id;
        o.customerId = "C000001";
        o.date = date;
        o.country = "France";
        o.discount = java.math.BigDecimal.ZERO.setScale(2);
        o.lines = java.util.List.of(new io.shoplens.store.OrderLine("P00001", "Appended", 1,
                new java.math.BigDecimal("5.00")));
        o.total = o.subtotal();
        o.seq = seq;
        return o;
    }

    @Test
    void aBuildForAnOlderVersionLeavesTheNewerServing() {
        Api.awaitReady();
        OrderFrame serving = served.current().orElseThrow();
        DatasetInfo stale = new DatasetInfo();
        stale.version = serving.version() - 1;
        assertSame(serving, served.prepare(stale));
    }

    @Test
    void aDatasetTooLargeForTheFrameIsRefusedWithWhatToDo() {
        Api.awaitReady();
        DatasetInfo dataset = store.current().orElseThrow();
        Frames small = restarted(10_000);
        Frames.FrameTooLargeException refused = assertThrows(Frames.FrameTooLargeException.class,
                () -> small.prepare(dataset));
        assertTrue(refused.getMessage().contains("shoplens.frame.max-bytes"), refused.getMessage());
        assertTrue(small.current().isEmpty());
        Frames.Failure failure = small.failure().orElseThrow();
        assertFalse(failure.retry(), "trying again cannot help");
        assertThrows(Frames.AnalysisUnavailableException.class, small::require);
    }

    /** A large preset's snapshot is about 64 MB: over the embedded server's 48 MB reply, so it must come in batches. */
    @Test
    void aSnapshotLargerThanOneReplyReadsBack() {
        Api.awaitReady();
        byte[] data = new byte[60_000_000];
        new java.util.Random(3).nextBytes(data);
        long version = store.current().orElseThrow().version + 1000;
        snapshots.save(version, out -> out.write(data));
        byte[] back = snapshots.load(version, java.io.InputStream::readAllBytes).orElseThrow();
        org.junit.jupiter.api.Assertions.assertArrayEquals(data, back);
        // Leave the served version's snapshot in place for the other tests and restarts.
        snapshots.save(store.current().orElseThrow().version, out -> FrameCodec.write(served.current().orElseThrow(),
                out));
    }
}

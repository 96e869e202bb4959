package io.shoplens.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.bson.Document;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

import io.shoplens.common.BusyException;

/**
 * Serialises appends across replicas through one lock document in MongoDB, {@code append_lock}: an append numbers its
 * orders after the dataset's last append number, so two replicas appending at once (a Service spreads clients over
 * its pods) would number orders alike and each record its own count over the other's. The holder renews it while
 * its append runs and frees it when the append ends; one that dies meanwhile blocks the others until {@link #TTL} has
 * passed, and the next holder learns that it took over an append that never ended, so that it counts in what that
 * one wrote. Callers serialise their own calls (the append path is synchronised).
 */
@ApplicationScoped
class AppendLock {
    static final String COLLECTION = "append_lock";
    private static final String ID = "appends";
    /**
     * How long a holder's claim lasts unless renewed; the holder renews it every third of that while it appends. Short,
     * because a pod killed during an append and restarted has a new owner name: its first append waits for its own
     * old claim to lapse (AppendDurabilityIT met a 60 s one as a 503).
     */
    static final Duration TTL = Duration.ofSeconds(6);
    /** How long an append waits for another replica's to end before it is answered 503 (try again). */
    static final Duration WAIT = Duration.ofSeconds(15);

    private final java.util.concurrent.ScheduledExecutorService renewal =
            io.shoplens.common.Threads.scheduled("shoplens-append-lock");
    private java.util.concurrent.ScheduledFuture<?> renewing;

    /** This replica, in the lock document. */
    private final String owner = io.shoplens.common.ReplicaName.unique();

    private static MongoCollection<Document> locks() {
        return DatasetStore.database().getCollection(COLLECTION);
    }

    /**
     * Takes the lock, waiting while another replica holds it.
     *
     * @return whether the replica that held it before never freed it (it died during an append)
     * @throws BusyException when another replica held it for all of {@link #WAIT}
     */
    boolean acquire() {
        long deadline = System.nanoTime() + WAIT.toNanos();
        long pause = 2;
        while (true) {
            Optional<Document> before = tryAcquire();
            if (before != null) {
                long every = TTL.toMillis() / 3;
                renewing = renewal.scheduleAtFixedRate(this::renew, every, every,
                        java.util.concurrent.TimeUnit.MILLISECONDS);
                return before.filter(d -> !d.getBoolean("released", true) && !owner.equals(d.getString("owner")))
                        .isPresent();
            }
            if (System.nanoTime() > deadline) {
                throw new BusyException("Another replica has been appending orders for " + WAIT.toSeconds()
                        + " s; try again in a moment.");
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BusyException("Interrupted while another replica appended orders; try again.");
            }
            pause = Math.min(50, pause * 2);
        }
    }

    /** The lock document as it was before this replica took it (empty if there was none), or null if held. */
    private Optional<Document> tryAcquire() {
        Instant now = Instant.now();
        Optional<Document> before = LockDocument.take(locks(), ID, Filters.or(Filters.exists("expiresAt", false),
                Filters.lte("expiresAt", Date.from(now)), Filters.eq("released", true), Filters.eq("owner", owner)),
                new Document("owner", owner).append("released", false).append("acquiredAt", Date.from(now))
                        .append("expiresAt", Date.from(now.plus(TTL))));
        return before.isPresent() ? before : null;
    }

    private void renew() {
        try {
            locks().updateOne(Filters.and(Filters.eq("_id", ID), Filters.eq("owner", owner)),
                    Updates.set("expiresAt", Date.from(Instant.now().plus(TTL))));
        } catch (RuntimeException e) {
            // The append itself meets the same database trouble and fails; the claim then lapses.
        }
    }

    /** Frees the lock if this replica holds it. */
    void release() {
        if (renewing != null) {
            renewing.cancel(false);
            renewing = null;
        }
        locks().updateOne(Filters.and(Filters.eq("_id", ID), Filters.eq("owner", owner)),
                Updates.combine(Updates.set("released", true), Updates.set("expiresAt", Date.from(Instant.now()))));
    }
}

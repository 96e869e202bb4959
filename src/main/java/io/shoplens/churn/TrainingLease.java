package io.shoplens.churn;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.bson.Document;
import org.bson.conversions.Bson;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

import io.shoplens.store.DatasetStore;
import io.shoplens.store.LockDocument;

/**
 * Decides which replica trains, through one lock document in MongoDB: every pod runs the scheduler, and only the one
 * whose atomic {@code findOneAndUpdate} takes the lease trains. The lease has an owner and an expiry that the
 * training replica renews while it trains (see {@link #renew}), so a pod that dies while training blocks the others
 * only until its last renewal expires; a scheduled run also records its fire time, so the
 * pods that fire a moment later for the same schedule see that it is taken.
 */
@ApplicationScoped
class TrainingLease {
    static final String COLLECTION = "churn_lease";
    static final String ID = "churn-training";

    @Inject
    ChurnConfig config;
    @Inject
    Clock clock;

    /** This replica, in the lock document. */
    private final String owner = io.shoplens.common.ReplicaName.unique();

    String owner() {
        return owner;
    }

    private static MongoCollection<Document> leases() {
        return DatasetStore.database().getCollection(COLLECTION);
    }

    /**
     * Takes the lease when it is free, expired or already this replica's; with a {@code scheduledFor} fire time, only if no replica has
     * taken that run yet. Answers whether this replica holds it now.
     */
    boolean acquire(Instant scheduledFor) {
        Instant now = clock.instant();
        List<Bson> conditions = new ArrayList<>();
        // This replica may always retake its own lease: it trains one at a time, so a lease it still holds is one
        // it could not release (the database was down when its training ended).
        conditions.add(Filters.or(Filters.exists("expiresAt", false), Filters.lte("expiresAt", Date.from(now)),
                Filters.eq("owner", owner)));
        if (scheduledFor != null) {
            conditions.add(Filters.or(Filters.exists("scheduledFor", false),
                    Filters.lt("scheduledFor", Date.from(scheduledFor))));
        }
        Document fields = new Document("owner", owner).append("acquiredAt", Date.from(now))
                .append("expiresAt", Date.from(now.plus(config.leaseTtl())));
        if (scheduledFor != null) {
            fields.append("scheduledFor", Date.from(scheduledFor));
        }
        return LockDocument.take(leases(), ID, Filters.and(conditions), fields).isPresent();
    }

    /**
     * Pushes this replica's lease expiry a TTL ahead while its training runs: the TTL can then be short, and a
     * replica that dies mid-training blocks the others only that long.
     */
    void renew() {
        leases().updateOne(Filters.and(Filters.eq("_id", ID), Filters.eq("owner", owner)),
                Updates.set("expiresAt", Date.from(clock.instant().plus(config.leaseTtl()))));
    }

    /** Frees the lease at once (keeping the last scheduled run), if this replica still holds it. */
    void release() {
        leases().updateOne(Filters.and(Filters.eq("_id", ID), Filters.eq("owner", owner)),
                Updates.set("expiresAt", Date.from(clock.instant())));
    }

    Optional<Document> holder() {
        return Optional.ofNullable(leases().find(Filters.eq("_id", ID)).first());
    }

}

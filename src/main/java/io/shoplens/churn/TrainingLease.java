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

import com.mongodb.MongoWriteException;
import com.mongodb.MongoCommandException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;

import io.shoplens.store.DatasetStore;

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
        conditions.add(Filters.eq("_id", ID));
        // This replica may always retake its own lease: it trains one at a time, so a lease it still holds is one
        // it could not release (the database was down when its training ended).
        conditions.add(Filters.or(Filters.exists("expiresAt", false), Filters.lte("expiresAt", Date.from(now)),
                Filters.eq("owner", owner)));
        if (scheduledFor != null) {
            conditions.add(Filters.or(Filters.exists("scheduledFor", false),
                    Filters.lt("scheduledFor", Date.from(scheduledFor))));
        }
        List<Bson> updates = new ArrayList<>(List.of(Updates.set("owner", owner),
                Updates.set("acquiredAt", Date.from(now)),
                Updates.set("expiresAt", Date.from(now.plus(config.leaseTtl())))));
        if (scheduledFor != null) {
            updates.add(Updates.set("scheduledFor", Date.from(scheduledFor)));
        }
        try {
            Document taken = leases().findOneAndUpdate(Filters.and(conditions), Updates.combine(updates),
                    new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
            return taken != null && owner.equals(taken.getString("owner"));
        } catch (MongoWriteException | MongoCommandException e) {
            // The upsert ran into the existing document: another replica holds the lease or took this run.
            if (DatasetStore.isDuplicateKey(e)) {
                return false;
            }
            throw e;
        }
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

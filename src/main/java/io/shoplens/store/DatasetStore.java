package io.shoplens.store;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.mongodb.MongoNamespace;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.RenameCollectionOptions;
import com.mongodb.client.model.ReplaceOptions;

import io.shoplens.common.Expiring;

/**
 * Replaces a whole dataset at once: writers fill staging collections, and only a complete dataset is renamed over the
 * live collections (MongoDB has no multi-document transactions on the embedded server, but each rename is atomic),
 * so readers never see half a dataset and a failed writer leaves the previous one serving.
 */
@ApplicationScoped
public class DatasetStore {
    private static final Logger LOG = Logger.getLogger(DatasetStore.class);
    static final String STAGING_SUFFIX = "_staging";

    @Inject
    Event<DatasetChanged> changed;
    @Inject
    EmbeddedMongo embedded;

    /** Every page reads this; a second-old answer is fine. */
    private final Expiring<Optional<DatasetInfo>> current = new Expiring<>(Duration.ofSeconds(1),
            () -> Optional.ofNullable(DatasetInfo.findById(DatasetInfo.CURRENT)));

    public Optional<DatasetInfo> current() {
        return current.get();
    }

    /**
     * The current dataset read from MongoDB now, for the poll that follows other replicas: through the one-second cache
     * a poll every second saw another replica's append only every other time (its read is stamped after it is made),
     * so an append could take more than 2 s to show.
     */
    public Optional<DatasetInfo> reload() {
        current.clear();
        return current.get();
    }

    /** Fresh, empty staging collections; whatever an earlier failed attempt left there is dropped first. */
    public Staging openStaging() {
        dropIfExists(Staging.LIVE_NAMES.stream().map(name -> name + STAGING_SUFFIX).toArray(String[]::new));
        MongoDatabase db = database();
        return new Staging(
                db.getCollection(Customer.COLLECTION + STAGING_SUFFIX, Customer.class),
                db.getCollection(Product.COLLECTION + STAGING_SUFFIX, Product.class),
                db.getCollection(Order.COLLECTION + STAGING_SUFFIX, Order.class),
                db.getCollection(CustomerTruth.COLLECTION + STAGING_SUFFIX, CustomerTruth.class));
    }

    public void discard(Staging staging) {
        try {
            dropIfExists(staging.all().stream().map(c -> c.getNamespace().getCollectionName())
                    .toArray(String[]::new));
        } catch (RuntimeException e) {
            LOG.warnf("Could not drop the staging collections (%s); the next attempt drops them", e.getMessage());
        }
    }

    /**
     * Swaps the staged collections in and records {@code info} as the current dataset with the next version. A staged
     * dataset without truth (an import) removes the previous truth so that no stale truth describes the new customers.
     */
    public synchronized DatasetInfo commit(Staging staging, DatasetInfo info) {
        if (!embedded.running()) {
            createIndexes(staging.orders());
        }
        MongoDatabase db = database();
        String dbName = db.getName();
        boolean hasTruth = staging.truth().countDocuments() > 0;
        for (MongoCollection<?> collection : staging.all()) {
            String live = collection.getNamespace().getCollectionName().replace(STAGING_SUFFIX, "");
            if (live.equals(CustomerTruth.COLLECTION) && !hasTruth) {
                dropIfExists(live, collection.getNamespace().getCollectionName());
                continue;
            }
            collection.renameCollection(new MongoNamespace(dbName, live), new RenameCollectionOptions().dropTarget(true));
        }
        info.id = DatasetInfo.CURRENT;
        DatasetInfo previous = DatasetInfo.findById(DatasetInfo.CURRENT);
        info.version = (previous == null ? 0L : previous.version) + 1;
        info.toStoredPrecision();
        DatasetInfo.mongoCollection().replaceOne(Filters.eq("_id", DatasetInfo.CURRENT), info,
                new ReplaceOptions().upsert(true));
        current.set(Optional.of(info));
        LOG.infof("Dataset version %d is now serving: %s, %d customers, %d products, %d orders", info.version,
                info.source, info.customers, info.products, info.orders);
        changed.fire(new DatasetChanged(info));
        return info;
    }

    /**
     * Records orders appended to the current version (counts, dates, append sequence). Only the version's own
     * document is replaced: a commit in between (which {@link DatasetJobs} keeps from happening in this process) would
     * make this a conflict rather than describe the new dataset with the old one's counts. On the embedded H2 file the
     * store is flushed before the append is acknowledged, so that a {@code kill -9} loses no acknowledged order.
     */
    public void recordAppend(DatasetInfo info) {
        info.toStoredPrecision();
        var result = DatasetInfo.mongoCollection().withWriteConcern(com.mongodb.WriteConcern.MAJORITY).replaceOne(
                Filters.and(Filters.eq("_id", DatasetInfo.CURRENT), Filters.eq("version", info.version)), info);
        if (result.getMatchedCount() == 0) {
            throw new io.shoplens.common.ConflictException("The dataset was replaced while orders were appended to"
                    + " version " + info.version + "; append them again to the new one if they belong there.");
        }
        embedded.flush();
        current.set(Optional.of(info));
    }

    /**
     * For a real MongoDB, whose users query the orders by customer and date. The embedded server ignores non-unique
     * indexes for queries, yet its H2 backend rebuilds each one from every document when it opens the file: two of
     * them made a restart with 200,000 orders take 30 s instead of 2.
     */
    private static void createIndexes(MongoCollection<Order> orders) {
        orders.createIndexes(List.of(
                new IndexModel(Indexes.ascending("customerId")),
                new IndexModel(Indexes.ascending("date"))));
    }

    /** Drops the collections that exist (dropping a missing one makes the embedded server log an error). */
    public static void dropIfExists(String... names) {
        MongoDatabase db = database();
        Set<String> existing = db.listCollectionNames().into(new HashSet<>());
        for (String name : names) {
            if (existing.contains(name)) {
                db.getCollection(name).drop();
            }
        }
    }

    /** The database the shop lives in, for the features' own repositories (churn models, leases). */
    public static MongoDatabase database() {
        return Order.mongoDatabase();
    }

    /** The four staging collections a writer fills before {@link #commit}. */
    public record Staging(MongoCollection<Customer> customers, MongoCollection<Product> products,
            MongoCollection<Order> orders, MongoCollection<CustomerTruth> truth) {
        static final List<String> LIVE_NAMES = List.of(Customer.COLLECTION, Product.COLLECTION, Order.COLLECTION,
                CustomerTruth.COLLECTION);

        List<MongoCollection<?>> all() {
            return List.of(customers, products, orders, truth);
        }
    }
}

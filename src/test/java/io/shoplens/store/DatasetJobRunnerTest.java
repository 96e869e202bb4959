package io.shoplens.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.shoplens.testing.Api;
import io.shoplens.testing.EmbeddedMongoResource;

@QuarkusTest
@QuarkusTestResource(EmbeddedMongoResource.class)
class DatasetJobRunnerTest {
    @Inject
    DatasetJobRunner runner;
    @Inject
    DatasetJobs jobs;

    @Test
    void aDatasetWithoutOrdersIsNeverCommitted() {
        long version = Api.awaitReady();
        long customers = Customer.count();
        io.shoplens.common.ValidationException e = assertThrows(io.shoplens.common.ValidationException.class, () -> runner.run(runner.begin("test"),
                (staging, job) -> {
                    Customer lonely = new Customer();
                    lonely.id = "LONELY";
                    staging.customers().insertOne(lonely);
                    DatasetInfo info = new DatasetInfo();
                    info.customers = 1;
                    return info;
                }));
        assertTrue(e.getMessage().contains("no sales orders"), e.getMessage());
        assertEquals(version, Api.awaitReady());
        assertEquals(customers, Customer.count());
        assertEquals("test", jobs.lastFailure().orElseThrow().kind());
        assertFalse(Order.mongoDatabase().listCollectionNames().into(new HashSet<>())
                .contains(Customer.COLLECTION + DatasetStore.STAGING_SUFFIX), "the staging collections are dropped");
        assertTrue(jobs.running().isEmpty(), "the job slot is free again");
    }

    /**
     * The committed object is what the store serves until its next reload from MongoDB: its dates must already be
     * what that reload reads back. The dataset committed is a copy of the current one, so other tests see the same
     * shop under a new version.
     */
    @Test
    void aCommittedDatasetIsServedAtTheStoredPrecision() {
        Api.awaitReady();
        DatasetInfo current = DatasetInfo.findById(DatasetInfo.CURRENT);
        java.time.Instant withNanos = java.time.Instant.parse("2026-01-02T03:04:05.123456789Z");
        DatasetInfo committed = runner.run(runner.begin("test"), (staging, job) -> {
            for (var collection : List.of(staging.customers(), staging.products(), staging.orders(), staging.truth())) {
                String name = collection.getNamespace().getCollectionName();
                List<org.bson.Document> documents = Order.mongoDatabase().getCollection(
                        name.replace(DatasetStore.STAGING_SUFFIX, "")).find().into(new java.util.ArrayList<>());
                if (!documents.isEmpty()) {
                    Order.mongoDatabase().getCollection(name).insertMany(documents);
                }
            }
            DatasetInfo copy = DatasetInfo.findById(DatasetInfo.CURRENT);
            copy.generatedAt = withNanos;
            copy.firstOrderDate = current.firstOrderDate.plusNanos(456_789);
            return copy;
        });
        assertEquals(java.time.Instant.parse("2026-01-02T03:04:05.123Z"), committed.generatedAt);
        assertEquals(current.firstOrderDate, committed.firstOrderDate);
        DatasetInfo stored = DatasetInfo.findById(DatasetInfo.CURRENT);
        assertEquals(stored.version, committed.version);
        assertEquals(stored.generatedAt, committed.generatedAt);
        assertEquals(stored.lastOrderDate, committed.lastOrderDate);
        assertEquals(Api.awaitReady(), committed.version);
    }
}

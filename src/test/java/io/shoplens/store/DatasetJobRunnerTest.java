package io.shoplens.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;

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
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> runner.run(runner.begin("test"),
                (staging, job) -> {
                    Customer lonely = new Customer();
                    lonely.id = "LONELY";
                    staging.customers().insertOne(lonely);
                    DatasetInfo info = new DatasetInfo();
                    info.customers = 1;
                    return info;
                }));
        assertTrue(e.getMessage().contains("no orders"), e.getMessage());
        assertEquals(version, Api.awaitReady());
        assertEquals(customers, Customer.count());
        assertEquals("test", jobs.lastFailure().orElseThrow().kind());
        assertFalse(Order.mongoDatabase().listCollectionNames().into(new HashSet<>())
                .contains(Customer.COLLECTION + DatasetStore.STAGING_SUFFIX), "the staging collections are dropped");
        assertTrue(jobs.running().isEmpty(), "the job slot is free again");
    }
}

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

    /**
     * Read at once after the commit, while the store still serves the committed object (a reload from MongoDB follows
     * within a second): it already has the stored precision.
     */
    @Test
    void whatIsServedRightAfterACommitIsWhatAReloadReadsBack() {
        Api.admin().contentType("application/json").body("{\"customers\":30,\"products\":5,\"orders\":300,\"seed\":4}")
                .post("/api/dataset").then().statusCode(202);
        io.restassured.path.json.JsonPath served;
        do {
            Api.pause();
            served = io.restassured.RestAssured.get("/api/dataset").then().statusCode(200).extract().jsonPath();
        } while (!"ready".equals(served.getString("status")));
        DatasetInfo stored = DatasetInfo.findById(DatasetInfo.CURRENT);
        assertEquals(stored.version, served.getLong("version"));
        assertEquals(stored.generatedAt.toString(), served.getString("generatedAt"));
        assertEquals(stored.firstOrderDate.toString(), served.getString("firstOrderDate"));
        assertEquals(stored.lastOrderDate.toString(), served.getString("lastOrderDate"));
    }
}

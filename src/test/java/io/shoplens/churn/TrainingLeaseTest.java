package io.shoplens.churn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.shoplens.frame.Frames;
import io.shoplens.store.ShopRepository;
import io.shoplens.testing.Api;
import io.shoplens.testing.EmbeddedMongoResource;

/**
 * Two replicas against one database: the app's own ChurnService and a second one built by hand with its own lease
 * owner and worker thread, as a second pod would have.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedMongoResource.class)
class TrainingLeaseTest {
    @Inject
    ChurnService replicaA;
    @Inject
    TrainingLease leaseOfA;
    @Inject
    ChurnConfig config;
    @Inject
    Frames frames;
    @Inject
    ShopRepository shop;
    @Inject
    ModelRepository models;
    @Inject
    Clock clock;
    @Inject
    MeterRegistry registry;
    @Inject
    jakarta.enterprise.inject.Instance<CustomerValues> values;

    ChurnService secondReplica() {
        TrainingLease lease = new TrainingLease();
        lease.config = config;
        lease.clock = clock;
        ChurnService replica = new ChurnService();
        replica.config = config;
        replica.frames = frames;
        replica.shop = shop;
        replica.models = models;
        replica.clock = clock;
        replica.lease = lease;
        replica.registry = registry;
        replica.values = values;
        return replica;
    }

    @Test
    void exactlyOneReplicaTrainsPerScheduleAndBothServeTheNewModel() throws Exception {
        long dataset = Api.regenerate(String.format(ChurnServiceTest.SHOP, 21));
        awaitModelFor(dataset);
        ChurnService replicaB = secondReplica();
        assertNotEquals(leaseOfA.owner(), replicaB.lease.owner());
        long before = replicaA.servingModel().orElseThrow().version();

        Instant fireTime = Instant.parse("2031-01-01T03:00:00Z");
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<ChurnService.Retraining>> runs = new ArrayList<>();
        for (ChurnService replica : List.of(replicaA, replicaB)) {
            runs.add(CompletableFuture.supplyAsync(() -> {
                await(start);
                return replica.runScheduled(fireTime);
            }));
        }
        start.countDown();
        boolean a = runs.get(0).get().started();
        boolean b = runs.get(1).get().started();
        assertTrue(a ^ b, "exactly one replica trains for the schedule (A: " + a + ", B: " + b + ")");
        String trainer = a ? leaseOfA.owner() : replicaB.lease.owner();
        assertEquals(trainer, leaseOfA.holder().orElseThrow().getString("owner"));

        awaitIdle(replicaA);
        awaitIdle(replicaB);
        ModelCard servedByA = awaitVersion(replicaA, before + 1);
        ModelCard servedByB = awaitVersion(replicaB, before + 1);
        assertEquals(before + 1, models.latest().orElseThrow().version(), "one new model, not two");
        assertEquals(servedByA.version(), servedByB.version(), "both replicas serve the new version");
        assertEquals(dataset, servedByB.datasetVersion());

        assertFalse(replicaB.runScheduled(fireTime).started(), "a replica firing late for the same schedule does not train");
        assertFalse(replicaA.runScheduled(fireTime).started());
        assertTrue(replicaB.runScheduled(fireTime.plus(Duration.ofDays(1))).started(), "the next schedule trains again");
        awaitIdle(replicaB);
        awaitVersion(replicaA, before + 2);
        replicaB.stop(Duration.ofSeconds(30));
    }

    @Test
    void aHeldLeaseKeepsOtherReplicasFromTrainingUntilItIsReleased() {
        awaitModelFor(Api.awaitReady());
        // A retraining that the previous test's dataset change queued in A may still hold the lease (seen under load).
        awaitIdle(replicaA);
        ChurnService replicaB = secondReplica();
        assertTrue(replicaB.lease.acquire(null));
        // The embedded server logged each refused take as an ERROR with its stack trace (a failed upsert).
        List<String> serverErrors = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler errors = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                if (record.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue()) {
                    serverErrors.add(record.getMessage());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        java.util.logging.Logger server = java.util.logging.Logger.getLogger("de.bwaldvogel.mongo");
        server.addHandler(errors);
        ChurnService.Retraining refused;
        try {
            refused = replicaA.requestRetraining("test while B holds the lease");
            assertFalse(leaseOfA.acquire(null));
        } finally {
            server.removeHandler(errors);
        }
        assertEquals(List.of(), serverErrors, "a held lease is an answer, not a server error");
        assertFalse(refused.started());
        assertTrue(refused.message().contains(replicaB.lease.owner()), refused.message());
        assertFalse(replicaA.isTraining());
        replicaB.lease.release();
        assertTrue(replicaA.requestRetraining("test after B released").started());
        awaitIdle(replicaA);
        replicaB.stop(Duration.ofSeconds(30));
    }

    @Test
    void aDatasetChangeDuringAnotherReplicasTrainingIsNotLost() {
        awaitModelFor(Api.regenerate(String.format(ChurnServiceTest.SHOP, 23)));
        ChurnService replicaB = secondReplica();
        assertTrue(replicaB.requestRetraining("a training on the old dataset").started());
        // The change's own retraining in A is skipped while B holds the lease; B notices when it finishes.
        long changed = Api.regenerate(String.format(ChurnServiceTest.SHOP, 24));
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (Instant.now().isBefore(deadline)
                && replicaA.servingModel().map(ModelCard::datasetVersion).orElse(0L) != changed) {
            ChurnServiceTest.sleep(100);
        }
        assertEquals(changed, replicaA.servingModel().orElseThrow().datasetVersion());
        awaitIdle(replicaB);
        replicaB.stop(Duration.ofSeconds(30));
    }

    /**
     * A replica that died holding the lease (it neither renews nor releases it) blocks the others only until the
     * lease expires; one that lives renews it past its TTL. The test profile's TTL is two seconds.
     */
    @Test
    void aDeadHoldersLeaseExpiresWithinItsTtlAndALiveOneIsRenewed() {
        awaitModelFor(Api.awaitReady());
        awaitIdle(replicaA);
        ChurnService replicaB = secondReplica();
        assertEquals(Duration.ofSeconds(2), config.leaseTtl());
        assertTrue(replicaB.lease.acquire(null));
        Instant renewUntil = Instant.now().plus(config.leaseTtl().multipliedBy(2));
        while (Instant.now().isBefore(renewUntil)) {
            replicaB.lease.renew();
            assertFalse(leaseOfA.acquire(null), "a renewed lease stays with its holder past its TTL");
            ChurnServiceTest.sleep(300);
        }
        // B "dies": no renewal, no release.
        Instant deadline = Instant.now().plus(config.leaseTtl()).plusMillis(500);
        ChurnService.Retraining retraining = replicaA.requestRetraining("B stopped renewing");
        while (!retraining.started() && Instant.now().isBefore(deadline)) {
            ChurnServiceTest.sleep(100);
            retraining = replicaA.requestRetraining("B stopped renewing");
        }
        assertTrue(retraining.started(), "A trains once the dead holder's lease expired: " + retraining.message());
        awaitIdle(replicaA);
        replicaB.stop(Duration.ofSeconds(30));
    }

    /** Waits until the training that follows a dataset change has served a model for it. */
    void awaitModelFor(long dataset) {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (Instant.now().isBefore(deadline) && (replicaA.isTraining()
                || replicaA.servingModel().map(ModelCard::datasetVersion).orElse(0L) != dataset)) {
            ChurnServiceTest.sleep(100);
        }
        assertEquals(dataset, replicaA.servingModel().orElseThrow().datasetVersion());
        awaitIdle(replicaA);
    }

    /** A replica reads the serving card at most a second old: it sees another's promotion within that second. */
    static ModelCard awaitVersion(ChurnService replica, long version) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(3));
        ModelCard card = replica.servingModel().orElseThrow();
        while (card.version() != version && Instant.now().isBefore(deadline)) {
            ChurnServiceTest.sleep(50);
            card = replica.servingModel().orElseThrow();
        }
        assertEquals(version, card.version(), "serving version seen by a replica");
        return card;
    }

    static void awaitIdle(ChurnService replica) {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (replica.isTraining() && Instant.now().isBefore(deadline)) {
            ChurnServiceTest.sleep(50);
        }
        assertFalse(replica.isTraining(), "training still running after 3 minutes");
    }

    static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

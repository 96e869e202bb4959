package io.shoplens.store;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * One job at a time, never under an append being written, and a job does not fail for meeting a short append; at
 * shutdown the running job is interrupted, unless it is swapping its collections in, and no new one starts.
 */
class DatasetJobsTest {
    @Test
    void aJobWaitsForTheAppendBeingWrittenThenStarts() throws Exception {
        DatasetJobs jobs = new DatasetJobs();
        jobs.registry = new SimpleMeterRegistry();
        assertTrue(jobs.tryAppend());
        AtomicBoolean appendDone = new AtomicBoolean();
        CompletableFuture<Optional<DatasetJobs.Job>> start = CompletableFuture.supplyAsync(
                () -> jobs.tryStart("generate", Instant.now()));
        Thread.sleep(300);
        assertFalse(start.isDone(), "the job waits while the append is written");
        appendDone.set(true);
        jobs.appendDone();
        try (DatasetJobs.Job job = start.get(10, TimeUnit.SECONDS).orElseThrow()) {
            assertTrue(appendDone.get());
            assertFalse(jobs.tryAppend(), "no append starts under the job");
            assertTrue(jobs.tryStart("import", Instant.now()).isEmpty(), "one job at a time");
        }
        assertTrue(jobs.tryAppend(), "appends go on once the job is over");
        jobs.appendDone();
    }

    @Test
    void theShutdownWaitsForTheAppendBeingWrittenAndRefusesNewOnes() throws Exception {
        DatasetJobs jobs = new DatasetJobs();
        jobs.registry = new SimpleMeterRegistry();
        assertTrue(jobs.tryAppend());
        CompletableFuture<Boolean> stopped = CompletableFuture.supplyAsync(() -> jobs.stop(
                java.time.Duration.ofSeconds(10)));
        Thread.sleep(300);
        assertFalse(stopped.isDone(), "the store stays open while the append is written");
        assertFalse(jobs.tryAppend(), "no append starts once the shutdown began");
        jobs.appendDone();
        assertTrue(stopped.get(10, TimeUnit.SECONDS), "nothing left running");
    }

    @Test
    void theShutdownWaitsForAnAppendOnlyAsLongAsItsPatience() throws Exception {
        DatasetJobs jobs = new DatasetJobs();
        jobs.registry = new SimpleMeterRegistry();
        assertTrue(jobs.tryAppend());
        assertFalse(jobs.stop(java.time.Duration.ofMillis(200)), "an append still written when the wait ends");
        jobs.appendDone();
    }

    @Test
    void theShutdownInterruptsTheRunningJobWaitsForItAndStartsNoOther() throws Exception {
        DatasetJobs jobs = new DatasetJobs();
        jobs.registry = new SimpleMeterRegistry();
        DatasetJobs.Job job = jobs.tryStart("generate", Instant.now()).orElseThrow();
        java.util.concurrent.CountDownLatch running = new java.util.concurrent.CountDownLatch(1);
        CompletableFuture<Boolean> interrupted = CompletableFuture.supplyAsync(() -> {
            try (job) {
                job.runsOnThisThread();
                running.countDown();
                Thread.sleep(60_000);
                return false;
            } catch (InterruptedException e) {
                return true;
            }
        });
        assertTrue(running.await(10, TimeUnit.SECONDS));
        assertTrue(jobs.stop(java.time.Duration.ofSeconds(10)), "the job ended within the wait");
        assertTrue(interrupted.get(10, TimeUnit.SECONDS), "by the interrupt, not by finishing its sleep");
        assertTrue(jobs.tryStart("import", Instant.now()).isEmpty(), "no job starts during the shutdown");
    }

    @Test
    void aJobThatBeginsToRunAfterTheShutdownBeganIsInterruptedAtOnce() throws Exception {
        DatasetJobs jobs = new DatasetJobs();
        jobs.registry = new SimpleMeterRegistry();
        DatasetJobs.Job job = jobs.tryStart("generate", Instant.now()).orElseThrow();
        // Started by the request, not yet run by the worker: the shutdown cannot interrupt a thread it has not got.
        CompletableFuture<Boolean> stopped = CompletableFuture.supplyAsync(() -> jobs.stop(
                java.time.Duration.ofSeconds(10)));
        Thread.sleep(200);
        try (job) {
            job.runsOnThisThread();
            assertTrue(Thread.interrupted(), "interrupted as it begins");
            assertFalse(job.beginSwap(), "and it may not swap");
        }
        assertTrue(stopped.get(10, TimeUnit.SECONDS));
    }

    @Test
    void aJobSwappingItsCollectionsInIsNotInterrupted() throws Exception {
        DatasetJobs jobs = new DatasetJobs();
        jobs.registry = new SimpleMeterRegistry();
        try (DatasetJobs.Job job = jobs.tryStart("generate", Instant.now()).orElseThrow()) {
            job.runsOnThisThread();
            assertTrue(job.beginSwap());
            // The shutdown waits for the swap (and gives up after its patience) rather than cutting it in two.
            assertFalse(jobs.stop(java.time.Duration.ofMillis(200)));
            assertFalse(Thread.interrupted(), "a rename cut off would leave two datasets mixed");
        }
    }
}

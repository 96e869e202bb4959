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

/** One job at a time, never under an append being written, and a job does not fail for meeting a short append. */
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
}

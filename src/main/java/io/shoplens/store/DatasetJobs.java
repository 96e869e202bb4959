package io.shoplens.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * At most one job (a generation or an import) writes a new dataset at a time; this tracks it for the status page and
 * keeps the last failure so that users can see why their dataset did not change.
 */
@ApplicationScoped
public class DatasetJobs {
    @Inject
    MeterRegistry registry;

    private final AtomicReference<Job> running = new AtomicReference<>();
    private volatile Failure lastFailure;
    private volatile boolean stopping;
    /** Appends being written: a job must not swap the collections under them. */
    private int appending;
    /** How long a job waits for the appends being written; one waits at most 15 s for the append lock. */
    static final Duration APPENDS_WAIT = Duration.ofSeconds(20);

    /**
     * Starts a job, or answers empty when one is already running or appends are still being written after
     * {@link #APPENDS_WAIT}. A live shop appends a few times a second, each for milliseconds: refusing a generation
     * that met one of them would make "Generate" fail now and then while it runs.
     */
    public synchronized Optional<Job> tryStart(String kind, Instant now) {
        if (stopping) {
            return Optional.empty();
        }
        try {
            if (!appendsWritten(System.nanoTime() + APPENDS_WAIT.toNanos())) {
                return Optional.empty();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
        if (stopping) { // stop() ran while this waited for the appends
            return Optional.empty();
        }
        Job job = new Job(kind, now);
        return running.compareAndSet(null, job) ? Optional.of(job) : Optional.empty();
    }

    /**
     * Lets an append write unless a job is replacing the dataset or the app is stopping; {@link #appendDone()} must
     * follow a true.
     */
    public synchronized boolean tryAppend() {
        if (running.get() != null || stopping) {
            return false;
        }
        appending++;
        return true;
    }

    public synchronized void appendDone() {
        appending--;
        notifyAll();
    }

    /**
     * At shutdown, before the store closes: refuses new jobs and appends, interrupts the running job and waits up to
     * {@code patience} for it and for the appends being written to end, so that a job stops between writes (and
     * records why) and an append is written and answered, rather than either failing on a closed connection (an
     * append cut off so left its lock held for the next start). Answers whether nothing is left running.
     */
    public boolean stop(Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        Job job;
        synchronized (this) {
            stopping = true;
            job = running.get();
        }
        try {
            if (job != null) {
                job.interruptForStop();
                if (!job.closed.await(patience.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                    return false;
                }
            }
            synchronized (this) {
                return appendsWritten(deadline);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Waits, holding this monitor, until no append is being written or a job runs (a job's start lets none begin), or
     * until {@code deadline} (System.nanoTime()); answers false when the deadline came first.
     */
    private boolean appendsWritten(long deadline) throws InterruptedException {
        while (appending > 0 && running.get() == null) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    /** Whether the app is shutting down: a job's failure now is the shutdown's doing, not the input's. */
    public boolean stopping() {
        return stopping;
    }

    public Optional<JobStatus> running() {
        return Optional.ofNullable(running.get()).map(Job::status);
    }

    public Optional<Failure> lastFailure() {
        return Optional.ofNullable(lastFailure);
    }

    public record JobStatus(String kind, String phase, long done, long total, Instant startedAt) {
        public double fraction() {
            return total <= 0 ? 0 : Math.min(1.0, (double) done / total);
        }
    }

    public record Failure(String kind, String message, Instant at) {
    }

    public final class Job implements AutoCloseable {
        private final String kind;
        private final Instant startedAt;
        private final AtomicLong done = new AtomicLong();
        private volatile long total;
        private volatile String phase = "starting";
        private final Timer.Sample timing;
        private volatile boolean succeeded;
        /** The thread writing the dataset, which a shutdown interrupts; null before the job runs and once it ends. */
        private Thread thread;
        private boolean stopRequested;
        /** From the swap on, the job is not interrupted: stopped between two renames, it would mix two datasets. */
        private boolean swapping;
        private final java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);

        private Job(String kind, Instant startedAt) {
            this.kind = kind;
            this.startedAt = startedAt;
            this.timing = Timer.start(registry);
        }

        public String kind() {
            return kind;
        }

        /** The job's work runs on the calling thread from now on (interrupted at once if the shutdown has begun). */
        synchronized void runsOnThisThread() {
            thread = Thread.currentThread();
            if (stopRequested) {
                thread.interrupt();
            }
        }

        private synchronized void interruptForStop() {
            stopRequested = true;
            if (thread != null && !swapping) {
                thread.interrupt();
            }
        }

        /** Whether the swap may begin: not once the shutdown has asked the job to stop. */
        synchronized boolean beginSwap() {
            swapping = !stopRequested;
            return swapping;
        }

        public void phase(String phase, long total) {
            this.phase = phase;
            this.total = total;
            done.set(0);
        }

        public void advance(long count) {
            done.addAndGet(count);
        }

        public void fail(String message, Instant at) {
            lastFailure = new Failure(kind, message, at);
        }

        public void succeeded() {
            succeeded = true;
            lastFailure = null;
        }

        /** Done at most the total: a generation plans its sales orders, and lands near that number, not on it. */
        JobStatus status() {
            long count = done.get();
            return new JobStatus(kind, phase, total > 0 ? Math.min(count, total) : count, total, startedAt);
        }

        @Override
        public void close() {
            synchronized (this) {
                thread = null; // a shutdown's interrupt must not reach the thread's next work
            }
            if (running.compareAndSet(this, null)) {
                timing.stop(Timer.builder("shoplens.dataset.job")
                        .description("Duration of dataset generations and imports, by outcome")
                        .tags("kind", kind, "outcome", succeeded ? "success" : "failure").register(registry));
            }
            closed.countDown();
        }
    }
}

package io.shoplens.store;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.shoplens.common.ConflictException;
import io.shoplens.common.ValidationException;

/**
 * The one way a new dataset is written, for generations and imports alike: start the job, let the writer fill fresh
 * staging collections, then commit them, or discard them and record the failure so that the previous dataset keeps
 * serving. A dataset without orders is never committed: every page and model needs orders.
 */
@ApplicationScoped
public class DatasetJobRunner {
    private static final Logger LOG = Logger.getLogger(DatasetJobRunner.class);

    @Inject
    DatasetJobs jobs;
    @Inject
    DatasetStore store;
    @Inject
    Clock clock;

    /** Fills the staging collections and describes what it wrote; the runner commits it. */
    @FunctionalInterface
    public interface Writer {
        DatasetInfo write(DatasetStore.Staging staging, DatasetJobs.Job job) throws InterruptedException;
    }

    /** Claims the single job slot, or answers 409 when a generation or an import runs already. */
    public DatasetJobs.Job begin(String kind) {
        return jobs.tryStart(kind, clock.instant()).orElseThrow(() -> new ConflictException("A dataset is being"
                + " generated or imported already, or orders are being appended; wait for it to finish (GET"
                + " /api/dataset shows its progress)."));
    }

    /**
     * Runs {@code writer} on the calling thread and commits what it staged; closes the job whatever happens. Bad
     * input ({@link ValidationException}) is recorded as the job's failure without a stack trace in the log.
     */
    public DatasetInfo run(DatasetJobs.Job job, Writer writer) {
        try (job) {
            job.runsOnThisThread();
            DatasetStore.Staging staging = null;
            try {
                staging = store.openStaging();
                DatasetInfo info = writer.write(staging, job);
                if (info.orders <= 0) {
                    // A file of cancellations only, or one whose every line was skipped: the input's fault.
                    throw new ValidationException("orders", "the new dataset has no sales orders, so it was not"
                            + " swapped in; the previous dataset keeps serving");
                }
                if (!job.beginSwap()) {
                    throw new InterruptedException("stopped before the swap");
                }
                job.phase("swapping in", 1);
                DatasetInfo committed = store.commit(staging, info);
                job.succeeded();
                return committed;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw stopped(job, staging, e);
            } catch (ValidationException e) {
                discard(staging);
                job.fail(e.getMessage(), clock.instant());
                throw e;
            } catch (RuntimeException e) {
                if (jobs.stopping()) {
                    throw stopped(job, staging, e);
                }
                LOG.errorf(e, "The %s failed; the previous dataset keeps serving", job.kind());
                discard(staging);
                job.fail(e.getMessage(), clock.instant());
                throw e;
            }
        }
    }

    /**
     * The job was cut off: by the shutdown (its reads and writes fail once it interrupts them) or, on a replica
     * being stopped, by its thread's interruption. Not an error of the input or the code, so no stack trace.
     */
    private JobStoppedException stopped(DatasetJobs.Job job, DatasetStore.Staging staging, Exception cause) {
        String message = job.kind() + " stopped by the app's shutdown; the previous dataset keeps serving";
        if (jobs.stopping()) {
            // Dropping the staging collections now would race the store's closing; the next job drops them.
            LOG.infof("The %s", message);
        } else {
            discard(staging);
            message = job.kind() + " interrupted; the previous dataset keeps serving";
            LOG.warnf("The %s (not by the app's shutdown)", message);
        }
        job.fail(message, clock.instant());
        return new JobStoppedException(message, cause);
    }

    /** Null when the staging collections could not even be opened. */
    private void discard(DatasetStore.Staging staging) {
        if (staging != null) {
            store.discard(staging);
        }
    }
}

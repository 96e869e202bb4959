package io.shoplens.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.InsertManyOptions;

import io.shoplens.common.Threads;

/**
 * Writes documents in unordered {@code insertMany} batches on a thread of its own, so that producing the next batch
 * overlaps with inserting the last one. At most two batches wait, so memory stays bounded whatever the size.
 */
public final class BulkLoader implements AutoCloseable {
    private static final InsertManyOptions UNORDERED = new InsertManyOptions().ordered(false);

    private final int batchSize;
    private final ExecutorService inserter = Threads.single("shoplens-bulk-loader");
    private final Semaphore inFlight = new Semaphore(2);
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    public BulkLoader(int batchSize) {
        this.batchSize = batchSize;
    }

    public <T> Writer<T> writer(MongoCollection<T> collection, LongConsumer onWritten) {
        return new Writer<>(collection, onWritten);
    }

    /** Waits for every batch handed over so far; rethrows the first insert failure. */
    public void finish() throws InterruptedException {
        inFlight.acquire(2);
        inFlight.release(2);
        rethrow();
    }

    @Override
    public void close() {
        inserter.shutdownNow();
        try {
            inserter.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void rethrow() {
        Throwable t = failure.get();
        if (t != null) {
            throw new IllegalStateException("Writing to MongoDB failed: " + t.getMessage(), t);
        }
    }

    public final class Writer<T> {
        private final MongoCollection<T> collection;
        private final LongConsumer onWritten;
        private List<T> buffer;

        private Writer(MongoCollection<T> collection, LongConsumer onWritten) {
            this.collection = collection;
            this.onWritten = onWritten;
            this.buffer = new ArrayList<>(batchSize);
        }

        public void add(T document) {
            buffer.add(document);
            if (buffer.size() >= batchSize) {
                flush();
            }
        }

        /** Hands the buffered documents to the inserter; call once more at the end, then {@link BulkLoader#finish}. */
        public void flush() {
            if (buffer.isEmpty()) {
                return;
            }
            rethrow();
            List<T> batch = buffer;
            buffer = new ArrayList<>(batchSize);
            try {
                inFlight.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while writing to MongoDB", e);
            }
            inserter.execute(() -> {
                try {
                    if (failure.get() == null) {
                        collection.insertMany(batch, UNORDERED);
                        onWritten.accept(batch.size());
                    }
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                } finally {
                    inFlight.release();
                }
            });
        }
    }
}

package io.shoplens.common;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A task run on its own thread at most once per {@code every}, however often it is asked for: a request while a run
 * waits joins it, and one while it runs queues the next. For work after appends that reads the latest state anyway,
 * so that a stream of appends costs one run per period rather than one per append.
 */
public final class Throttled {
    private final ScheduledExecutorService thread;
    private final long everyNanos;
    private final Runnable task;
    private final AtomicBoolean queued = new AtomicBoolean();
    private volatile long startedAt;

    public Throttled(String name, Duration every, Runnable task) {
        this.thread = Threads.scheduled(name);
        this.everyNanos = every.toNanos();
        this.task = task;
        this.startedAt = System.nanoTime() - everyNanos;
    }

    public void request() {
        if (queued.compareAndSet(false, true)) {
            long wait = Math.max(0, startedAt + everyNanos - System.nanoTime());
            try {
                thread.schedule(() -> {
                    queued.set(false);
                    startedAt = System.nanoTime();
                    task.run();
                }, wait, TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.RejectedExecutionException stopped) {
                // After stop(): the app is shutting down, and the work is done again from the stored state at start.
            }
        }
    }

    /** Drops a queued run and waits up to {@code patience} for a running one; answers whether none is left. */
    public boolean stop(Duration patience) {
        return Threads.stop(thread, patience);
    }
}

package io.shoplens.common;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Background workers on named daemon threads, so that they never hold up shutdown and show up in thread dumps. */
public final class Threads {
    private Threads() {
    }

    public static ExecutorService single(String name) {
        return Executors.newSingleThreadExecutor(task -> daemon(task, name));
    }

    public static ScheduledExecutorService scheduled(String name) {
        return Executors.newSingleThreadScheduledExecutor(task -> daemon(task, name));
    }

    /**
     * Runs {@code task} on {@code executor}, completing when it ends; nothing once the executor is shut down (the app
     * is stopping). A {@code @Scheduled} method that returns this is non-blocking to Quarkus, so its work runs on the
     * app's own thread instead of Vert.x's worker pool. In dev mode that pool outlives a restart and is shut down
     * with {@code shutdownNow()} once the restarted app is up (Quarkus 3.33's {@code
     * QuarkusExecutorFactory.reinitializeDevModeExecutor}, after a reload started by a request), so a scheduled
     * check already running there for the new app was interrupted and failed its first MongoDB wait
     * (quarkusio/quarkus#51882).
     */
    public static CompletionStage<Void> runOn(ExecutorService executor, Runnable task) {
        try {
            return CompletableFuture.runAsync(task, executor);
        } catch (RejectedExecutionException stopping) {
            return CompletableFuture.completedFuture(null);
        }
    }

    /**
     * Interrupts {@code executor}'s task and waits up to {@code patience} for it to end; answers whether it did. An
     * interrupt of the waiting thread ends the wait (and is kept).
     */
    public static boolean stop(ExecutorService executor, Duration patience) {
        executor.shutdownNow();
        return await(executor, patience);
    }

    /**
     * Takes no new tasks but lets the one under way finish (a scheduled executor drops its delayed and periodic ones),
     * waiting up to {@code patience}; answers whether it did, like {@link #stop}.
     */
    public static boolean finish(ExecutorService executor, Duration patience) {
        executor.shutdown();
        return await(executor, patience);
    }

    private static boolean await(ExecutorService executor, Duration patience) {
        try {
            return executor.awaitTermination(patience.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }
}

package io.shoplens.common;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

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

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }
}

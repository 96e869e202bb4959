package io.shoplens.common;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * A value read again once it is older than its lifetime: for small documents every page asks for, where an answer a
 * moment old is fine and saves a database round trip per request. The writer of a new value sets or clears it, so
 * that its own process sees the change at once.
 */
public final class Expiring<T> {
    private final long lifetimeNanos;
    private final Supplier<T> read;
    private volatile Stamped<T> current;

    private record Stamped<T>(T value, long readAt) {
    }

    public Expiring(Duration lifetime, Supplier<T> read) {
        this.lifetimeNanos = lifetime.toNanos();
        this.read = read;
    }

    public T get() {
        Stamped<T> c = current;
        if (c == null || System.nanoTime() - c.readAt() > lifetimeNanos) {
            c = new Stamped<>(read.get(), System.nanoTime());
            current = c;
        }
        return c.value();
    }

    public void set(T value) {
        current = new Stamped<>(value, System.nanoTime());
    }

    public void clear() {
        current = null;
    }
}

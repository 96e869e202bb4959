package io.shoplens.common;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * A value read again once it is older than its lifetime: for small documents every page asks for, where an answer a
 * moment old is fine and saves a database round trip per request. The writer of a new value sets or clears it, so
 * that its own process sees the change at once.
 */
public final class Expiring<T> {
    private final long lifetimeNanos;
    private final Supplier<T> read;
    private final AtomicReference<Stamped<T>> current = new AtomicReference<>();

    private record Stamped<T>(T value, long readAt) {
    }

    public Expiring(Duration lifetime, Supplier<T> read) {
        this.lifetimeNanos = lifetime.toNanos();
        this.read = read;
    }

    public T get() {
        Stamped<T> c = current.get();
        if (c == null || System.nanoTime() - c.readAt() > lifetimeNanos) {
            Stamped<T> fresh = new Stamped<>(read.get(), System.nanoTime());
            // A writer's set or clear while this read ran wins: its value is at least as new. Stored regardless, a
            // read begun just before a dataset commit put the old version back for a second (AppendResourceTest
            // met it as the previous dataset's counts right after a regeneration).
            if (current.compareAndSet(c, fresh)) {
                return fresh.value();
            }
            Stamped<T> now = current.get();
            return now != null ? now.value() : fresh.value();
        }
        return c.value();
    }

    public void set(T value) {
        current.set(new Stamped<>(value, System.nanoTime()));
    }

    public void clear() {
        current.set(null);
    }
}

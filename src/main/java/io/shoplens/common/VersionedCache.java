package io.shoplens.common;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * Results keyed by a version (a frame's stamp, new with every dataset version and append) and a request key, least
 * recently used dropped beyond a bound. Concurrent first requests for one key share one computation; a failed
 * computation is not kept, so the next request retries.
 */
public final class VersionedCache<K, V> {
    private final int capacity;
    private final Map<Key<K>, CompletableFuture<V>> entries;

    public VersionedCache(int capacity) {
        this.capacity = Math.max(1, capacity);
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key<K>, CompletableFuture<V>> eldest) {
                return size() > VersionedCache.this.capacity;
            }
        };
    }

    public V get(long version, K key, Supplier<V> compute) {
        Key<K> k = new Key<>(version, key);
        CompletableFuture<V> future;
        boolean owner = false;
        synchronized (entries) {
            future = entries.get(k);
            if (future == null) {
                future = new CompletableFuture<>();
                entries.put(k, future);
                owner = true;
            }
        }
        if (owner) {
            try {
                future.complete(compute.get());
            } catch (RuntimeException | Error e) {
                synchronized (entries) {
                    entries.remove(k, future);
                }
                future.completeExceptionally(e);
                throw e;
            }
        }
        try {
            return future.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
        }
    }

    public void clear() {
        synchronized (entries) {
            entries.clear();
        }
    }

    private record Key<K>(long version, K key) {
    }
}

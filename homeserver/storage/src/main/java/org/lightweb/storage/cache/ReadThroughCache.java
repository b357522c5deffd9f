package org.lightweb.storage.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Future;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Supplier;

/**
 * A bounded in-memory cache in front of a database read, kept right by invalidation: writers call
 * {@link #invalidate} after they commit. A load that was running while its key was invalidated still answers its
 * caller but is not kept, so a read that saw the old rows cannot outlive the write (each key hashes to one of a
 * fixed set of generation counters; an invalidation bumps its key's counter).
 */
public final class ReadThroughCache<K, V> {
    private static final int STRIPES = 256;

    private final Cache<K, V> entries;
    private final AtomicLongArray generations = new AtomicLongArray(STRIPES);
    private final boolean enabled;
    private volatile long allGeneration;
    private volatile String name;
    private volatile CacheBus bus;

    /** @param maximumSize how many entries to keep; 0 keeps none (every get loads) */
    public ReadThroughCache(long maximumSize) {
        this.enabled = maximumSize > 0;
        this.entries = Caffeine.newBuilder().maximumSize(Math.max(1, maximumSize)).executor(Runnable::run).build();
    }

    /** @param maximumWeight how much to keep, weighing each value with {@code weigher}; 0 keeps none */
    public ReadThroughCache(long maximumWeight, java.util.function.ToIntFunction<V> weigher) {
        this.enabled = maximumWeight > 0;
        this.entries = Caffeine.newBuilder().maximumWeight(Math.max(1, maximumWeight))
                .<K, V>weigher((k, v) -> Math.max(1, weigher.applyAsInt(v))).executor(Runnable::run).build();
    }

    public Future<V> get(K key, Supplier<Future<V>> load) {
        if (!enabled) return load.get();
        V cached = entries.getIfPresent(key);
        if (cached != null) return Future.succeededFuture(cached);
        int stripe = stripe(key);
        long generation = generations.get(stripe);
        long all = allGeneration;
        return load.get().onSuccess(value -> {
            if (value != null && generations.get(stripe) == generation && allGeneration == all) {
                entries.put(key, value);
                // An invalidation between the check and the put: undo, the value may be stale.
                if (generations.get(stripe) != generation || allGeneration != all) entries.invalidate(key);
            }
        });
    }

    /**
     * The values of {@code keys}: those kept here, and the rest from one call of {@code load} (which leaves out
     * keys it has no value for; those are not kept).
     */
    public Future<java.util.Map<K, V>> getAll(java.util.Collection<K> keys,
                                             java.util.function.Function<java.util.Set<K>, Future<java.util.Map<K, V>>> load) {
        java.util.Map<K, V> out = new java.util.HashMap<>();
        java.util.Set<K> missing = new java.util.HashSet<>();
        for (K k : keys) {
            V v = enabled ? entries.getIfPresent(k) : null;
            if (v != null) out.put(k, v);
            else missing.add(k);
        }
        if (missing.isEmpty()) return Future.succeededFuture(out);
        java.util.Map<K, Long> generationAtStart = new java.util.HashMap<>();
        for (K k : missing) generationAtStart.put(k, generations.get(stripe(k)));
        long all = allGeneration;
        return load.apply(missing).map(loaded -> {
            for (var e : loaded.entrySet()) {
                out.put(e.getKey(), e.getValue());
                if (!enabled || e.getValue() == null) continue;
                int stripe = stripe(e.getKey());
                Long start = generationAtStart.get(e.getKey());
                if (start == null || generations.get(stripe) != start || allGeneration != all) continue;
                entries.put(e.getKey(), e.getValue());
                if (generations.get(stripe) != start || allGeneration != all) entries.invalidate(e.getKey());
            }
            return out;
        });
    }

    /**
     * Keeps a value its writer knows to be current, right after the commit that made it so (e.g. "no redaction"
     * for an event just stored).
     */
    public void put(K key, V value) {
        if (!enabled) return;
        generations.incrementAndGet(stripe(key));   // a load running now may have read from before the write
        entries.put(key, value);
    }

    public V getIfPresent(K key) { return enabled ? entries.getIfPresent(key) : null; }

    public void invalidate(K key) {
        dropLocally(key);
        if (bus != null) bus.publish(name, String.valueOf(key));
    }

    public void invalidateAll() {
        dropAllLocally();
        if (bus != null) bus.publish(name, null);
    }

    /**
     * Shares this cache's invalidations with the other processes of a clustered node: each {@link #invalidate} is
     * published on {@code bus} as {@code name}, and what the others publish is dropped here ({@code key} turns a
     * published key back into one of this cache's).
     */
    public ReadThroughCache<K, V> share(String name, CacheBus bus, java.util.function.Function<String, K> key) {
        bus.subscribe(name, k -> {
            if (k == null) dropAllLocally();
            else dropLocally(key.apply(k));
        });
        this.name = name;
        this.bus = bus;
        return this;
    }

    private void dropLocally(K key) {
        generations.incrementAndGet(stripe(key));
        entries.invalidate(key);
    }

    private synchronized void dropAllLocally() {
        allGeneration++;
        entries.invalidateAll();
    }

    private static int stripe(Object key) {
        int h = key.hashCode();
        return (h ^ (h >>> 16)) & (STRIPES - 1);
    }
}

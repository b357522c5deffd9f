package org.lightweb.storage.cache;

import java.util.function.Consumer;

/**
 * How a cache hears of writes made by the other processes of a clustered node (docs/scaling.md): a cache that
 * invalidates a key after its own process's write publishes it here, and drops the keys the others publish. One
 * process alone needs none of it ({@link #LOCAL}).
 */
public interface CacheBus {
    /** Tells the other processes that {@code key} of {@code cache} may have changed; {@code null}: every key. */
    void publish(String cache, String key);

    /** Calls {@code invalidated} with each key the other processes publish for {@code cache} ({@code null}: every key). */
    void subscribe(String cache, Consumer<String> invalidated);

    /** A node of one process: nothing to tell anyone. */
    CacheBus LOCAL = new CacheBus() {
        @Override
        public void publish(String cache, String key) {}

        @Override
        public void subscribe(String cache, Consumer<String> invalidated) {}
    };
}

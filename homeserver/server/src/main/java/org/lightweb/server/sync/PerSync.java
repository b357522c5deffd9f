package org.lightweb.server.sync;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.function.Function;

/**
 * What a contributor loads once per sync computation and reads again for each room: the first call loads, later
 * ones reuse the same future until {@link #done} (called from {@code contribute}, which comes last).
 */
public final class PerSync<T> {
    private final Cache<SyncContext, Future<T>> loaded = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofMinutes(1)).maximumSize(10_000).build();
    private final Function<SyncContext, Future<T>> loader;

    public PerSync(Function<SyncContext, Future<T>> loader) {
        this.loader = loader;
    }

    public Future<T> get(SyncContext ctx) {
        return loaded.get(ctx, loader);
    }

    public void done(SyncContext ctx) {
        loaded.invalidate(ctx);
    }
}

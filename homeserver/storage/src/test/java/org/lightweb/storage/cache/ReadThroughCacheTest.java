package org.lightweb.storage.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ReadThroughCacheTest {
    @Test
    void getShouldLoadOnceWhenTheValueIsKept() {
        var cache = new ReadThroughCache<String, String>(10);
        AtomicInteger loads = new AtomicInteger();

        cache.get("k", () -> Future.succeededFuture("v" + loads.incrementAndGet()));
        String second = cache.get("k", () -> Future.succeededFuture("v" + loads.incrementAndGet())).result();

        assertThat(second).isEqualTo("v1");
        assertThat(loads).hasValue(1);
    }

    @Test
    void aLoadShouldNotBeKeptWhenItsKeyWasInvalidatedWhileItRan() {
        var cache = new ReadThroughCache<String, String>(10);
        Promise<String> slow = Promise.promise();
        Future<String> first = cache.get("k", slow::future);

        cache.invalidate("k");   // a write committed while the load read the old row
        slow.complete("stale");

        assertThat(first.result()).isEqualTo("stale");   // the caller still gets its answer
        assertThat(cache.getIfPresent("k")).isNull();
        assertThat(cache.get("k", () -> Future.succeededFuture("fresh")).result()).isEqualTo("fresh");
    }

    @Test
    void invalidateAllShouldDropLoadsInFlightWhenItRuns() {
        var cache = new ReadThroughCache<String, String>(10);
        Promise<Map<String, String>> slow = Promise.promise();
        cache.getAll(Set.of("a", "b"), missing -> slow.future());

        cache.invalidateAll();
        slow.complete(Map.of("a", "1", "b", "2"));

        assertThat(cache.getIfPresent("a")).isNull();
        assertThat(cache.getIfPresent("b")).isNull();
    }

    @Test
    void getAllShouldLoadOnlyTheMissingKeysWhenSomeAreKept() {
        var cache = new ReadThroughCache<String, String>(10);
        cache.put("a", "1");

        Map<String, String> got = cache.getAll(Set.of("a", "b"), missing -> {
            assertThat(missing).containsExactly("b");
            return Future.succeededFuture(Map.of("b", "2"));
        }).result();

        assertThat(got).containsEntry("a", "1").containsEntry("b", "2");
        assertThat(cache.getIfPresent("b")).isEqualTo("2");
    }

    @Test
    void aCacheOfSizeZeroShouldKeepNothing() {
        var cache = new ReadThroughCache<String, String>(0);
        AtomicInteger loads = new AtomicInteger();
        cache.get("k", () -> Future.succeededFuture("v" + loads.incrementAndGet()));
        cache.get("k", () -> Future.succeededFuture("v" + loads.incrementAndGet()));
        assertThat(loads).hasValue(2);
    }
}

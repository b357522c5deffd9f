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

    /** Two processes' caches on a bus that delivers to the other (as the cluster's event bus does). */
    private static final class TwoProcessBus {
        final java.util.Map<String, java.util.List<java.util.function.Consumer<String>>> one = new java.util.HashMap<>();
        final java.util.Map<String, java.util.List<java.util.function.Consumer<String>>> two = new java.util.HashMap<>();

        CacheBus side(java.util.Map<String, java.util.List<java.util.function.Consumer<String>>> mine,
                      java.util.Map<String, java.util.List<java.util.function.Consumer<String>>> theirs) {
            return new CacheBus() {
                @Override
                public void publish(String cache, String key) {
                    theirs.getOrDefault(cache, java.util.List.of()).forEach(c -> c.accept(key));
                }

                @Override
                public void subscribe(String cache, java.util.function.Consumer<String> invalidated) {
                    mine.computeIfAbsent(cache, k -> new java.util.ArrayList<>()).add(invalidated);
                }
            };
        }
    }

    @Test
    void anotherProcessShouldLoadAgainWhenOneInvalidatesASharedKey() {
        TwoProcessBus bus = new TwoProcessBus();
        var here = new ReadThroughCache<String, String>(10).share("tokens", bus.side(bus.one, bus.two), k -> k);
        var there = new ReadThroughCache<String, String>(10).share("tokens", bus.side(bus.two, bus.one), k -> k);
        here.get("t1", () -> Future.succeededFuture("alice"));
        there.get("t1", () -> Future.succeededFuture("alice"));
        there.get("t2", () -> Future.succeededFuture("bob"));

        here.invalidate("t1");   // a logout through this process

        assertThat(there.getIfPresent("t1")).as("dropped on the other process").isNull();
        assertThat(there.getIfPresent("t2")).isEqualTo("bob");
        here.invalidateAll();
        assertThat(there.getIfPresent("t2")).as("everything dropped").isNull();
    }
}

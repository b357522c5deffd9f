package org.lightweb.storage.push;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.lightweb.storage.push.PushActionRepository.Counts;
import org.lightweb.storage.push.PushActionRepository.NewAction;

class UnreadCountCacheTest {
    private final UnreadCountCache cache = new UnreadCountCache(100);
    private final AtomicInteger loads = new AtomicInteger();

    private Map<String, Counts> read(Map<String, Counts> database) {
        return cache.get("@u:x", "!r:x", () -> {
            loads.incrementAndGet();
            return Future.succeededFuture(database);
        }).result();
    }

    private static NewAction action(String thread, boolean highlight) {
        return new NewAction("@u:x", "!r:x", "$e", 1, thread, "[\"notify\"]", highlight, 0);
    }

    @Test
    void aNotificationShouldBeAddedToTheKeptCountsWhenTheyWereLoadedBeforeIt() {
        read(Map.of("main", new Counts(2, 0)));
        long stamp = cache.aboutToAdd(List.of(action("main", true)));
        cache.added(List.of(action("main", true)), stamp);

        assertThat(read(Map.of())).containsEntry("main", new Counts(3, 1));
        assertThat(loads).hasValue(1);
    }

    @Test
    void countsLoadedWhileANotificationWasWrittenShouldBeLoadedAgainWhenAsked() {
        long stamp = cache.aboutToAdd(List.of(action("main", false)));
        read(Map.of("main", new Counts(1, 0)));   // may or may not include the new one
        cache.added(List.of(action("main", false)), stamp);

        assertThat(read(Map.of("main", new Counts(1, 0)))).containsEntry("main", new Counts(1, 0));
        assertThat(loads).hasValue(2);
    }

    @Test
    void aLoadShouldNotBeKeptWhenANotificationWasStampedWhileItRan() {
        Promise<Map<String, Counts>> slow = Promise.promise();
        cache.get("@u:x", "!r:x", slow::future);
        long stamp = cache.aboutToAdd(List.of(action("main", false)));
        slow.complete(Map.of());
        cache.added(List.of(action("main", false)), stamp);

        assertThat(read(Map.of("main", new Counts(1, 0)))).containsEntry("main", new Counts(1, 0));
    }

    @Test
    void aMovedReceiptShouldDropTheCountsWhenKept() {
        read(Map.of("main", new Counts(5, 0)));
        cache.receiptMoved("@u:x", "!r:x");

        assertThat(read(Map.of())).isEmpty();
        assertThat(loads).hasValue(2);
    }

    @Test
    void threadsShouldBeCountedApartWhenNotificationsAreAdded() {
        read(Map.of());
        long stamp = cache.aboutToAdd(List.of(action("$root", false)));
        cache.added(List.of(action("$root", false)), stamp);

        assertThat(read(Map.of())).containsOnly(Map.entry("$root", new Counts(1, 0)));
    }
}

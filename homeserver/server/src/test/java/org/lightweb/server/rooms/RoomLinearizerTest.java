package org.lightweb.server.rooms;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoomLinearizerTest {
    private final RoomLinearizer linearizer = new RoomLinearizer();

    @Test
    void workForOneRoomShouldRunOneAtATimeInArrivalOrder() {
        List<String> log = new ArrayList<>();
        Promise<Void> firstDone = Promise.promise();
        Future<Void> first = linearizer.run("!a", () -> {
            log.add("first started");
            return firstDone.future();
        });
        Future<Void> second = linearizer.run("!a", () -> {
            log.add("second started");
            return Future.succeededFuture();
        });
        assertThat(log).containsExactly("first started");
        firstDone.complete();
        assertThat(first.succeeded()).isTrue();
        assertThat(second.succeeded()).isTrue();
        assertThat(log).containsExactly("first started", "second started");
    }

    @Test
    void workForOtherRoomsShouldNotWait() {
        Promise<Void> blocked = Promise.promise();
        linearizer.run("!a", blocked::future);
        Future<String> other = linearizer.run("!b", () -> Future.succeededFuture("done"));
        assertThat(other.result()).isEqualTo("done");
    }

    @Test
    void aFailureShouldNotStopTheWorkAfterIt() {
        Future<Void> failing = linearizer.run("!a", () -> { throw new IllegalStateException("boom"); });
        Future<String> next = linearizer.run("!a", () -> Future.succeededFuture("ran"));
        assertThat(failing.failed()).isTrue();
        assertThat(next.result()).isEqualTo("ran");
    }
}

package org.lightweb.server.rooms;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link RoomEvents#inOrder}: a room's announcements in store order, the sender answered before the listeners run. */
class AnnouncementOrderTest {
    private final RoomLinearizer chain = new RoomLinearizer();

    @Test
    void aLaterEventShouldBeHeardOnlyOnceTheEarlierOneWasEvenWhenItsProcessingEndedFirst() {
        List<String> log = new CopyOnWriteArrayList<>();
        Promise<Void> slowPushActions = Promise.promise();
        Future<Void> first = RoomEvents.inOrder(chain, "!a", () -> {
            log.add("first processing");
            return slowPushActions.future();
        }, () -> log.add("first heard"));
        Future<Void> second = RoomEvents.inOrder(chain, "!a", () -> {
            log.add("second processing");
            return Future.succeededFuture();
        }, () -> log.add("second heard"));
        Future<Void> otherRoom = RoomEvents.inOrder(chain, "!b", Future::succeededFuture, () -> log.add("other room heard"));

        assertThat(otherRoom.succeeded()).as("another room does not wait").isTrue();
        assertThat(first.isComplete()).isFalse();
        assertThat(second.succeeded()).as("processed meanwhile: its sender is answered").isTrue();
        assertThat(log).containsExactly("first processing", "second processing", "other room heard");
        slowPushActions.complete();
        assertThat(first.succeeded()).isTrue();
        assertThat(log).containsExactly("first processing", "second processing", "other room heard", "first heard",
                "second heard");
    }

    @Test
    void aFailedOrThrowingProcessorShouldNeitherSilenceTheListenersNorStopTheRoom() {
        List<String> log = new CopyOnWriteArrayList<>();
        Future<Void> failed = RoomEvents.inOrder(chain, "!a", () -> Future.failedFuture(new IllegalStateException("push down")),
                () -> log.add("failed heard"));
        Future<Void> threw = RoomEvents.inOrder(chain, "!a", () -> {
            throw new IllegalStateException("bug");
        }, () -> log.add("threw heard"));
        Future<Void> next = RoomEvents.inOrder(chain, "!a", Future::succeededFuture, () -> log.add("next heard"));
        assertThat(List.of(failed, threw, next)).allMatch(Future::succeeded);
        assertThat(log).containsExactly("failed heard", "threw heard", "next heard");
    }

    @Test
    void onAnEventLoopTheSenderShouldBeAnsweredBeforeTheListenersRun() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            List<String> log = new CopyOnWriteArrayList<>();
            CompletableFuture<Void> done = new CompletableFuture<>();
            vertx.runOnContext(v -> {
                RoomEvents.inOrder(chain, "!a", Future::succeededFuture, () -> {
                    log.add("sync woken");
                    done.complete(null);
                }).onSuccess(x -> log.add("send answered"));
            });
            done.get(10, TimeUnit.SECONDS);
            assertThat(log).containsExactly("send answered", "sync woken");
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}

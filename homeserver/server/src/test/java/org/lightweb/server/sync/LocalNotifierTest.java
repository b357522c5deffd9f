package org.lightweb.server.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.lightweb.server.sync.SyncToken.Stream;

class LocalNotifierTest {
    private final Vertx vertx = Vertx.vertx();
    private final StreamHeads heads = new StreamHeads();
    private final LocalNotifier notifier = new LocalNotifier(vertx, heads);

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aWokenLongPollShouldGoOnOnTheContextThatWaitsNotOnTheWakersThread() throws Exception {
        SyncToken since = heads.current();
        Context[] waiting = new Context[2];
        CompletableFuture<Context> first = new CompletableFuture<>();
        CompletableFuture<Context> second = new CompletableFuture<>();
        CompletableFuture<Void> registered = new CompletableFuture<>();
        // two long-polls on two contexts (two connections' event loops)
        waiting[0] = vertx.getOrCreateContext();
        waiting[1] = vertx.getOrCreateContext();
        waiting[0].runOnContext(v -> notifier.waitFor("@a:x", Set.of("!r"), since, 30_000)
                .onComplete(ar -> first.complete(Vertx.currentContext())));
        waiting[1].runOnContext(v -> {
            notifier.waitFor("@b:x", Set.of("!r"), since, 30_000).onComplete(ar -> second.complete(Vertx.currentContext()));
            registered.complete(null);
        });
        registered.get(10, TimeUnit.SECONDS);
        for (int i = 0; i < 1000 && notifier.waiting() < 2; i++) Thread.sleep(10);
        assertThat(notifier.waiting()).isEqualTo(2);

        heads.advance(Stream.EVENTS, 1);
        notifier.roomChanged("!r");   // from the test's thread, as a writer's callback would

        assertThat(first.get(10, TimeUnit.SECONDS)).isSameAs(waiting[0]);
        assertThat(second.get(10, TimeUnit.SECONDS)).isSameAs(waiting[1]);
        assertThat(notifier.waiting()).isZero();
    }

    @Test
    void aLongPollShouldEndAtItsTimeoutWhenNothingHappens() throws Exception {
        CompletableFuture<Void> ended = new CompletableFuture<>();
        long start = System.nanoTime();
        vertx.runOnContext(v -> notifier.waitFor("@a:x", Set.of("!r"), heads.current(), 50).onComplete(ar -> ended.complete(null)));
        ended.get(10, TimeUnit.SECONDS);
        assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(50);
        assertThat(notifier.waiting()).isZero();
    }
}

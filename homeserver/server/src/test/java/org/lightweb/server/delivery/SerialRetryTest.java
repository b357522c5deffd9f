package org.lightweb.server.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SerialRetryTest {
    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** Runs {@code action} on the Vert.x context and waits for it. */
    private void onContext(Runnable action) throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        vertx.runOnContext(v -> {
            action.run();
            done.complete(null);
        });
        done.get(10, TimeUnit.SECONDS);
    }

    @Test
    void wakeShouldRunOnceMoreWhenWokenDuringARun() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        Deque<Promise<SerialRetry.Step>> pending = new ArrayDeque<>();
        CompletableFuture<Void> done = new CompletableFuture<>();
        SerialRetry[] retry = new SerialRetry[1];
        onContext(() -> retry[0] = new SerialRetry(vertx, () -> {
            runs.incrementAndGet();
            Promise<SerialRetry.Step> p = Promise.promise();
            pending.add(p);
            return p.future();
        }, Duration.ofMillis(10), Duration.ofMillis(100), e -> { }, () -> done.complete(null)));
        onContext(() -> retry[0].wake());
        onContext(() -> retry[0].wake());          // during the run: remembered, not run in parallel
        onContext(() -> retry[0].wake());
        assertThat(runs.get()).isEqualTo(1);
        onContext(() -> pending.poll().complete(SerialRetry.Step.IDLE));
        assertThat(runs.get()).isEqualTo(2);       // once more for the wakes meanwhile
        onContext(() -> pending.poll().complete(SerialRetry.Step.IDLE));
        done.get(10, TimeUnit.SECONDS);
        assertThat(runs.get()).isEqualTo(2);
    }

    @Test
    void retryShouldBackOffAndCountFailuresUntilASuccessResetsThem() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        CompletableFuture<Integer> attemptsAtSuccess = new CompletableFuture<>();
        SerialRetry[] retry = new SerialRetry[1];
        onContext(() -> retry[0] = new SerialRetry(vertx, () -> {
            int n = runs.incrementAndGet();
            if (n <= 3) return n == 2 ? Future.failedFuture(new IllegalStateException("boom")) : Future.succeededFuture(SerialRetry.Step.RETRY);
            attemptsAtSuccess.complete(retry[0].attempts());
            return Future.succeededFuture(SerialRetry.Step.GONE);
        }, Duration.ofMillis(5), Duration.ofMillis(20), e -> { }, () -> { }));
        onContext(() -> retry[0].wake());
        assertThat(attemptsAtSuccess.get(10, TimeUnit.SECONDS)).isEqualTo(3);   // two RETRYs and one failure
        CompletableFuture<Integer> after = new CompletableFuture<>();
        vertx.setTimer(50, id -> after.complete(retry[0].attempts()));
        assertThat(after.get(10, TimeUnit.SECONDS)).isZero();
        assertThat(runs.get()).isEqualTo(4);
    }

    @Test
    void closeShouldStopTheBackoffWhenTheOwnerGoes() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        SerialRetry[] retry = new SerialRetry[1];
        onContext(() -> retry[0] = new SerialRetry(vertx, () -> {
            runs.incrementAndGet();
            return Future.succeededFuture(SerialRetry.Step.RETRY);
        }, Duration.ofMillis(50), Duration.ofMillis(50), e -> { }, () -> { }));
        onContext(() -> retry[0].wake());
        onContext(() -> retry[0].close());
        CompletableFuture<Integer> later = new CompletableFuture<>();
        vertx.setTimer(200, id -> later.complete(runs.get()));
        assertThat(later.get(10, TimeUnit.SECONDS)).isEqualTo(1);
    }
}

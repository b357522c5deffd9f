package org.lightweb.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.lightweb.server.sync.LocalNotifier;
import org.lightweb.server.sync.StreamHeads;
import org.lightweb.server.sync.SyncToken;
import org.lightweb.server.sync.SyncToken.Stream;

/** Two "processes" on one (local) event bus: each has its own heads and notifier, as the processes of a cluster do. */
class ClusterNotifierTest {
    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() {
        vertx.close();
    }

    private record Process(StreamHeads heads, LocalNotifier local, ClusterNotifier notifier, AtomicInteger remoteEvents) {}

    private Process process() {
        StreamHeads heads = new StreamHeads();
        LocalNotifier local = new LocalNotifier(vertx, heads);
        AtomicInteger remote = new AtomicInteger();
        return new Process(heads, local, new ClusterNotifier(local, heads, new ClusterBus(vertx), remote::incrementAndGet), remote);
    }

    private static void await(Future<?> f) throws Exception {
        f.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void aLongPollShouldWakeWhenAnotherProcessStoresAnEventInItsRoom() throws Exception {
        Process a = process();
        Process b = process();
        Future<Void> waiting = b.notifier().waitFor("@bob:x", Set.of("!room:x"), b.heads().current(), 10_000);

        a.heads().advance(Stream.EVENTS, 7);
        a.notifier().roomChanged("!room:x");

        await(waiting);
        assertThat(b.heads().get(Stream.EVENTS)).as("heads moved before the wake").isEqualTo(7);
        assertThat(b.remoteEvents().get()).as("the leader's work is poked").isEqualTo(1);
        assertThat(a.remoteEvents().get()).as("a process ignores its own messages").isZero();
    }

    @Test
    void headsShouldMergeEveryStreamButTypingWhenUsersChangeElsewhere() throws Exception {
        Process a = process();
        Process b = process();
        b.heads().advance(Stream.TYPING, 3);
        Future<Void> waiting = b.notifier().waitFor("@bob:x", Set.of(), b.heads().current(), 10_000);

        a.heads().advance(Stream.TO_DEVICE, 5);
        a.heads().advance(Stream.TYPING, 40);
        a.notifier().usersChanged(List.of("@bob:x"));

        await(waiting);
        assertThat(b.heads().get(Stream.TO_DEVICE)).isEqualTo(5);
        assertThat(b.heads().get(Stream.TYPING)).as("typing positions are each process's own").isEqualTo(3);
        assertThat(b.remoteEvents().get()).as("no room events moved").isZero();
    }

    @Test
    void aLongPollShouldTimeOutWhenOnlyOtherRoomsChange() throws Exception {
        Process a = process();
        Process b = process();
        SyncToken since = b.heads().current();
        long start = System.nanoTime();
        Future<Void> waiting = b.notifier().waitFor("@bob:x", Set.of("!mine:x"), since, 300);

        a.heads().advance(Stream.EVENTS, 2);
        a.notifier().roomChanged("!other:x");

        await(waiting);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("woken by its timeout, not the other room")
                .isGreaterThanOrEqualTo(Duration.ofMillis(250));
    }
}

package org.lightweb.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lightweb.storage.testing.TestStorage.await;
import static org.lightweb.storage.testing.TestStorage.awaitFailure;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SQLite's writer commits the writes queued together in one transaction: each write is still stored whole or not at
 * all, fails alone, and is answered after the commit that stores it, on its caller's context, in queue order. The
 * writes are positions of stream_positions (a table with a key to violate on purpose).
 */
class GroupCommitWriterTest {
    @TempDir
    Path dir;

    private Vertx vertx;
    private Database database;
    private Db db;

    @BeforeEach
    void open() {
        vertx = Vertx.vertx();
        database = Database.open(DatabaseSettings.sqlite(dir.resolve("g.db")));
        db = new Db(vertx, database);
    }

    @AfterEach
    void close() {
        db.close();
        database.close();
        await(vertx.close());
    }

    /**
     * Holds the writer until {@code release} counts down, so that what is submitted meanwhile forms one group; returns
     * once the writer runs it (its own group is formed by then).
     */
    private Future<Void> holdWriter(CountDownLatch release) throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        Future<Void> held = db.write(tx -> {
            started.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        });
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        return held;
    }

    private Future<Long> insert(String stream, long position) {
        return db.write(tx -> (long) Jdbc.update(tx, "INSERT INTO stream_positions (stream, position) VALUES (?, ?)", stream, position));
    }

    private Long stored(String stream) {
        return database.reader().fetchOptional("SELECT position FROM stream_positions WHERE stream = ?", stream)
                .map(r -> r.get(0, Long.class)).orElse(null);
    }

    @Test
    void writesQueuedTogetherShouldAllBeStoredAndAnsweredInOrderAfterTheirCommit() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Future<Void> held = holdWriter(release);
        List<Integer> committedOrder = Collections.synchronizedList(new ArrayList<>());
        List<Future<Long>> writes = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            int n = i;
            writes.add(db.writeOrdered(tx -> (long) Jdbc.update(tx,
                    "INSERT INTO stream_positions (stream, position) VALUES (?, ?)", "g" + n, (long) n),
                    rows -> {
                        // after the commit: another connection sees this write and the ones queued before it
                        assertThat(stored("g" + n)).isEqualTo(n);
                        committedOrder.add(n);
                    }));
        }
        release.countDown();
        await(held);
        for (int i = 0; i < 40; i++) assertThat(await(writes.get(i))).isEqualTo(1L);
        assertThat(committedOrder).hasSize(40).isSorted();
        for (int i = 0; i < 40; i++) assertThat(stored("g" + i)).isEqualTo((long) i);
    }

    /**
     * A write whose after-commit hook feeds what later writes read (as the federation queue's per-destination count
     * does) ends its group: the writes queued after it see what its hook did, as when each committed alone.
     */
    @Test
    void aHookThatLaterWritesReadShouldRunBeforeTheirWork() throws Exception {
        java.util.concurrent.atomic.AtomicInteger count = new java.util.concurrent.atomic.AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        Future<Void> held = holdWriter(release);
        List<Future<Integer>> seen = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int n = i;
            seen.add(db.writeOrdered(tx -> {
                int before = count.get();
                Jdbc.update(tx, "INSERT INTO stream_positions (stream, position) VALUES (?, ?)", "h" + n, (long) before);
                return before;
            }, before -> count.incrementAndGet()));
        }
        release.countDown();
        await(held);
        for (int i = 0; i < 5; i++) assertThat(await(seen.get(i))).as("write %d saw the hooks of those before it", i).isEqualTo(i);
    }

    @Test
    void aWriteThatFailsInAGroupShouldFailAloneAndLeaveNothingOfItsOwn() throws Exception {
        await(insert("taken", 1));
        CountDownLatch release = new CountDownLatch(1);
        Future<Void> held = holdWriter(release);
        Future<Long> before = insert("before", 2);
        Future<Long> failing = db.write(tx -> {
            Jdbc.update(tx, "INSERT INTO stream_positions (stream, position) VALUES (?, ?)", "partial", 3L);
            return (long) Jdbc.update(tx, "INSERT INTO stream_positions (stream, position) VALUES (?, ?)", "taken", 4L);
        });
        Future<Long> after = insert("after", 5);
        release.countDown();
        await(held);
        assertThat(await(before)).isEqualTo(1L);
        assertThat(awaitFailure(failing)).hasMessageContaining("UNIQUE");
        assertThat(await(after)).isEqualTo(1L);
        assertThat(stored("before")).isEqualTo(2L);
        assertThat(stored("partial")).as("the failed write's first statement is rolled back with it").isNull();
        assertThat(stored("taken")).isEqualTo(1L);
        assertThat(stored("after")).isEqualTo(5L);
    }

    /**
     * A full disk (max_page_count) in the middle of a group: SQLite may undo the statement or the whole transaction,
     * and either way every write answered as stored is stored and every write answered as failed is not.
     */
    @Test
    void aFullDiskShouldNeverAnswerStoredForAWriteThatIsNot() throws Exception {
        await(db.write(tx -> {
            long pages = ((Number) tx.fetchValue("PRAGMA page_count")).longValue();
            tx.execute("PRAGMA max_page_count = " + (pages + 2));
            return null;
        }));
        CountDownLatch release = new CountDownLatch(1);
        Future<Void> held = holdWriter(release);
        List<String> names = new ArrayList<>();
        List<Future<Long>> writes = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String name = i == 5 ? "big-" + "x".repeat(200_000) : "small-" + i;
            names.add(name);
            writes.add(insert(name, i));
        }
        release.countDown();
        await(held);
        int failed = 0;
        for (int i = 0; i < writes.size(); i++) {
            Future<Long> w = writes.get(i);
            try {
                w.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
                assertThat(stored(names.get(i))).as("answered stored: " + i).isEqualTo((long) i);
            } catch (java.util.concurrent.ExecutionException e) {
                failed++;
                assertThat(stored(names.get(i))).as("answered failed: " + i).isNull();
            }
        }
        assertThat(failed).isPositive();
        assertThat(stored(names.get(5))).isNull();
    }

    @Test
    void answersShouldArriveOnTheCallersEventLoop() throws Exception {
        Promise<String> thread = Promise.promise();
        vertx.runOnContext(v -> db.write(tx -> 1).onComplete(r -> thread.complete(Thread.currentThread().getName())));
        assertThat(await(thread.future())).startsWith("vert.x-eventloop");
    }

    @Test
    void closingShouldRunWhatIsQueuedFirst() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        holdWriter(release);
        Future<Long> queued = insert("queued", 7);
        new Thread(() -> {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            release.countDown();
        }).start();
        db.close();
        assertThat(await(queued)).isEqualTo(1L);
        assertThat(stored("queued")).isEqualTo(7L);
        assertThat(awaitFailure(insert("late", 8))).hasMessageContaining("closing");
    }
}

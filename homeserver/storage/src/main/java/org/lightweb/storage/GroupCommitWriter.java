package org.lightweb.storage;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteCommitListener;
import org.sqlite.SQLiteConnection;

/**
 * SQLite's one writer, with group commit: the write transactions queued while the writer is busy run together in
 * one SQLite transaction, each inside its own savepoint, up to {@code database.sqlite_writes_per_commit} of them.
 * A commit writes every page it changed to the write-ahead log, and a message touches twenty-odd pages (its row,
 * the stream-ordered indexes, positions) of which most are shared with the messages beside it: fifty rooms' messages
 * in one commit write those shared pages once instead of fifty times. The log's traffic, and the checkpoints and
 * write-back it causes, were what stalled a busy node's writer (the 50-room benchmark's p99 send latency was
 * writer waits on the disk).
 *
 * <p>Each write keeps the meaning it had alone: a write that throws rolls back to its savepoint and fails alone, the
 * others go on; a write's future completes (on the caller's Vert.x context, as {@code executeBlocking} would) only
 * after the commit that carries it; writes commit, and their {@code afterCommit} hooks run, in the order they were
 * queued. A write whose after-commit hook may feed what a later write's work reads (an in-memory count that the
 * next write's work consults, say) is a barrier: it ends its group, so its hook has run before any later write's
 * work starts, as when every write committed alone. Writes without a hook, and those whose hook only updates what
 * readers look at (declared with {@code shared}), are not. When the commit itself fails, or SQLite rolls the whole transaction back on its own (a full disk, an I/O
 * error), every write the transaction carried fails with that error and none is stored; the writes not yet run are
 * queued again. A transaction of one write runs without a savepoint, exactly as before.
 */
final class GroupCommitWriter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GroupCommitWriter.class);

    private final Database database;
    private final int writesPerCommit;
    private final LinkedBlockingDeque<Job<?>> queue = new LinkedBlockingDeque<>();
    private final Thread thread;
    private final AtomicBoolean rolledBack = new AtomicBoolean();
    private volatile boolean closing;
    private SQLiteConnection watched;

    GroupCommitWriter(Database database, int writesPerCommit, String threadName) {
        this.database = database;
        this.writesPerCommit = Math.max(1, writesPerCommit);
        this.thread = new Thread(this::loop, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    private static final class Job<T> {
        final Function<DSLContext, T> work;
        final Consumer<T> afterCommit;
        final Promise<T> promise = Promise.promise();
        final Context context;
        final Runnable done;
        final boolean barrier;
        T result;
        Throwable failure;

        Job(Function<DSLContext, T> work, Consumer<T> afterCommit, boolean barrier, Context context, Runnable done) {
            this.work = work;
            this.barrier = barrier;
            this.afterCommit = afterCommit;
            this.context = context;
            this.done = done;
        }

        void run(DSLContext tx) {
            result = work.apply(tx);
        }

        void committed() {
            try {
                afterCommit.accept(result);
            } catch (Throwable t) {
                failure = t;
            }
        }

        void complete() {
            Throwable f = failure;
            T r = result;
            Runnable settle = () -> {
                try {
                    if (f == null) promise.complete(r);
                    else promise.fail(f);
                } finally {
                    done.run();
                }
            };
            if (context == null) settle.run();
            else context.runOnContext(v -> settle.run());
        }
    }

    /**
     * Queues {@code work}; {@code done} runs once its future is settled.
     *
     * @param barrier whether {@code afterCommit} may change what a later write's work reads: the write then ends
     *                its group
     */
    <T> Future<T> submit(Function<DSLContext, T> work, Consumer<T> afterCommit, boolean barrier, Runnable done) {
        Job<T> job = new Job<>(work, afterCommit, barrier, Vertx.currentContext(), done);
        if (closing) {
            job.failure = new StorageException("the database is closing", null);
            job.complete();
            return job.promise.future();
        }
        queue.add(job);
        if (!thread.isAlive() && queue.remove(job)) {   // queued after the writer stopped
            job.failure = new StorageException("the database is closing", null);
            job.complete();
        }
        return job.promise.future();
    }

    private void loop() {
        List<Job<?>> group = new ArrayList<>(writesPerCommit);
        while (true) {
            Job<?> first;
            try {
                first = queue.poll(50, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                if (closing) break;
                continue;
            }
            if (first == null) {
                if (closing && queue.isEmpty()) break;
                continue;
            }
            group.clear();
            group.add(first);
            // the one consumer of the queue: what it peeks at is what it polls
            for (Job<?> next; !group.get(group.size() - 1).barrier && group.size() < writesPerCommit
                    && (next = queue.peek()) != null; ) {
                group.add(queue.poll());
            }
            try {
                run(group);
            } catch (Throwable t) {
                log.error("the database writer failed a group of {} writes", group.size(), t);
                for (Job<?> j : group) {
                    if (j.failure == null) j.failure = t;
                    j.complete();
                }
            }
        }
    }

    private void run(List<Job<?>> group) {
        if (group.size() == 1) {
            Job<?> job = group.get(0);
            try {
                database.writer().transaction(cfg -> job.run(cfg.dsl()));
                job.committed();
            } catch (Throwable t) {
                job.failure = t;
            }
            job.complete();
            return;
        }
        int[] ran = {0};
        try {
            database.writer().transaction(cfg -> {
                watchRollbacks(cfg.dsl());
                rolledBack.set(false);
                for (Job<?> job : group) {
                    try {
                        cfg.dsl().transaction(inner -> job.run(inner.dsl()));   // a savepoint
                    } catch (Throwable t) {
                        job.failure = t;
                    }
                    ran[0]++;
                    if (rolledBack.get()) {
                        throw new StorageException("SQLite rolled back the transaction of " + ran[0] + " writes",
                                job.failure);
                    }
                }
            });
        } catch (Throwable t) {
            // Nothing of this transaction is stored: every write it ran fails; the rest go again, in order.
            for (int i = 0; i < ran[0]; i++) {
                Job<?> job = group.get(i);
                if (job.failure == null) job.failure = t;
                job.complete();
            }
            if (ran[0] == 0) {
                // The transaction could not begin (the database is locked by another process): all of it fails.
                for (Job<?> job : group) {
                    job.failure = t;
                    job.complete();
                }
            } else {
                for (int i = group.size() - 1; i >= ran[0]; i--) queue.addFirst(group.get(i));
            }
            return;
        }
        for (Job<?> job : group) {
            if (job.failure == null) job.committed();
            job.complete();
        }
    }

    /** Notes SQLite's own rollbacks of the whole transaction (savepoint rollbacks do not count). */
    private void watchRollbacks(DSLContext tx) {
        tx.connection(c -> {
            SQLiteConnection sqlite = c.unwrap(SQLiteConnection.class);
            if (sqlite == watched) return;
            sqlite.getDatabase().addCommitListener(new SQLiteCommitListener() {
                @Override public void onCommit() { }

                @Override public void onRollback() { rolledBack.set(true); }
            });
            watched = sqlite;
        });
    }

    /** Runs what is queued, then stops the thread (waiting at most ten seconds). */
    @Override
    public void close() {
        closing = true;
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

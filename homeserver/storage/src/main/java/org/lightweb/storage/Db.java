package org.lightweb.storage;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.function.Function;
import org.jooq.DSLContext;

/**
 * Runs jOOQ work off the event loop. Reads go to a small pool. On PostgreSQL writes run one transaction each on
 * the writer executor; on SQLite, where there is one writer at a time, on its one thread, which commits the writes
 * queued together in one transaction ({@link GroupCommitWriter}), each still all stored or none.
 */
public final class Db implements AutoCloseable {
    private final Database database;
    private final WorkerExecutor readers;
    private final WorkerExecutor writers;
    private final WorkerExecutor orderedWriter;
    private final GroupCommitWriter sqliteWriter;
    private final java.util.concurrent.atomic.AtomicInteger running = new java.util.concurrent.atomic.AtomicInteger();

    public Db(Vertx vertx, Database database) {
        this.database = database;
        int readThreads = Math.max(2, database.settings().maxConnections());
        this.readers = vertx.createSharedWorkerExecutor("lightweb-db-read", readThreads);
        if (database.isSqlite()) {
            this.writers = null;
            this.orderedWriter = null;
            this.sqliteWriter = new GroupCommitWriter(database, database.settings().writesPerCommit(), "lightweb-db-write-0");
        } else {
            this.writers = vertx.createSharedWorkerExecutor("lightweb-db-write", readThreads);
            this.orderedWriter = vertx.createSharedWorkerExecutor("lightweb-db-stream-write", 1);
            this.sqliteWriter = null;
        }
    }

    public <T> Future<T> read(Function<DSLContext, T> query) {
        return readers.executeBlocking(counted(() -> query.apply(database.reader())), false);
    }

    /** Runs {@code work} in one transaction: all of it is stored or none. */
    public <T> Future<T> write(Function<DSLContext, T> work) {
        if (sqliteWriter != null) return sqliteWriter.submit(work, committed -> { }, false, counting());
        return writers.executeBlocking(counted(() -> database.writer().transactionResult(cfg -> work.apply(cfg.dsl()))), true);
    }

    /**
     * Like {@link #write}, on one thread: for transactions that allocate stream positions, so they commit in the
     * order they allocated and a reader never sees position n+1 before n (on SQLite every write is like this).
     */
    public <T> Future<T> writeOrdered(Function<DSLContext, T> work) {
        return writeOrdered(work, committed -> { }, false);
    }

    /**
     * Like {@link #writeOrdered(Function)}, then runs {@code afterCommit} with the result on the same thread, right
     * after the commit: in-memory caches of the data learn of each write in commit order, before anyone who
     * hears of the returned future can look.
     */
    public <T> Future<T> writeOrdered(Function<DSLContext, T> work, java.util.function.Consumer<T> afterCommit) {
        return writeOrdered(work, afterCommit, true);
    }

    /**
     * Like {@link #writeOrdered(Function, java.util.function.Consumer)}, for a hook that only updates what reads look
     * at (caches with the database behind them), never what another write's work reads: on SQLite the write may
     * then share its commit with the writes queued after it, whose work runs before this hook does.
     */
    public <T> Future<T> writeOrderedShared(Function<DSLContext, T> work, java.util.function.Consumer<T> afterCommit) {
        return writeOrdered(work, afterCommit, false);
    }

    private <T> Future<T> writeOrdered(Function<DSLContext, T> work, java.util.function.Consumer<T> afterCommit,
                                       boolean barrier) {
        if (sqliteWriter != null) return sqliteWriter.submit(work, afterCommit, barrier, counting());
        return orderedWriter.executeBlocking(counted(() -> {
            T result = database.writer().transactionResult(cfg -> work.apply(cfg.dsl()));
            afterCommit.accept(result);
            return result;
        }), true);
    }

    /** Counts a write handed to the SQLite writer as running; the returned hook counts it done. */
    private Runnable counting() {
        running.incrementAndGet();
        return running::decrementAndGet;
    }

    private <T> java.util.concurrent.Callable<T> counted(java.util.concurrent.Callable<T> work) {
        running.incrementAndGet();
        return () -> {
            try {
                return work.call();
            } finally {
                running.decrementAndGet();
            }
        };
    }

    /**
     * Completes once no database work is queued or running, or after {@code timeoutMs}: what a stopping node waits
     * for before it closes Vert.x, whose event loops must still be there to take the results.
     */
    public Future<Void> idle(Vertx vertx, long timeoutMs) {
        io.vertx.core.Promise<Void> done = io.vertx.core.Promise.promise();
        long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        Runnable[] check = new Runnable[1];
        check[0] = () -> {
            if (running.get() == 0 || System.nanoTime() > deadline) done.complete();
            else vertx.setTimer(10, id -> check[0].run());
        };
        // First after a moment: work being handed on when the node stopped (a flush on a future chain) is queued by then.
        vertx.setTimer(10, id -> check[0].run());
        return done.future();
    }

    public Database database() { return database; }

    @Override
    public void close() {
        readers.close();
        if (sqliteWriter != null) {
            sqliteWriter.close();
        } else {
            writers.close();
            orderedWriter.close();
        }
    }
}

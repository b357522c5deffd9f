package org.lightweb.server.delivery;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Delivery to one destination, one attempt at a time: {@link #wake} runs the job unless it runs already (then it
 * runs once more afterwards) or is backing off (then the timer runs it). The job says what comes next: more to do
 * at once, idle until woken, retry after an exponential backoff, or gone for good. Used where work waits in a
 * durable queue and is sent in order (pushers, appservices).
 */
public final class SerialRetry {
    /** What a run of the job found. */
    public enum Step { MORE, IDLE, RETRY, GONE }

    private final Vertx vertx;
    private final Supplier<Future<Step>> job;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Consumer<Throwable> onError;
    private final Runnable onDone;
    private boolean running;
    private boolean again;
    private boolean closed;
    private long timer = -1;
    private int attempts;

    /**
     * @param onError told of a job that failed (it is retried after a backoff)
     * @param onDone  called when the job is idle with nothing pending, or gone: the owner may forget this worker
     */
    public SerialRetry(Vertx vertx, Supplier<Future<Step>> job, Duration initialBackoff, Duration maxBackoff,
                       Consumer<Throwable> onError, Runnable onDone) {
        this.vertx = vertx;
        this.job = job;
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
        this.onError = onError;
        this.onDone = onDone;
    }

    /** Runs the job now, or as soon as the run in progress or the backoff ends. Call on the owner's context. */
    public void wake() {
        if (closed || timer >= 0) return;
        if (running) {
            again = true;
            return;
        }
        running = true;
        again = false;
        Future<Step> run;
        try {
            run = job.get();
        } catch (RuntimeException e) {
            run = Future.failedFuture(e);
        }
        run.recover(e -> {
            onError.accept(e);
            return Future.succeededFuture(Step.RETRY);
        }).onSuccess(this::after);
    }

    /** Forgets the failures and any backoff in progress, and runs now (the destination may have been fixed). */
    public void restart() {
        if (closed) return;
        if (timer >= 0) vertx.cancelTimer(timer);
        timer = -1;
        attempts = 0;
        wake();
    }

    /** Stops: no more runs, no timer. */
    public void close() {
        closed = true;
        if (timer >= 0) vertx.cancelTimer(timer);
        timer = -1;
    }

    /** Failed attempts in a row. */
    public int attempts() { return attempts; }

    /** Whether the worker waits for its backoff to end. */
    public boolean backingOff() { return timer >= 0; }

    private void after(Step step) {
        running = false;
        if (closed) return;
        if (step == Step.RETRY) attempts++;
        else attempts = 0;
        switch (step) {
            case MORE -> wake();
            case RETRY -> timer = vertx.setTimer(backoff(), id -> {
                timer = -1;
                wake();
            });
            case IDLE -> {
                if (again) wake();
                else onDone.run();
            }
            case GONE -> onDone.run();
        }
    }

    private long backoff() {
        long initial = Math.max(1, initialBackoff.toMillis());
        int doublings = Math.min(30, Math.max(0, attempts - 1));
        return Math.min(maxBackoff.toMillis(), initial << doublings);
    }
}

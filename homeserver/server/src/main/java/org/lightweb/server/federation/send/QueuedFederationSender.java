package org.lightweb.server.federation.send;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.lightweb.core.Clock;
import org.lightweb.core.Json;
import org.lightweb.federation.protocol.CanonicalJson;
import org.lightweb.server.federation.client.FederationClient;
import org.lightweb.storage.federation.FederationQueueRepository;
import org.lightweb.storage.federation.FederationQueueRepository.Queued;
import org.lightweb.storage.federation.FederationQueueRepository.RetryState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link FederationSender} whose queue is the database (V11 {@code federation_outbox}): queuing writes a row
 * per destination; a {@link Worker} per destination with rows sends them in transactions
 * ({@code PUT /_matrix/federation/v1/send/{txnId}}, at most {@code maxPdus} PDUs and {@code maxEdus} EDUs, oldest
 * first), one transaction in flight at a time, and deletes the rows only after a 200. Nothing is queued in memory,
 * so a restart resumes every destination where it stood ({@link #start()}); at most the transaction in flight at a
 * crash is sent again, under the same transaction id (the destination's idempotency cache drops it).
 * <p>
 * A failed transaction (unreachable, timeout, 5xx, 429, 401, ...) is retried after a backoff doubling from
 * {@code initialBackoff} to {@code maxBackoff}, kept in {@code federation_destinations} so it survives a restart;
 * while it waits, new rows pile up behind it and go out in order once the destination answers again (catch-up).
 * A 400 or 413 means the destination will never take this transaction, and a body that is no canonical JSON can
 * never be sent: its rows are dropped (logged) so one bad item cannot hold a destination forever. Per-PDU errors
 * in a 200 answer are logged, not retried. Ephemeral EDUs (typing, presence) are not queued for a destination
 * that is failing, and those queued are deleted when it fails: they would be stale when it comes back.
 * A destination's queue holds at most {@code maxQueuedPerDestination} rows; beyond that its oldest rows are
 * deleted (logged): later PDUs still carry their prev_events, so the destination fetches what it missed with
 * {@code /get_missing_events}, and the EDUs lost are receipts, device-list and to-device messages superseded or
 * recovered by later ones (a device-list update's prev_id tells the destination to refetch the list).
 * <p>
 * Workers live on one Vert.x context and never block; each destination is independent, so a dead server only
 * delays its own queue.
 */
public final class QueuedFederationSender implements FederationSender, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(QueuedFederationSender.class);
    static final String SEND_PATH = "/_matrix/federation/v1/send/";
    /** EDUs that are worthless late: not queued for a destination in backoff. */
    static final Set<String> EPHEMERAL = Set.of("m.typing", "m.presence");

    public record Settings(Duration initialBackoff, Duration maxBackoff, int maxPdus, int maxEdus,
                           int maxQueuedPerDestination) {}

    private enum Step { IDLE, MORE, RETRY }

    private final Vertx vertx;
    private final Context context;
    private final String serverName;
    private final FederationQueueRepository queue;
    private final FederationClient client;
    private final Settings settings;
    private final Clock clock;
    private final Map<String, Worker> workers = new HashMap<>();          // on context only
    /** destinations whose last transaction failed -> when they may be tried again; read from any thread */
    private final Map<String, Long> failing = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public QueuedFederationSender(Vertx vertx, Context context, String serverName, FederationQueueRepository queue,
                                  FederationClient client, Settings settings, Clock clock) {
        this.vertx = vertx;
        this.context = context;
        this.serverName = serverName;
        this.queue = queue;
        this.client = client;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * In a clustered node's follower: rows are queued in the database as ever, but another process sends them;
     * {@code wakeLeader} tells it which destinations have new rows. {@link #start} ends the stand-by.
     */
    public void standBy(java.util.function.Consumer<List<String>> wakeLeader) { this.standBy = wakeLeader; }

    /** The leader hears that a follower queued rows for these destinations. */
    public void wake(Collection<String> destinations) {
        if (standBy != null || closed) return;
        context.runOnContext(v -> destinations.forEach(d -> worker(d).wake()));
    }

    /** Resumes every destination with queued rows, honouring the backoff each had when the node stopped. */
    public Future<Void> start() {
        standBy = null;
        Future<Map<String, RetryState>> states = queue.retryStates();
        Future<Set<String>> withRows = queue.destinationsWithRows();
        return Future.all(states, withRows).map(ok -> {
            states.result().forEach((d, s) -> failing.put(d, s.retryAt()));
            context.runOnContext(v -> {
                for (String d : withRows.result()) {
                    RetryState s = states.result().get(d);
                    Worker w = worker(d);
                    if (s != null) {
                        w.failures = s.failures();
                        long wait = s.retryAt() - clock.millis();
                        if (wait > 0) {
                            w.waitFor(wait);
                            continue;
                        }
                    }
                    w.wake();
                }
                log.info("federation sender started [destinations with queued rows: {}]", withRows.result().size());
            });
            return null;
        });
    }

    @Override
    public void sendPdu(Collection<String> destinations, ObjectNode pdu) {
        List<String> to = destinations.stream().filter(this::isRemote).distinct().toList();
        if (to.isEmpty()) return;
        enqueue(to, FederationQueueRepository.PDU, null, Json.write(pdu));
    }

    @Override
    public Future<Void> queuePdu(Collection<String> destinations, ObjectNode pdu) {
        List<String> to = destinations.stream().filter(this::isRemote).distinct().toList();
        if (to.isEmpty()) return Future.succeededFuture();
        return enqueue(to, FederationQueueRepository.PDU, null, Json.write(pdu));
    }

    @Override
    public void sendEdu(String destination, String eduType, JsonNode content) {
        if (!isRemote(destination)) return;
        if (EPHEMERAL.contains(eduType) && failing.containsKey(destination)) {
            log.debug("ephemeral EDU not queued for a failing destination [destination: {}, type: {}]", destination, eduType);
            return;
        }
        enqueue(List.of(destination), FederationQueueRepository.EDU, eduType, Json.write(content));
    }

    @Override
    public void destinationUp(String destination) {
        if (!failing.containsKey(destination) || closed) return;
        context.runOnContext(v -> {
            Worker w = workers.get(destination);
            if (w != null) {
                if (w.timer >= 0) {
                    log.info("destination answered us, retrying now [destination: {}]", destination);
                    w.cancel();
                    w.wake();
                }
            } else if (failing.remove(destination) != null) {
                queue.clearFailures(destination)
                        .onFailure(e -> log.warn("cannot clear federation retry state [destination: {}]", destination, e));
            }
        });
    }

    /** Whether the destination's last transaction failed (it is backing off or about to retry). */
    public boolean isFailing(String destination) {
        return failing.containsKey(destination);
    }

    private boolean isRemote(String destination) {
        return destination != null && !destination.isEmpty() && !destination.equals(serverName) && !blocked.test(destination);
    }

    /** Destinations an admin blocked: nothing is queued for them. */
    private volatile java.util.function.Predicate<String> blocked = d -> false;
    private volatile java.util.function.Consumer<List<String>> standBy;

    public void setBlocked(java.util.function.Predicate<String> blocked) { this.blocked = blocked; }

    private Future<Void> enqueue(List<String> to, String kind, String eduType, String json) {
        return queue.enqueue(to, kind, eduType, json, clock.millis(), settings.maxQueuedPerDestination())
                .onSuccess(done -> {
                    done.dropped().forEach((d, n) -> log.warn(
                            "federation queue full, oldest rows dropped [destination: {}, dropped: {}, bound: {}]",
                            d, n, settings.maxQueuedPerDestination()));
                    if (standBy != null) standBy.accept(to);   // a follower: the leader sends
                    else context.runOnContext(v -> to.forEach(d -> worker(d).wake()));
                })
                .onFailure(e -> log.error("cannot queue for federation [kind: {}, destinations: {}]", kind, to, e))
                .mapEmpty();
    }

    private Worker worker(String destination) {
        return workers.computeIfAbsent(destination, Worker::new);
    }

    /** How many destinations have a worker now (tests). */
    int activeWorkers() { return workers.size(); }

    @Override
    public void close() {
        closed = true;
        context.runOnContext(v -> {
            workers.values().forEach(Worker::cancel);
            workers.clear();
        });
    }

    /** The transaction id of a batch: the same rows give the same id, so a retried transaction is recognised. */
    static String txnId(List<Queued> rows) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Queued q : rows) sha.update((q.position() + ",").getBytes(StandardCharsets.US_ASCII));
            return rows.get(0).position() + "-" + HexFormat.of().formatHex(sha.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    long backoff(int failures) {
        long initial = Math.max(1, settings.initialBackoff().toMillis());
        int doublings = Math.min(30, Math.max(0, failures - 1));
        return Math.min(Math.max(initial, settings.maxBackoff().toMillis()), initial << doublings);
    }

    /** Sending for one destination: at most one transaction at a time; a wake during one makes it look again. */
    private final class Worker {
        private final String destination;
        private boolean running;
        private boolean again;
        private long timer = -1;
        private int failures;

        Worker(String destination) {
            this.destination = destination;
        }

        void wake() {
            if (closed || timer >= 0) return;    // backing off: the timer runs it
            if (running) {
                again = true;
                return;
            }
            running = true;
            again = false;
            Future<Step> step;
            try {
                step = runOnce();
            } catch (RuntimeException e) {
                step = Future.failedFuture(e);
            }
            step.recover(e -> {
                log.warn("federation queue unreadable, will retry [destination: {}]", destination, e);
                return Future.succeededFuture(Step.RETRY);
            }).onComplete(ar -> context.runOnContext(v -> after(ar.result())));
        }

        void waitFor(long millis) {
            cancel();
            timer = vertx.setTimer(Math.max(1, millis), id -> {
                timer = -1;
                wake();
            });
        }

        void cancel() {
            if (timer >= 0) vertx.cancelTimer(timer);
            timer = -1;
        }

        private void after(Step step) {
            running = false;
            if (closed) return;
            switch (step) {
                case MORE -> wake();
                case RETRY -> waitFor(failures > 0 ? backoff(failures) : settings.initialBackoff().toMillis());
                case IDLE -> {
                    if (again) wake();
                    else workers.remove(destination, this);
                }
            }
        }

        private Future<Step> runOnce() {
            return queue.next(destination, settings.maxPdus(), settings.maxEdus())
                    .compose(rows -> rows.isEmpty() ? Future.succeededFuture(Step.IDLE) : transmit(rows));
        }

        private Future<Step> transmit(List<Queued> rows) {
            ObjectNode body = Json.object().put("origin", serverName).put("origin_server_ts", clock.millis());
            ArrayNode pdus = body.putArray("pdus");
            ArrayNode edus = body.putArray("edus");
            for (Queued q : rows) {
                if (FederationQueueRepository.PDU.equals(q.kind())) {
                    pdus.add(Json.parse(q.json()));
                } else {
                    ObjectNode edu = edus.addObject().put("edu_type", q.eduType());
                    edu.set("content", Json.parse(q.json()));
                }
            }
            String txnId = txnId(rows);
            List<Long> positions = rows.stream().map(Queued::position).toList();
            return client.put(destination, SEND_PATH + txnId, body)
                    .compose(answer -> {
                        logPduErrors(txnId, answer);
                        Future<Void> cleared = failures > 0 || failing.containsKey(destination)
                                ? queue.clearFailures(destination) : Future.succeededFuture();
                        if (failures > 0) log.info("destination is back [destination: {}, after failures: {}]",
                                destination, failures);
                        failures = 0;
                        failing.remove(destination);
                        return cleared.compose(v -> queue.delete(destination, positions)).map(Step.MORE);
                    }, err -> failed(txnId, rows, err));
        }

        private Future<Step> failed(String txnId, List<Queued> rows, Throwable err) {
            if (err instanceof FederationClient.RemoteError r && (r.status() == 400 || r.status() == 413)) {
                log.warn("destination refused a transaction, its items are dropped [destination: {}, txn: {}, items: {}, why: {}]",
                        destination, txnId, rows.size(), r.getMessage());
                return queue.delete(destination, rows.stream().map(Queued::position).toList()).map(Step.MORE);
            }
            if (err instanceof CanonicalJson.InvalidJsonException) {
                // Not the destination's fault and never sendable (e.g. a float in a client's to-device content):
                // retrying would hold every later item of this destination forever.
                log.warn("a transaction cannot be encoded as canonical JSON, its items are dropped "
                        + "[destination: {}, txn: {}, items: {}, why: {}]", destination, txnId, rows.size(), err.getMessage());
                return queue.delete(destination, rows.stream().map(Queued::position).toList()).map(Step.MORE);
            }
            failures++;
            long retryAt = clock.millis() + backoff(failures);
            failing.put(destination, retryAt);
            log.info("federation transaction failed, will retry [destination: {}, txn: {}, failures: {}, in: {} ms, why: {}]",
                    destination, txnId, failures, backoff(failures), err.getMessage());
            // Typing and presence queued before the failure would be stale by the time it answers.
            return queue.deleteEdus(destination, EPHEMERAL)
                    .compose(n -> queue.recordFailure(new RetryState(destination, failures, clock.millis(), retryAt)))
                    .recover(e -> {
                        log.warn("cannot record federation retry state [destination: {}]", destination, e);
                        return Future.succeededFuture();
                    })
                    .map(Step.RETRY);
        }

        private void logPduErrors(String txnId, JsonNode answer) {
            JsonNode results = answer == null ? null : answer.path("pdus");
            if (results == null || !results.isObject()) return;
            results.fields().forEachRemaining(e -> {
                JsonNode error = e.getValue().path("error");
                if (!error.isMissingNode() && !error.isNull()) {
                    log.warn("destination rejected a PDU [destination: {}, txn: {}, event: {}, error: {}]",
                            destination, txnId, e.getKey(), error.asText());
                }
            });
        }
    }
}

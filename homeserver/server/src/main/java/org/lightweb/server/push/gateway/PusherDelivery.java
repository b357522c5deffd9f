package org.lightweb.server.push.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.lightweb.server.delivery.SerialRetry;
import org.lightweb.server.delivery.SerialRetry.Step;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.lightweb.core.Clock;
import org.lightweb.server.push.PushProcessor;
import org.lightweb.storage.push.PushActionRepository;
import org.lightweb.storage.push.PushActionRepository.NewAction;
import org.lightweb.storage.push.PushActionRepository.Notification;
import org.lightweb.storage.push.PusherRepository;
import org.lightweb.storage.push.PusherRepository.Pusher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers notifications to http pushers, as Synapse's HttpPusher does but with its state in the database: each
 * pusher's position ({@code last_stream_ordering}) is the last notification handed to its gateway, so after a
 * restart delivery resumes there (at most the one notification in flight at the crash is sent again) and memory
 * holds no queue, only one small {@link Worker} per pusher that has something to send.
 * <p>
 * A worker reads the user's notifications after its position a batch at a time, skips those a read receipt
 * already covers (checked again just before each is sent) and those the user sent or that were redacted, and POSTs
 * the rest one after another. A gateway's rejection of the
 * pushkey deletes the pusher; a network error, timeout, 5xx or 429 is retried after a backoff that doubles from
 * {@code initialBackoff} to {@code maxBackoff}, and after {@code maxAttempts} the notification is given up on, so one
 * broken gateway cannot hold a pusher forever. Other 4xx answers drop the notification at once.
 * <p>
 * Everything runs on one Vert.x context: wake-ups come from {@link PushProcessor} (after the actions are committed,
 * without waiting) and from {@link #start()} for every pusher; workers never block and need no locks.
 */
public final class PusherDelivery implements PushProcessor.StoredActionsListener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PusherDelivery.class);
    static final String HTTP = "http";

    public record Settings(Duration initialBackoff, Duration maxBackoff, int maxAttempts, int batchSize) {}

    private record Key(String userId, String appId, String pushkey) {
        static Key of(Pusher p) { return new Key(p.userId(), p.appId(), p.pushkey()); }
    }


    private final Vertx vertx;
    private final Context context;
    private final PusherRepository pushers;
    private final PushActionRepository actions;
    private final GatewayNotifications notifications;
    private final PushGatewayClient gateway;
    private final Settings settings;
    private final Clock clock;
    private final Map<Key, Worker> workers = new HashMap<>();
    private boolean closed;
    private volatile boolean standingBy;

    public PusherDelivery(Vertx vertx, Context context, PusherRepository pushers, PushActionRepository actions,
                          GatewayNotifications notifications, PushGatewayClient gateway, Settings settings, Clock clock) {
        this.vertx = vertx;
        this.context = context;
        this.pushers = pushers;
        this.actions = actions;
        this.notifications = notifications;
        this.gateway = gateway;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * In a clustered node's follower: nothing is delivered here, the leader does it ({@link #start} ends the
     * stand-by and wakes every pusher; the leader calls it again whenever a follower stored events).
     */
    public void standBy() { standingBy = true; }

    /** Resumes delivery for every http pusher (what was stored while the node was down, or not yet delivered). */
    public Future<Void> start() {
        standingBy = false;
        context.runOnContext(v -> pushers.all(HTTP)
                .onSuccess(all -> all.forEach(p -> wake(Key.of(p))))
                .onFailure(e -> log.error("cannot resume pushers", e)));
        return Future.succeededFuture();
    }

    @Override
    public void stored(List<NewAction> stored) {
        List<String> users = stored.stream().map(NewAction::userId).distinct().toList();
        context.runOnContext(v -> pushers.ofUsers(users, HTTP)
                .onSuccess(found -> found.forEach(p -> wake(Key.of(p))))
                .onFailure(e -> log.warn("cannot look up pushers to wake", e)));
    }

    /**
     * A pusher was set or changed: deliver anything it has pending (normally nothing, it starts at the head). A
     * backoff in progress ends, since the change may well be the fix (a new gateway url).
     */
    public void changed(String userId, String appId, String pushkey) {
        context.runOnContext(v -> {
            if (closed || standingBy) return;
            workers.computeIfAbsent(new Key(userId, appId, pushkey), Worker::new).retry.restart();
        });
    }

    private void wake(Key key) {
        if (closed || standingBy) return;
        workers.computeIfAbsent(key, Worker::new).wake();
    }

    /** How many pushers have a worker now (tests and metrics). */
    int activeWorkers() { return workers.size(); }

    @Override
    public void close() {
        context.runOnContext(v -> {
            closed = true;
            workers.values().forEach(Worker::cancel);
            workers.clear();
        });
        gateway.close();
    }

    /** Delivery for one pusher: at most one run at a time, a wake during a run makes it run again. */
    private final class Worker {
        private final Key key;
        private final SerialRetry retry;

        Worker(Key key) {
            this.key = key;
            this.retry = new SerialRetry(vertx, this::runOnce, settings.initialBackoff(), settings.maxBackoff(),
                    e -> log.warn("pusher delivery failed [user: {}, app_id: {}]", key.userId(), key.appId(), e),
                    () -> workers.remove(key, this));
        }

        void wake() { retry.wake(); }

        void cancel() { retry.close(); }

        private Future<Step> runOnce() {
            return pushers.find(key.userId(), key.appId(), key.pushkey()).compose(found -> {
                if (found.isEmpty() || !HTTP.equals(found.get().kind())) return Future.succeededFuture(Step.GONE);
                Pusher p = found.get();
                return actions.notificationsAfter(p.userId(), p.lastStreamOrdering(), settings.batchSize())
                        .compose(batch -> deliver(p, batch, 0, batch.size() == settings.batchSize() ? Step.MORE : Step.IDLE));
            });
        }

        /** Delivers {@code batch} from {@code i} on, one after another. */
        private Future<Step> deliver(Pusher p, List<Notification> batch, int i, Step whenDone) {
            if (i == batch.size()) return Future.succeededFuture(whenDone);
            Notification n = batch.get(i);
            if (n.read()) return advance(p, n).compose(ok -> ok ? deliver(p, batch, i + 1, whenDone) : Future.succeededFuture(Step.GONE));
            // Read again just before sending: the batch may have waited on a slow or failing gateway meanwhile.
            return actions.isRead(p.userId(), n.roomId(), n.threadId(), n.streamOrdering())
                    .compose(read -> read ? advance(p, n).map(ok -> ok ? (Step) null : Step.GONE)
                            : notifications.build(p, n).compose(body -> send(p, n, body)))
                    .compose(step -> step == null ? deliver(p, batch, i + 1, whenDone) : Future.succeededFuture(step));
        }

        /** Sends one notification; null means go on with the next one. */
        private Future<Step> send(Pusher p, Notification n, Optional<ObjectNode> body) {
            if (body.isEmpty()) return advance(p, n).map(ok -> ok ? null : Step.GONE);
            String url = GatewayNotifications.dataOf(p).path("url").asText("");
            return gateway.notify(url, body.get()).compose(result -> switch (result.outcome()) {
                case DELIVERED -> {
                    if (result.rejected().contains(p.pushkey())) {
                        log.info("push gateway rejected pushkey, removing pusher [user: {}, app_id: {}]", p.userId(), p.appId());
                        yield pushers.delete(p.userId(), p.appId(), p.pushkey()).map(v -> Step.GONE);
                    }
                    yield advance(p, n).map(ok -> ok ? null : Step.GONE);
                }
                case REFUSED -> {
                    log.warn("push gateway refused a notification, dropped [user: {}, app_id: {}, event: {}, why: {}]",
                            p.userId(), p.appId(), n.eventId(), result.problem());
                    yield advance(p, n).map(ok -> ok ? null : Step.GONE);
                }
                case RETRY -> {
                    int attempts = retry.attempts() + 1;
                    if (attempts >= settings.maxAttempts()) {
                        log.warn("giving up on a notification after {} attempts [user: {}, app_id: {}, event: {}, why: {}]",
                                attempts, p.userId(), p.appId(), n.eventId(), result.problem());
                        yield advance(p, n).map(ok -> ok ? null : Step.GONE);
                    }
                    log.info("push gateway failed, will retry [user: {}, app_id: {}, attempt: {}, why: {}]",
                            p.userId(), p.appId(), attempts, result.problem());
                    yield pushers.markFailing(p.userId(), p.appId(), p.pushkey(), clock.millis()).map(v -> Step.RETRY);
                }
            });
        }

        private Future<Boolean> advance(Pusher p, Notification n) {
            return pushers.advance(p.userId(), p.appId(), p.pushkey(), n.streamOrdering());
        }
    }
}

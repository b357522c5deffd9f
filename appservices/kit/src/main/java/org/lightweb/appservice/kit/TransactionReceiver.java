package org.lightweb.appservice.kit;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.lightweb.core.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The appservice's HTTP side of the Application Service API: {@code PUT /_matrix/app/v1/transactions/{txnId}},
 * {@code POST /_matrix/app/v1/ping} and the user and alias queries. Every request must carry the hs_token
 * ({@code Authorization: Bearer}, or the legacy {@code access_token} query parameter; both must match when both are
 * given): none answers 401 M_UNAUTHORIZED, a wrong one 403 M_FORBIDDEN. A transaction is handed to the listener once
 * per txnId: a retry of one that succeeded answers {} again without redelivering, a retry of one still running waits
 * for it, and one that failed is delivered again.
 */
public final class TransactionReceiver {
    private static final Logger log = LoggerFactory.getLogger(TransactionReceiver.class);
    public static final String PREFIX = "/_matrix/app/v1";
    /** Default limit of a transaction body (Synapse batches at most 100 events and 100 ephemeral ones). */
    public static final long DEFAULT_MAX_BODY_BYTES = 16L * 1024 * 1024;
    /** How many delivered txnIds are remembered for idempotence. */
    public static final int DEFAULT_REMEMBERED_TRANSACTIONS = 1000;

    /** What the appservice does with what the homeserver pushes. Only {@link #onTransaction} is required. */
    public interface Listener {
        /** A transaction's events; complete when they are handled (a failure makes the homeserver retry). */
        CompletionStage<Void> onTransaction(String txnId, Transaction txn);
        /** GET /users/{userId}: true if the appservice created the user (answer 200 {}), false for 404. */
        default CompletionStage<Boolean> queryUser(String userId) { return Future.succeededFuture(false).toCompletionStage(); }
        /** GET /rooms/{alias}: true if the appservice created the alias' room, false for 404. */
        default CompletionStage<Boolean> queryAlias(String alias) { return Future.succeededFuture(false).toCompletionStage(); }
    }

    /** A pushed transaction: its PDUs and, for appservices that receive them, ephemeral events. */
    public record Transaction(List<JsonNode> events, List<JsonNode> ephemeral) {
        public Transaction {
            events = List.copyOf(events);
            ephemeral = List.copyOf(ephemeral);
        }
    }

    private final Vertx vertx;
    private final byte[] hsToken;
    private final Listener listener;
    private final long maxBodyBytes;
    private final int remembered;
    private final Map<String, Future<Void>> transactions = new LinkedHashMap<>(16, 0.75f, true) {
        @Override protected boolean removeEldestEntry(Map.Entry<String, Future<Void>> eldest) {
            return size() > remembered && eldest.getValue().isComplete();
        }
    };
    private HttpServer server;

    public TransactionReceiver(Vertx vertx, String hsToken, Listener listener) {
        this(vertx, hsToken, listener, DEFAULT_MAX_BODY_BYTES, DEFAULT_REMEMBERED_TRANSACTIONS);
    }

    public TransactionReceiver(Vertx vertx, String hsToken, Listener listener, long maxBodyBytes, int remembered) {
        this.vertx = vertx;
        this.hsToken = hsToken.getBytes(StandardCharsets.UTF_8);
        this.listener = listener;
        this.maxBodyBytes = maxBodyBytes;
        this.remembered = remembered;
    }

    /** The routes, for mounting on a router of one's own instead of {@link #listen}. */
    public Router router() {
        Router router = Router.router(vertx);
        router.route(PREFIX + "/*").handler(this::authorise);
        router.put(PREFIX + "/transactions/:txnId").handler(BodyHandler.create().setBodyLimit(maxBodyBytes))
                .handler(this::putTransaction);
        router.post(PREFIX + "/ping").handler(BodyHandler.create().setBodyLimit(64 * 1024)).handler(ctx -> ok(ctx));
        router.get(PREFIX + "/users/:userId").handler(ctx -> query(ctx, listener.queryUser(ctx.pathParam("userId"))));
        router.get(PREFIX + "/rooms/:alias").handler(ctx -> query(ctx, listener.queryAlias(ctx.pathParam("alias"))));
        router.route().failureHandler(ctx -> {
            if (ctx.statusCode() == 413) error(ctx, 413, "M_TOO_LARGE", "Transaction is too large");
            else {
                log.warn("appservice request failed [{} {}]", ctx.request().method(), ctx.normalizedPath(), ctx.failure());
                error(ctx, 500, "M_UNKNOWN", "Internal error");
            }
        });
        router.errorHandler(404, ctx -> error(ctx, 404, "M_UNRECOGNIZED", "Unrecognized request"));
        router.errorHandler(405, ctx -> error(ctx, 405, "M_UNRECOGNIZED", "Method not allowed for this endpoint"));
        return router;
    }

    /** Binds host:port (0 = a random port); completes with the bound port. */
    public Future<Integer> listen(String host, int port) {
        return vertx.createHttpServer().requestHandler(router()).listen(port, host).map(s -> {
            server = s;
            log.info("appservice receiver listening [address: {}:{}]", host, s.actualPort());
            return s.actualPort();
        });
    }

    public Future<Void> close() {
        return server == null ? Future.succeededFuture() : server.close();
    }

    private void authorise(RoutingContext ctx) {
        String header = ctx.request().getHeader("Authorization");
        String bearer = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : null;
        String query = ctx.request().getParam("access_token");
        if (bearer == null && query == null) {
            error(ctx, 401, "M_UNAUTHORIZED", "Missing hs_token");
            return;
        }
        if ((bearer != null && !matches(bearer)) || (query != null && !matches(query))) {
            error(ctx, 403, "M_FORBIDDEN", "Wrong hs_token");
            return;
        }
        ctx.next();
    }

    private boolean matches(String token) {
        return MessageDigest.isEqual(hsToken, token.getBytes(StandardCharsets.UTF_8));
    }

    private void putTransaction(RoutingContext ctx) {
        String txnId = ctx.pathParam("txnId");
        Transaction txn;
        try {
            txn = read(ctx.body().asString());
        } catch (RuntimeException e) {
            error(ctx, 400, "M_NOT_JSON", "Transaction body must be a JSON object with an events list");
            return;
        }
        Future<Void> delivery;
        synchronized (transactions) {
            Future<Void> known = transactions.get(txnId);
            if (known != null && !known.failed()) {
                delivery = known;
                log.debug("transaction already delivered [txn: {}]", txnId);
            } else {
                delivery = deliver(ctx, txnId, txn);
                transactions.put(txnId, delivery);
            }
        }
        delivery.onComplete(done -> {
            if (done.succeeded()) ok(ctx);
            else {
                log.warn("transaction failed, the homeserver will retry [txn: {}]", txnId, done.cause());
                error(ctx, 500, "M_UNKNOWN", "Transaction not handled, please retry");
            }
        });
    }

    /** The listener's stage as a future completing on the request's event loop, whatever thread completes it. */
    private Future<Void> deliver(RoutingContext ctx, String txnId, Transaction txn) {
        try {
            return Future.fromCompletionStage(listener.onTransaction(txnId, txn), ctx.vertx().getOrCreateContext());
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }

    static Transaction read(String body) {
        JsonNode root = Json.parse(body);
        if (!root.isObject() || !root.path("events").isArray()) throw new IllegalArgumentException("no events list");
        List<JsonNode> events = new ArrayList<>();
        root.get("events").forEach(events::add);
        List<JsonNode> ephemeral = new ArrayList<>();
        for (String field : List.of("ephemeral", "de.sorunome.msc2409.ephemeral")) {
            if (root.path(field).isArray()) root.get(field).forEach(ephemeral::add);
        }
        return new Transaction(events, ephemeral);
    }

    private void query(RoutingContext ctx, CompletionStage<Boolean> answer) {
        Future.fromCompletionStage(answer, ctx.vertx().getOrCreateContext()).onComplete(done -> {
            if (done.succeeded() && Boolean.TRUE.equals(done.result())) ok(ctx);
            else if (done.succeeded()) error(ctx, 404, "M_NOT_FOUND", "Not found");
            else error(ctx, 500, "M_UNKNOWN", "Query failed");
        });
    }

    private static void ok(RoutingContext ctx) {
        ctx.response().setStatusCode(200).putHeader("Content-Type", "application/json").end("{}");
    }

    private static void error(RoutingContext ctx, int status, String errcode, String message) {
        if (ctx.response().ended()) return;
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .end(Buffer.buffer(Json.writeBytes(Map.of("errcode", errcode, "error", message))));
    }
}

package org.lightweb.server.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.lightweb.core.Clock;
import org.lightweb.core.ErrCode;
import org.lightweb.core.Json;
import org.lightweb.core.MatrixException;
import org.lightweb.core.Secrets;
import org.lightweb.core.UserId;
import org.lightweb.storage.accounts.UiAuthRepository;
import org.lightweb.storage.accounts.UiAuthRepository.UiAuthSession;

/**
 * User-interactive authentication (client-server API, "User-Interactive Authentication API"). A request that
 * needs it is answered 401 with the flows until the stages of one flow are done; sessions are stored, so a
 * restart does not lose them, and a session is bound to the method and path that started it.
 */
public final class UiAuth {
    /** One authentication stage: checks an {@code auth} dict and returns what it established, as JSON. */
    public interface Stage {
        Future<JsonNode> check(ObjectNode auth, Optional<UserId> forUser, UiAuthSession session);
    }

    /** A request that passed: its session's merged parameters and each completed stage's result. */
    public record Passed(String sessionId, ObjectNode clientDict, Map<String, JsonNode> results) {}

    /** What a request asks for: the flows it accepts and the user who must prove who they are (if known). */
    public record Request(String method, String uri, ObjectNode body, List<List<String>> flows, ObjectNode params,
                          Optional<UserId> forUser) {}

    private final UiAuthRepository sessions;
    private final Map<String, Stage> stages;
    private final Clock clock;
    private final Duration lifetime;

    public UiAuth(UiAuthRepository sessions, Map<String, Stage> stages, Clock clock, Duration lifetime) {
        this.sessions = sessions;
        this.stages = Map.copyOf(stages);
        this.clock = clock;
        this.lifetime = lifetime;
    }

    /** Succeeds when one flow is complete (the session is then spent); fails with the spec's 401 otherwise. */
    public Future<Passed> authenticate(Request req) {
        ObjectNode clientDict = req.body().deepCopy();
        clientDict.remove("auth");
        JsonNode auth = req.body().get("auth");
        if (auth == null || auth.isNull()) {
            String id = Secrets.randomString(24);
            return sessions.create(id, clock.millis(), req.method(), req.uri(), Json.write(clientDict))
                    .compose(v -> Future.failedFuture(challenge(req, id, List.of(), null)));
        }
        if (!auth.isObject()) return Future.failedFuture(MatrixException.badJson("'auth' must be an object"));
        ObjectNode authDict = (ObjectNode) auth;
        JsonNode sessionNode = authDict.get("session");
        Future<UiAuthSession> session;
        if (sessionNode == null || sessionNode.isNull()) {
            String id = Secrets.randomString(24);
            session = sessions.create(id, clock.millis(), req.method(), req.uri(), Json.write(clientDict))
                    .compose(v -> sessions.find(id)).map(Optional::orElseThrow);
        } else if (!sessionNode.isTextual()) {
            return Future.failedFuture(MatrixException.badJson("'auth.session' must be a string"));
        } else {
            session = sessions.find(sessionNode.asText()).compose(found -> {
                if (found.isEmpty() || found.get().createdTs() + lifetime.toMillis() < clock.millis()) {
                    return Future.failedFuture(new MatrixException(400, ErrCode.M_UNKNOWN,
                            "Unknown or expired session ID: " + sessionNode.asText()));
                }
                UiAuthSession s = found.get();
                if (!s.method().equals(req.method()) || !s.uri().equals(req.uri())) {
                    return Future.failedFuture(MatrixException.forbidden(
                            "Requested operation has changed during the UI authentication session"));
                }
                return Future.succeededFuture(s);
            });
        }
        return session.compose(s -> runStage(req, s, authDict)).compose(s -> finish(req, s, clientDict));
    }

    private Future<UiAuthSession> runStage(Request req, UiAuthSession s, ObjectNode authDict) {
        JsonNode typeNode = authDict.get("type");
        if (typeNode == null || typeNode.isNull()) return Future.succeededFuture(s);   // just asking where we are
        String type = typeNode.asText();
        boolean offered = req.flows().stream().anyMatch(f -> f.contains(type));
        Stage stage = stages.get(type);
        if (!offered || stage == null) {
            return Future.failedFuture(new MatrixException(400, ErrCode.M_UNRECOGNIZED,
                    "Unrecognised or not offered authentication type: " + type));
        }
        if (s.completed().containsKey(type)) return Future.succeededFuture(s);
        return stage.check(authDict, req.forUser(), s)
                .recover(err -> Future.failedFuture(err instanceof MatrixException m
                        ? challenge(req, s.sessionId(), List.copyOf(s.completed().keySet()), m) : err))
                .compose(result -> sessions.complete(s.sessionId(), type, Json.write(result)))
                .compose(v -> sessions.find(s.sessionId())).map(Optional::orElseThrow);
    }

    private Future<Passed> finish(Request req, UiAuthSession s, ObjectNode current) {
        List<String> done = List.copyOf(s.completed().keySet());
        boolean complete = req.flows().stream().anyMatch(done::containsAll);
        if (!complete) return Future.failedFuture(challenge(req, s.sessionId(), done, null));
        ObjectNode merged = (ObjectNode) Json.parse(s.clientDict());
        merged.setAll(current);
        Map<String, JsonNode> results = new LinkedHashMap<>();
        s.completed().forEach((stage, json) -> results.put(stage, Json.parse(json)));
        return sessions.delete(s.sessionId()).map(v -> new Passed(s.sessionId(), merged, results));
    }

    /** The 401 that tells the client what is left; with the stage's error when one just failed. */
    private static MatrixException challenge(Request req, String sessionId, List<String> completed, MatrixException failed) {
        Map<String, Object> extra = new LinkedHashMap<>();
        List<Map<String, Object>> flows = new ArrayList<>();
        for (List<String> f : req.flows()) flows.add(Map.of("stages", f));
        extra.put("flows", flows);
        extra.put("params", req.params());
        extra.put("session", sessionId);
        extra.put("completed", completed);
        if (failed == null) return MatrixException.bare(401, extra);   // the spec's 401: flows only, no errcode
        extra.putAll(failed.extra());
        return new MatrixException(401, failed.errcode(), failed.getMessage(), extra);
    }
}

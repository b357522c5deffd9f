package org.lightweb.server.e2ee;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.lightweb.core.Json;
import org.lightweb.core.MatrixException;
import org.lightweb.storage.e2ee.KeyBackupRepository;
import org.lightweb.storage.e2ee.KeyBackupRepository.RoomKey;
import org.lightweb.storage.e2ee.KeyBackupRepository.Version;

/**
 * Server-side key backups (end-to-end encryption, "Server-side key backups"): versions, and encrypted room keys
 * that only the current version accepts. The server never reads session_data; it only keeps the best copy of
 * each session's key by the metadata beside it.
 */
public final class KeyBackup {
    private final KeyBackupRepository repo;

    public KeyBackup(KeyBackupRepository repo) {
        this.repo = repo;
    }

    /** POST /room_keys/version: answers {@code {version}}. */
    public Future<ObjectNode> create(String user, ObjectNode body) {
        String algorithm = algorithm(body);
        JsonNode authData = authData(body);
        return repo.create(user, algorithm, Json.write(authData)).map(v -> Json.object().put("version", Long.toString(v)));
    }

    /** GET /room_keys/version[/{version}]: the version, or the current one. */
    public Future<ObjectNode> get(String user, Optional<String> version) {
        Optional<Long> number = version.map(KeyBackup::number);
        return repo.find(user, number).map(found -> {
            Version v = found.orElseThrow(() -> MatrixException.notFound(number.isPresent() ? "Unknown backup version" : "No current backup version"));
            ObjectNode out = Json.object().put("algorithm", v.algorithm());
            out.set("auth_data", Json.parse(v.authData()));
            out.put("count", v.count()).put("etag", Long.toString(v.etag())).put("version", Long.toString(v.version()));
            return out;
        });
    }

    /** PUT /room_keys/version/{version}: new auth_data; the algorithm cannot change. */
    public Future<Void> update(String user, String version, ObjectNode body) {
        long number = number(version);
        String algorithm = algorithm(body);
        JsonNode authData = authData(body);
        JsonNode bodyVersion = body.get("version");
        if (bodyVersion != null && !bodyVersion.isNull() && !version.equals(bodyVersion.asText())) {
            throw MatrixException.invalidParam("The version in the body does not match the version in the path");
        }
        return repo.find(user, Optional.of(number)).compose(found -> {
            if (found.isEmpty()) return Future.failedFuture(MatrixException.notFound("Unknown backup version"));
            if (!found.get().algorithm().equals(algorithm)) return Future.failedFuture(MatrixException.invalidParam("Algorithm does not match"));
            return repo.update(user, number, Json.write(authData)).mapEmpty();
        });
    }

    /** DELETE /room_keys/version/{version}: the version and its keys. */
    public Future<Void> delete(String user, String version) {
        return repo.delete(user, number(version)).compose(found -> found ? Future.succeededFuture()
                : Future.failedFuture(MatrixException.notFound("Unknown backup version")));
    }

    /** PUT /room_keys/keys[/{roomId}[/{sessionId}]]: only into the current version; answers {@code {etag, count}}. */
    public Future<ObjectNode> putKeys(String user, String version, List<RoomKey> keys) {
        long number = number(version);
        return repo.find(user, Optional.empty()).compose(current -> {
            if (current.isEmpty()) return Future.failedFuture(MatrixException.notFound("Unknown backup version"));
            if (current.get().version() != number) {
                return Future.failedFuture(MatrixException.bare(403, Map.of("errcode", "M_WRONG_ROOM_KEYS_VERSION",
                        "error", "Wrong backup version.", "current_version", Long.toString(current.get().version()))));
            }
            return repo.put(user, number, keys).compose(v -> etagAndCount(user, number));
        });
    }

    /** GET /room_keys/keys[/{roomId}[/{sessionId}]]. */
    public Future<ObjectNode> getKeys(String user, String version, String roomId, String sessionId) {
        long number = number(version);
        return existing(user, number).compose(v -> repo.keys(user, number, roomId, sessionId)).map(keys -> {
            if (sessionId != null) {
                if (keys.isEmpty()) throw MatrixException.notFound("No room key for this session");
                return keyData(keys.get(0));
            }
            ObjectNode rooms = Json.object();
            for (RoomKey k : keys) {
                ObjectNode room = rooms.has(k.roomId()) ? (ObjectNode) rooms.get(k.roomId()) : rooms.putObject(k.roomId());
                ObjectNode sessions = room.has("sessions") ? (ObjectNode) room.get("sessions") : room.putObject("sessions");
                sessions.set(k.sessionId(), keyData(k));
            }
            if (roomId != null) {
                return rooms.has(roomId) ? (ObjectNode) rooms.get(roomId) : (ObjectNode) Json.object().set("sessions", Json.object());
            }
            return (ObjectNode) Json.object().set("rooms", rooms);
        });
    }

    /** DELETE /room_keys/keys[/{roomId}[/{sessionId}]]: answers {@code {etag, count}}. */
    public Future<ObjectNode> deleteKeys(String user, String version, String roomId, String sessionId) {
        long number = number(version);
        return existing(user, number).compose(v -> repo.deleteKeys(user, number, roomId, sessionId))
                .compose(v -> etagAndCount(user, number));
    }

    private Future<Version> existing(String user, long number) {
        return repo.find(user, Optional.of(number)).map(found -> found.orElseThrow(() -> MatrixException.notFound("Unknown backup version")));
    }

    private Future<ObjectNode> etagAndCount(String user, long number) {
        return existing(user, number).map(v -> Json.object().put("etag", Long.toString(v.etag())).put("count", v.count()));
    }

    private static ObjectNode keyData(RoomKey k) {
        ObjectNode out = Json.object().put("first_message_index", k.firstMessageIndex())
                .put("forwarded_count", k.forwardedCount()).put("is_verified", k.isVerified());
        out.set("session_data", Json.parse(k.sessionData()));
        return out;
    }

    /** The keys of a PUT body: {@code {rooms: {room: {sessions: {session: KeyBackupData}}}}} and its narrower forms. */
    public static List<RoomKey> parseRooms(JsonNode body) {
        JsonNode rooms = body.get("rooms");
        if (rooms == null || !rooms.isObject()) throw MatrixException.badJson("'rooms' must be an object");
        List<RoomKey> out = new ArrayList<>();
        rooms.properties().forEach(r -> out.addAll(parseSessions(r.getKey(), r.getValue())));
        return out;
    }

    public static List<RoomKey> parseSessions(String roomId, JsonNode body) {
        JsonNode sessions = body.get("sessions");
        if (sessions == null || !sessions.isObject()) throw MatrixException.badJson("'sessions' must be an object");
        List<RoomKey> out = new ArrayList<>();
        sessions.properties().forEach(s -> out.add(parseKey(roomId, s.getKey(), s.getValue())));
        return out;
    }

    public static RoomKey parseKey(String roomId, String sessionId, JsonNode data) {
        if (!data.isObject()) throw MatrixException.badJson("Key backup data must be an object");
        JsonNode first = data.get("first_message_index");
        JsonNode forwarded = data.get("forwarded_count");
        JsonNode verified = data.get("is_verified");
        JsonNode session = data.get("session_data");
        if (first == null || !first.canConvertToLong() || forwarded == null || !forwarded.canConvertToLong()
                || verified == null || !verified.isBoolean() || session == null || !session.isObject()) {
            throw MatrixException.badJson("Key backup data needs first_message_index, forwarded_count, is_verified and session_data");
        }
        return new RoomKey(roomId, sessionId, first.asLong(), forwarded.asLong(), verified.asBoolean(), Json.write(session));
    }

    private static String algorithm(ObjectNode body) {
        JsonNode algorithm = body.get("algorithm");
        if (algorithm == null || !algorithm.isTextual()) throw MatrixException.missingParam("Missing parameter: algorithm");
        return algorithm.asText();
    }

    private static JsonNode authData(ObjectNode body) {
        JsonNode authData = body.get("auth_data");
        if (authData == null || !authData.isObject()) throw MatrixException.missingParam("Missing parameter: auth_data (an object)");
        return authData;
    }

    /** A version as the API spells it; one that is no number is a version that does not exist. */
    private static long number(String version) {
        try {
            return Long.parseLong(version);
        } catch (NumberFormatException e) {
            throw MatrixException.notFound("Unknown backup version");
        }
    }
}

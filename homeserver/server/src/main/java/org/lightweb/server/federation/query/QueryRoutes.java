package org.lightweb.server.federation.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Function;
import org.lightweb.core.Json;
import org.lightweb.core.MatrixException;
import org.lightweb.core.ServerName;
import org.lightweb.core.UserId;
import org.lightweb.server.e2ee.E2eKeys;
import org.lightweb.server.federation.Origin;
import org.lightweb.server.http.Bodies;
import org.lightweb.server.http.Requester;
import org.lightweb.server.http.Respond;
import org.lightweb.server.http.RouteGroup;
import org.lightweb.server.profile.ProfileService;
import org.lightweb.server.rooms.Aliases;
import org.lightweb.server.rooms.directory.AliasService;

/**
 * The federation listener's queries about this server's users and aliases (server-server API: "Querying for
 * information", "End-to-End Encryption"): profiles, aliases, devices and keys, for local users and aliases only.
 */
public final class QueryRoutes implements RouteGroup {
    private static final String V1 = "/_matrix/federation/v1";

    private final ServerName serverName;
    private final ProfileService profiles;
    private final AliasService aliases;
    private final E2eKeys keys;
    private final Function<String, Future<Long>> deviceStream;

    /**
     * {@code deviceStream}: a local user's last announced m.device_list_update stream_id, answered by /user/devices
     * so the asking server can chain the updates that follow.
     */
    public QueryRoutes(ServerName serverName, ProfileService profiles, AliasService aliases, E2eKeys keys,
                       Function<String, Future<Long>> deviceStream) {
        this.deviceStream = deviceStream;
        this.serverName = serverName;
        this.profiles = profiles;
        this.aliases = aliases;
        this.keys = keys;
    }

    @Override
    public void mount(Router router) {
        router.get(V1 + "/query/profile").handler(Respond.json(this::queryProfile));
        router.get(V1 + "/query/directory").handler(Respond.json(this::queryRoomDirectory));
        router.get(V1 + "/user/devices/:userId").handler(Respond.json(this::getUserDevices));
        router.post(V1 + "/user/keys/query").handler(Respond.json(this::queryUserKeys));
        router.post(V1 + "/user/keys/claim").handler(Respond.json(this::claimUserKeys));
    }

    /** GET /query/profile?user_id&field (operationId queryProfile): the whole profile, or the one field. */
    Future<ObjectNode> queryProfile(RoutingContext ctx) {
        Origin.of(ctx);
        UserId user = localUser(ctx.request().getParam("user_id"));
        String field = ctx.request().getParam("field");
        if (field != null && !field.equals("displayname") && !field.equals("avatar_url")) {
            throw MatrixException.invalidParam("field must be displayname or avatar_url");
        }
        return profiles.profile(user).map(p -> {
            if (field == null) return p;
            ObjectNode one = Json.object();
            if (p.has(field)) one.set(field, p.get(field));
            return one;
        });
    }

    /** GET /query/directory?room_alias (operationId queryRoomDirectory): {room_id, servers}. */
    Future<Map<String, Object>> queryRoomDirectory(RoutingContext ctx) {
        Origin.of(ctx);
        String raw = ctx.request().getParam("room_alias");
        if (raw == null) throw MatrixException.missingParam("room_alias is required");
        return aliases.resolveLocal(Aliases.parse(raw)).map(r -> Map.of("room_id", r.roomId(), "servers", r.servers()));
    }

    /** GET /user/devices/{userId} (operationId getUserDevices): the user's devices with their keys. */
    Future<ObjectNode> getUserDevices(RoutingContext ctx) {
        String origin = Origin.of(ctx);
        UserId user = localUser(ctx.pathParam("userId"));
        ObjectNode query = Json.object();
        query.putObject("device_keys").putArray(user.toString());
        return deviceStream.apply(user.toString()).compose(stream -> keys.query(asking(origin), query).map(found -> {
            ObjectNode out = Json.object();
            out.put("user_id", user.toString());
            out.put("stream_id", stream);
            ArrayNode devices = out.putArray("devices");
            Iterator<Map.Entry<String, JsonNode>> it = found.path("device_keys").path(user.toString()).fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> d = it.next();
                ObjectNode device = devices.addObject();
                device.put("device_id", d.getKey());
                ObjectNode k = ((ObjectNode) d.getValue()).deepCopy();
                JsonNode name = k.path("unsigned").path("device_display_name");
                k.remove("unsigned");
                device.set("keys", k);
                if (name.isTextual()) device.set("device_display_name", name);
            }
            if (found.path("master_keys").has(user.toString())) out.set("master_key", found.get("master_keys").get(user.toString()));
            if (found.path("self_signing_keys").has(user.toString())) {
                out.set("self_signing_key", found.get("self_signing_keys").get(user.toString()));
            }
            return out;
        }));
    }

    /** POST /user/keys/query (operationId queryUserKeys): device and cross-signing keys of local users. */
    Future<ObjectNode> queryUserKeys(RoutingContext ctx) {
        String origin = Origin.of(ctx);
        ObjectNode body = localOnly(Bodies.json(ctx), "device_keys");
        return keys.query(asking(origin), body).map(found -> {
            found.remove("failures");
            found.remove("user_signing_keys");   // private to their owner
            return found;
        });
    }

    /** POST /user/keys/claim (operationId claimUserKeys): one-time (or fallback) keys of local users' devices. */
    Future<ObjectNode> claimUserKeys(RoutingContext ctx) {
        String origin = Origin.of(ctx);
        ObjectNode body = localOnly(Bodies.json(ctx), "one_time_keys");
        return keys.claim(asking(origin), body).map(found -> {
            found.remove("failures");
            return found;
        });
    }

    /** The body with only this server's users under {@code field} (others are not ours to answer for). */
    private ObjectNode localOnly(ObjectNode body, String field) {
        JsonNode wanted = body.get(field);
        if (wanted == null || !wanted.isObject()) throw MatrixException.invalidParam("'" + field + "' must be an object of user IDs");
        ObjectNode out = Json.object();
        ObjectNode kept = out.putObject(field);
        wanted.fields().forEachRemaining(e -> {
            if (UserId.parse(e.getKey()).map(u -> u.isLocalTo(serverName)).orElse(false)) kept.set(e.getKey(), e.getValue());
        });
        return out;
    }

    private UserId localUser(String raw) {
        if (raw == null) throw MatrixException.missingParam("user_id is required");
        UserId user = UserId.parse(raw).orElseThrow(() -> MatrixException.invalidParam("Invalid user ID: " + raw));
        if (!user.isLocalTo(serverName)) throw MatrixException.invalidParam("User " + raw + " is not hosted on this server");
        return user;
    }

    /**
     * The key store answers a requester; a remote server asks as no user of this server, so it gets no
     * user-signing keys and only the signatures their owners made.
     */
    private static Requester asking(String origin) {
        return new Requester(UserId.of("_federation", new ServerName(origin)), null, false, false, null);
    }
}

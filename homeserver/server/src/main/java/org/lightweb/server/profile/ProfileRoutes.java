package org.lightweb.server.profile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import org.lightweb.core.Json;
import org.lightweb.core.MatrixException;
import org.lightweb.core.UserId;
import org.lightweb.server.http.Authenticator;
import org.lightweb.server.http.Bodies;
import org.lightweb.server.http.Requester;
import org.lightweb.server.http.Respond;
import org.lightweb.server.http.RouteGroup;

/** GET/PUT/DELETE /_matrix/client/v3/profile/{userId}[/{keyName}]. */
public final class ProfileRoutes implements RouteGroup {
    private final ProfileService profiles;
    private final Authenticator auth;

    public ProfileRoutes(ProfileService profiles, Authenticator auth) {
        this.profiles = profiles;
        this.auth = auth;
    }

    @Override
    public void mount(Router router) {
        router.get("/_matrix/client/v3/profile/:userId").handler(Respond.json(this::getUserProfile));
        router.get("/_matrix/client/v3/profile/:userId/:keyName").handler(Respond.json(this::getProfileField));
        router.put("/_matrix/client/v3/profile/:userId/:keyName").handler(auth.userOrGuest()).handler(Respond.json(this::setProfileField));
        router.delete("/_matrix/client/v3/profile/:userId/:keyName").handler(auth.userOrGuest()).handler(Respond.json(this::deleteProfileField));
    }

    static UserId userId(RoutingContext ctx) {
        String raw = ctx.pathParam("userId");
        return UserId.parse(raw).orElseThrow(() -> MatrixException.invalidParam("Invalid user ID: " + raw));
    }

    /** GET /profile/{userId} (operationId getUserProfile). */
    Future<ObjectNode> getUserProfile(RoutingContext ctx) {
        return profiles.profile(userId(ctx));
    }

    /** GET /profile/{userId}/{keyName} (operationId getProfileField). */
    Future<ObjectNode> getProfileField(RoutingContext ctx) {
        String key = ctx.pathParam("keyName");
        return profiles.field(userId(ctx), key).map(v -> {
            ObjectNode out = Json.object();
            out.set(key, v);
            return out;
        });
    }

    /** PUT /profile/{userId}/{keyName} (operationId setProfileField). */
    Future<Map<String, Object>> setProfileField(RoutingContext ctx) {
        String key = ctx.pathParam("keyName");
        ObjectNode body = Bodies.json(ctx);
        ProfileService.checkKey(key);
        if (!body.has(key)) throw MatrixException.missingParam("Missing parameter: " + key);
        JsonNode value = body.get(key);
        return profiles.setField(Requester.of(ctx), userId(ctx), key, value).map(v -> Map.of());
    }

    /** DELETE /profile/{userId}/{keyName} (operationId deleteProfileField). */
    Future<Map<String, Object>> deleteProfileField(RoutingContext ctx) {
        return profiles.deleteField(Requester.of(ctx), userId(ctx), ctx.pathParam("keyName")).map(v -> Map.of());
    }
}

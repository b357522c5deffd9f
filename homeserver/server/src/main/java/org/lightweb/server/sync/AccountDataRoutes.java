package org.lightweb.server.sync;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import org.lightweb.core.MatrixException;
import org.lightweb.server.http.Authenticator;
import org.lightweb.server.http.Bodies;
import org.lightweb.server.http.Requester;
import org.lightweb.server.http.Respond;
import org.lightweb.server.http.RouteGroup;
import org.lightweb.server.rooms.RoomIds;

/** GET/PUT /user/{userId}/account_data/{type} and /user/{userId}/rooms/{roomId}/account_data/{type}. */
public final class AccountDataRoutes implements RouteGroup {
    private static final String GLOBAL = "/_matrix/client/v3/user/:userId/account_data/:type";
    private static final String ROOM = "/_matrix/client/v3/user/:userId/rooms/:roomId/account_data/:type";

    private final AccountData accountData;
    private final Authenticator auth;

    public AccountDataRoutes(AccountData accountData, Authenticator auth) {
        this.accountData = accountData;
        this.auth = auth;
    }

    @Override
    public void mount(Router router) {
        router.get(GLOBAL).handler(auth.user()).handler(Respond.json(this::getAccountData));
        router.put(GLOBAL).handler(auth.user()).handler(Respond.json(this::setAccountData));
        router.get(ROOM).handler(auth.user()).handler(Respond.json(this::getAccountDataPerRoom));
        router.put(ROOM).handler(auth.user()).handler(Respond.json(this::setAccountDataPerRoom));
    }

    private static String owner(RoutingContext ctx) {
        String user = Requester.of(ctx).userId().toString();
        if (!user.equals(ctx.pathParam("userId"))) throw MatrixException.forbidden("Cannot access another user's account data");
        return user;
    }

    private static String type(RoutingContext ctx) {
        String type = RoomIds.checkLength("type", ctx.pathParam("type"));
        return type;
    }

    private static void settable(String type) {
        // Spec: these have their own APIs (push rules, read markers).
        if (type.equals("m.push_rules") || type.equals("m.fully_read")) {
            throw MatrixException.badJson("Cannot set " + type + " through the account data API");
        }
    }

    /** GET /user/{userId}/account_data/{type} (operationId getAccountData). */
    Future<JsonNode> getAccountData(RoutingContext ctx) {
        return accountData.get(owner(ctx), "", type(ctx));
    }

    /** PUT /user/{userId}/account_data/{type} (operationId setAccountData). */
    Future<Map<String, Object>> setAccountData(RoutingContext ctx) {
        String user = owner(ctx);
        String type = type(ctx);
        settable(type);
        return accountData.put(user, "", type, Bodies.json(ctx)).map(v -> Map.of());
    }

    /** GET /user/{userId}/rooms/{roomId}/account_data/{type} (operationId getAccountDataPerRoom). */
    Future<JsonNode> getAccountDataPerRoom(RoutingContext ctx) {
        return accountData.get(owner(ctx), RoomIds.roomId(ctx.pathParam("roomId")), type(ctx));
    }

    /** PUT /user/{userId}/rooms/{roomId}/account_data/{type} (operationId setAccountDataPerRoom). */
    Future<Map<String, Object>> setAccountDataPerRoom(RoutingContext ctx) {
        String user = owner(ctx);
        String type = type(ctx);
        settable(type);
        return accountData.put(user, RoomIds.roomId(ctx.pathParam("roomId")), type, Bodies.json(ctx)).map(v -> Map.of());
    }
}

package org.lightweb.server.client;

import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;
import org.lightweb.server.accounts.LoginService;
import org.lightweb.server.http.Authenticator;
import org.lightweb.server.http.Bodies;
import org.lightweb.server.http.ClientAddress;
import org.lightweb.server.http.Requester;
import org.lightweb.server.http.Respond;
import org.lightweb.server.http.RouteGroup;

/** Login, refresh, logout and whoami (spec: Client Authentication). */
public final class LoginRoutes implements RouteGroup {
    private final LoginService logins;
    private final Authenticator auth;

    public LoginRoutes(LoginService logins, Authenticator auth) {
        this.logins = logins;
        this.auth = auth;
    }

    @Override
    public void mount(Router router) {
        router.get("/_matrix/client/v3/login").handler(Respond.json(this::getLoginFlows));
        router.post("/_matrix/client/v3/login").handler(Respond.json(this::login));
        router.post("/_matrix/client/v3/refresh").handler(Respond.json(this::refresh));
        router.post("/_matrix/client/v3/logout").handler(auth.userOrGuest()).handler(Respond.json(this::logout));
        router.post("/_matrix/client/v3/logout/all").handler(auth.userOrGuest()).handler(Respond.json(this::logoutAll));
        router.get("/_matrix/client/v3/account/whoami").handler(auth.userOrGuest()).handler(Respond.json(this::getTokenOwner));
    }

    /** GET /login (operationId getLoginFlows). */
    Future<Map<String, Object>> getLoginFlows(RoutingContext ctx) {
        return Future.succeededFuture(Map.of("flows", logins.flows()));
    }

    /** POST /login (operationId login). */
    Future<Map<String, Object>> login(RoutingContext ctx) {
        return logins.login(Bodies.json(ctx), ClientAddress.of(ctx), ctx.request().getHeader(HttpHeaders.USER_AGENT),
                Authenticator.token(ctx));
    }

    /** POST /refresh (operationId refresh). */
    Future<Map<String, Object>> refresh(RoutingContext ctx) {
        String token = Bodies.string(Bodies.json(ctx), "refresh_token");
        return logins.refresh(token, ClientAddress.of(ctx), ctx.request().getHeader(HttpHeaders.USER_AGENT));
    }

    /** POST /logout (operationId logout). */
    Future<Map<String, Object>> logout(RoutingContext ctx) {
        return logins.logout(Requester.of(ctx)).map(v -> Map.of());
    }

    /** POST /logout/all (operationId logout_all). */
    Future<Map<String, Object>> logoutAll(RoutingContext ctx) {
        return logins.logoutAll(Requester.of(ctx)).map(v -> Map.of());
    }

    /** GET /account/whoami (operationId getTokenOwner). */
    Future<Map<String, Object>> getTokenOwner(RoutingContext ctx) {
        Requester who = Requester.of(ctx);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("user_id", who.userId().toString());
        if (who.deviceId() != null) body.put("device_id", who.deviceId());
        body.put("is_guest", who.guest());
        return Future.succeededFuture(body);
    }
}

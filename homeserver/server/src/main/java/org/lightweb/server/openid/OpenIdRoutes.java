package org.lightweb.server.openid;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import org.lightweb.core.MatrixException;
import org.lightweb.core.ServerName;
import org.lightweb.server.http.Authenticator;
import org.lightweb.server.http.Requester;
import org.lightweb.server.http.Respond;
import org.lightweb.server.http.RouteGroup;

/** POST /user/{userId}/openid/request_token on the client listener (spec: OpenID). */
public final class OpenIdRoutes implements RouteGroup {
    private final OpenIdTokens tokens;
    private final ServerName serverName;
    private final Authenticator auth;

    public OpenIdRoutes(OpenIdTokens tokens, ServerName serverName, Authenticator auth) {
        this.tokens = tokens;
        this.serverName = serverName;
        this.auth = auth;
    }

    @Override
    public void mount(Router router) {
        router.post("/_matrix/client/v3/user/:userId/openid/request_token").handler(auth.userOrGuest())
                .handler(Respond.json(this::requestOpenIdToken));
    }

    /** POST /user/{userId}/openid/request_token (operationId requestOpenIdToken): only for oneself. */
    Future<Map<String, Object>> requestOpenIdToken(RoutingContext ctx) {
        Requester who = Requester.of(ctx);
        if (!who.userId().toString().equals(ctx.pathParam("userId"))) {
            return Future.failedFuture(MatrixException.forbidden("You may only ask for OpenID tokens for yourself"));
        }
        String token = tokens.issue(who.userId().toString());
        return Future.succeededFuture(Map.of("access_token", token, "token_type", "Bearer",
                "matrix_server_name", serverName.value(), "expires_in", OpenIdTokens.LIFETIME.toSeconds()));
    }

    /** The federation side: GET /_matrix/federation/v1/openid/userinfo (server-server API, operationId exchangeOpenIdToken). */
    public static RouteGroup userInfo(OpenIdTokens tokens) {
        return router -> router.get("/_matrix/federation/v1/openid/userinfo").handler(Respond.json(ctx ->
                tokens.owner(ctx.request().getParam("access_token"))
                        .<Future<Map<String, Object>>>map(user -> Future.succeededFuture(Map.of("sub", user)))
                        .orElseGet(() -> Future.failedFuture(MatrixException.unknownToken("Unknown or expired OpenID token", false)))));
    }
}

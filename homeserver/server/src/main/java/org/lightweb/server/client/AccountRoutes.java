package org.lightweb.server.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.lightweb.core.Json;
import org.lightweb.core.MatrixException;
import org.lightweb.server.accounts.AccountService;
import org.lightweb.server.auth.Stages;
import org.lightweb.server.auth.UiAuth;
import org.lightweb.server.http.Authenticator;
import org.lightweb.server.http.Bodies;
import org.lightweb.server.http.Requester;
import org.lightweb.server.http.Respond;
import org.lightweb.server.http.RouteGroup;

/** Password change and reset, account deactivation (spec: Account registration and management). */
public final class AccountRoutes implements RouteGroup {
    private final AccountService accounts;
    private final UiAuth uiAuth;
    private final Authenticator auth;
    private final boolean emailEnabled;

    public AccountRoutes(AccountService accounts, UiAuth uiAuth, Authenticator auth, boolean emailEnabled) {
        this.accounts = accounts;
        this.uiAuth = uiAuth;
        this.auth = auth;
        this.emailEnabled = emailEnabled;
    }

    @Override
    public void mount(Router router) {
        router.post("/_matrix/client/v3/account/password").handler(this::optionalAuth).handler(Respond.json(this::changePassword));
        router.post("/_matrix/client/v3/account/deactivate").handler(auth.user()).handler(Respond.json(this::deactivateAccount));
    }

    /**
     * /account/password works with an access token (change: prove the password) or without one (reset: prove
     * the email address with m.login.email.identity).
     */
    private void optionalAuth(RoutingContext ctx) {
        if (Authenticator.token(ctx) != null) auth.user().handle(ctx);
        else ctx.next();
    }

    /** POST /account/password (operationId changePassword). */
    Future<Map<String, Object>> changePassword(RoutingContext ctx) {
        ObjectNode body = Bodies.json(ctx);
        Requester who = ctx.get("lightweb.requester");
        String newPassword = Bodies.optString(body, "new_password");
        if (newPassword != null) accounts.checkPasswordPolicy(newPassword);
        List<List<String>> flows = who != null ? List.of(List.of(Stages.PASSWORD))
                : emailEnabled ? List.of(List.of(Stages.EMAIL)) : List.of();
        if (flows.isEmpty()) throw MatrixException.missingToken();
        return uiAuth.authenticate(new UiAuth.Request(ctx.request().method().name(), ctx.request().path(), body, flows,
                        Json.object(), Optional.ofNullable(who).map(Requester::userId)))
                .compose(passed -> {
                    String pw = Bodies.string(passed.clientDict(), "new_password");
                    boolean logoutDevices = Bodies.optBool(passed.clientDict(), "logout_devices", true);
                    if (who != null) return accounts.changePassword(who.userId(), pw, who.deviceId(), logoutDevices);
                    JsonNode email = passed.results().get(Stages.EMAIL);
                    if (!"password_reset".equals(email.path("purpose").asText())) {
                        throw MatrixException.forbidden("This validation was not requested for a password reset");
                    }
                    return accounts.ownerOf(email.get("medium").asText(), email.get("address").asText())
                            .compose(owner -> owner.isEmpty()
                                    ? Future.<Void>failedFuture(MatrixException.forbidden("No account has that email address"))
                                    : accounts.changePassword(owner.get(), pw, null, logoutDevices));
                })
                .map(v -> Map.of());
    }

    /** POST /account/deactivate (operationId deactivateAccount). */
    Future<Map<String, Object>> deactivateAccount(RoutingContext ctx) {
        ObjectNode body = Bodies.jsonOrEmpty(ctx);
        Requester who = Requester.of(ctx);
        return uiAuth.authenticate(new UiAuth.Request(ctx.request().method().name(), ctx.request().path(), body,
                        List.of(List.of(Stages.PASSWORD)), Json.object(), Optional.of(who.userId())))
                .compose(passed -> accounts.deactivate(who.userId(), Bodies.optBool(passed.clientDict(), "erase", false)))
                .map(v -> Map.of("id_server_unbind_result", "no-support"));
    }
}

package org.lightweb.server.email;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.lightweb.core.Json;
import org.lightweb.core.MatrixException;
import org.lightweb.server.auth.Stages;
import org.lightweb.server.auth.UiAuth;
import org.lightweb.server.email.ThreepidService.Purpose;
import org.lightweb.server.http.Authenticator;
import org.lightweb.server.http.Bodies;
import org.lightweb.server.http.ClientAddress;
import org.lightweb.server.http.Requester;
import org.lightweb.server.http.Respond;
import org.lightweb.server.http.RouteGroup;

/**
 * Email validation and the account's third-party ids (spec: Adding Account Administrative Contact Information,
 * and the email requestToken endpoints of registration and password reset), plus the validation link target.
 */
public final class ThreepidRoutes implements RouteGroup {
    private final ThreepidService threepids;
    private final UiAuth uiAuth;
    private final Authenticator auth;

    public ThreepidRoutes(ThreepidService threepids, UiAuth uiAuth, Authenticator auth) {
        this.threepids = threepids;
        this.uiAuth = uiAuth;
        this.auth = auth;
    }

    @Override
    public void mount(Router router) {
        router.post("/_matrix/client/v3/register/email/requestToken").handler(Respond.json(this::requestTokenToRegisterEmail));
        router.post("/_matrix/client/v3/account/3pid/email/requestToken").handler(Respond.json(this::requestTokenTo3PIDEmail));
        router.post("/_matrix/client/v3/account/password/email/requestToken")
                .handler(Respond.json(this::requestTokenToResetPasswordEmail));
        router.get("/_matrix/client/v3/account/3pid").handler(auth.user()).handler(Respond.json(this::getAccount3PIDs));
        router.post("/_matrix/client/v3/account/3pid/add").handler(auth.user()).handler(Respond.json(this::add3PID));
        router.post("/_matrix/client/v3/account/3pid/delete").handler(auth.user())
                .handler(Respond.json(this::delete3pidFromAccount));
        router.get(ValidationEmails.SUBMIT_PATH).handler(this::submitTokenFromLink);
        router.post(ValidationEmails.SUBMIT_PATH).handler(Respond.json(this::submitToken));
    }

    /** POST /register/email/requestToken (operationId requestTokenToRegisterEmail). */
    Future<Map<String, Object>> requestTokenToRegisterEmail(RoutingContext ctx) {
        return requestToken(ctx, Purpose.REGISTER);
    }

    /** POST /account/3pid/email/requestToken (operationId requestTokenTo3PIDEmail). */
    Future<Map<String, Object>> requestTokenTo3PIDEmail(RoutingContext ctx) {
        return requestToken(ctx, Purpose.ADD_THREEPID);
    }

    /** POST /account/password/email/requestToken (operationId requestTokenToResetPasswordEmail). */
    Future<Map<String, Object>> requestTokenToResetPasswordEmail(RoutingContext ctx) {
        return requestToken(ctx, Purpose.PASSWORD_RESET);
    }

    /** The three requestToken bodies are the same (definitions/request_email_validation.yaml). */
    private Future<Map<String, Object>> requestToken(RoutingContext ctx, Purpose purpose) {
        threepids.requireEmail();   // before the body is read, as Synapse does
        ObjectNode body = Bodies.json(ctx);
        var request = new ThreepidService.TokenRequest(Bodies.string(body, "email"), Bodies.string(body, "client_secret"),
                sendAttempt(body), Bodies.optString(body, "next_link"), ClientAddress.of(ctx));
        return threepids.requestEmailToken(purpose, request)
                .map(sent -> Map.of("sid", sent.sid(), "submit_url", sent.submitUrl()));
    }

    private static int sendAttempt(JsonNode body) {
        JsonNode n = body.get("send_attempt");
        if (n == null || n.isNull()) throw MatrixException.missingParam("Missing parameter: send_attempt");
        if (!n.isIntegralNumber() || !n.canConvertToInt()) throw MatrixException.badJson("'send_attempt' must be an integer");
        return n.asInt();
    }

    /** GET /account/3pid (operationId getAccount3PIDs). */
    Future<Map<String, Object>> getAccount3PIDs(RoutingContext ctx) {
        return threepids.list(Requester.of(ctx).userId()).map(all -> Map.of("threepids", all.stream().map(t -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("medium", t.medium());
            m.put("address", t.address());
            m.put("validated_at", t.validatedTs());
            m.put("added_at", t.addedTs());
            return m;
        }).toList()));
    }

    /** POST /account/3pid/add (operationId add3PID): user-interactive auth with the password, then the binding. */
    Future<Map<String, Object>> add3PID(RoutingContext ctx) {
        ObjectNode body = Bodies.json(ctx);
        Requester who = Requester.of(ctx);
        String clientSecret = Bodies.string(body, "client_secret");
        String sid = Bodies.string(body, "sid");
        ThreepidService.checkClientSecret(clientSecret);   // before authentication, as Synapse does
        return uiAuth.authenticate(new UiAuth.Request(ctx.request().method().name(), ctx.request().path(), body,
                        List.of(List.of(Stages.PASSWORD)), Json.object(), Optional.of(who.userId())))
                .compose(passed -> threepids.add(who.userId(), clientSecret, sid))
                .map(v -> Map.of());
    }

    /** POST /account/3pid/delete (operationId delete3pidFromAccount). No identity server: "no-support". */
    Future<Map<String, Object>> delete3pidFromAccount(RoutingContext ctx) {
        ObjectNode body = Bodies.json(ctx);
        String medium = Bodies.string(body, "medium");
        if (!medium.equals("email") && !medium.equals("msisdn")) {
            throw MatrixException.invalidParam("medium must be 'email' or 'msisdn'");
        }
        return threepids.delete(Requester.of(ctx).userId(), medium, Bodies.string(body, "address"))
                .map(v -> Map.of("id_server_unbind_result", "no-support"));
    }

    /** GET of the validation link: a page for the browser, or a redirect to the client's next_link. */
    void submitTokenFromLink(RoutingContext ctx) {
        String sid = ctx.request().getParam("sid");
        String clientSecret = ctx.request().getParam("client_secret");
        String token = ctx.request().getParam("token");
        if (sid == null || clientSecret == null || token == null) {
            SubmitTokenPage.failure(ctx, "The link is incomplete: copy all of it from the email.");
            return;
        }
        threepids.submitToken(sid, clientSecret, token).onComplete(ar -> {
            if (ar.failed()) {
                if (ar.cause() instanceof MatrixException) SubmitTokenPage.failure(ctx, "The link is not valid.");
                else ctx.fail(ar.cause());
            } else if (!ar.result().success()) {
                SubmitTokenPage.failure(ctx, "The link is not valid, has expired, or was replaced by a newer email.");
            } else if (ar.result().nextLink().isPresent()) {
                SubmitTokenPage.redirect(ctx, ar.result().nextLink().get());
            } else {
                SubmitTokenPage.success(ctx);
            }
        });
    }

    /** POST of the submit_url: the Identity Service API's submitToken shape, {success}; next_link is ignored. */
    Future<Map<String, Object>> submitToken(RoutingContext ctx) {
        ObjectNode body = Bodies.json(ctx);
        return threepids.submitToken(Bodies.string(body, "sid"), Bodies.string(body, "client_secret"),
                Bodies.string(body, "token")).map(s -> Map.of("success", s.success()));
    }
}

package org.lightweb.server.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.lightweb.core.Clock;
import org.lightweb.core.Json;
import org.lightweb.core.MatrixException;
import org.lightweb.core.UserId;
import org.lightweb.server.accounts.AccountService;
import org.lightweb.server.auth.Stages;
import org.lightweb.server.auth.UiAuth;
import org.lightweb.server.config.HomeserverConfig;
import org.lightweb.server.http.Bodies;
import org.lightweb.server.http.ClientAddress;
import org.lightweb.server.http.RateLimiter;
import org.lightweb.server.http.Respond;
import org.lightweb.server.http.RouteGroup;
import org.lightweb.storage.accounts.RegistrationTokenRepository;
import org.lightweb.storage.accounts.Threepid;

/** Account registration (spec: Account registration and management; Token-authenticated registration). */
public final class RegisterRoutes implements RouteGroup {
    private final HomeserverConfig config;
    private final AccountService accounts;
    private final UiAuth uiAuth;
    private final RegistrationTokenRepository tokens;
    private final RateLimiter limiter;
    private final Clock clock;

    public RegisterRoutes(HomeserverConfig config, AccountService accounts, UiAuth uiAuth,
                          RegistrationTokenRepository tokens, RateLimiter limiter, Clock clock) {
        this.config = config;
        this.accounts = accounts;
        this.uiAuth = uiAuth;
        this.tokens = tokens;
        this.limiter = limiter;
        this.clock = clock;
    }

    @Override
    public void mount(Router router) {
        router.post("/_matrix/client/v3/register").handler(Respond.json(this::register));
        router.get("/_matrix/client/v3/register/available").handler(Respond.json(this::checkUsernameAvailability));
        router.get("/_matrix/client/v1/register/m.login.registration_token/validity")
                .handler(Respond.json(this::registrationTokenValidity));
    }

    /** The flows /register offers: a token or nothing, and with email configured, the same plus an email. */
    List<List<String>> flows() {
        String first = config.registration().requireToken() ? Stages.REGISTRATION_TOKEN : Stages.DUMMY;
        List<List<String>> flows = new ArrayList<>();
        flows.add(List.of(first));
        if (config.email().isPresent()) flows.add(List.of(first, Stages.EMAIL));
        return flows;
    }

    /** POST /_matrix/client/v3/register (operationId register). */
    Future<Map<String, Object>> register(RoutingContext ctx) {
        ObjectNode body = Bodies.json(ctx);
        String kind = ctx.request().getParam("kind", "user");
        String ip = ClientAddress.of(ctx);
        String userAgent = ctx.request().getHeader(HttpHeaders.USER_AGENT);
        if (kind.equals("guest")) {
            if (!config.registration().allowGuests()) throw MatrixException.forbidden("Guest access is disabled");
            limiter.take("registration", ip, config.rateLimits().registration());
            return accounts.registerGuest(Bodies.optString(body, "initial_device_display_name"),
                    Bodies.optBool(body, "refresh_token", false), ip, userAgent);
        }
        if (!kind.equals("user")) throw MatrixException.invalidParam("kind must be 'user' or 'guest'");
        if ("m.login.application_service".equals(Bodies.optString(body, "type"))) return registerForAppservice(ctx, body, ip, userAgent);
        if (!config.registration().enabled()) throw MatrixException.forbidden("Registration has been disabled");

        // Checked before authentication, as Synapse does, so the user is not sent through UIA for nothing.
        String username = Bodies.optString(body, "username");
        String password = Bodies.optString(body, "password");
        if (password != null) accounts.checkPasswordPolicy(password);
        Future<?> early = username == null ? Future.succeededFuture() : accounts.checkAvailable(username);
        return early.compose(v -> uiAuth.authenticate(new UiAuth.Request(ctx.request().method().name(),
                        ctx.request().path(), body, flows(), Json.object(), Optional.empty())))
                .compose(passed -> {
                    limiter.take("registration", ip, config.rateLimits().registration());
                    ObjectNode params = passed.clientDict();
                    String pw = Bodies.optString(params, "password");
                    if (pw == null) throw MatrixException.missingParam("Missing parameter: password");
                    Optional<Threepid> email = Optional.ofNullable(passed.results().get(Stages.EMAIL))
                            .map(r -> new Threepid(r.get("medium").asText(), r.get("address").asText(),
                                    r.get("validated_at").asLong(), clock.millis()));
                    Optional<String> token = Optional.ofNullable(passed.results().get(Stages.REGISTRATION_TOKEN))
                            .map(r -> r.get("token").asText());
                    return accounts.register(new AccountService.Registration(
                            Bodies.optString(params, "username"), pw, false, null, null, email, token,
                            Bodies.optBool(params, "inhibit_login", false), Bodies.optString(params, "device_id"),
                            Bodies.optString(params, "initial_device_display_name"),
                            Bodies.optBool(params, "refresh_token", false), ip, userAgent));
                });
    }

    /**
     * POST /register with {@code type: m.login.application_service} and the appservice's as_token: a user of its
     * namespace, without password or UIA, whether or not registration is open (spec: "Server admin style
     * permissions"). A name outside its namespaces is 400 M_EXCLUSIVE, as Synapse answers.
     */
    private Future<Map<String, Object>> registerForAppservice(RoutingContext ctx, ObjectNode body, String ip, String userAgent) {
        String token = org.lightweb.server.http.Authenticator.token(ctx);
        if (token == null || token.isEmpty()) throw MatrixException.missingToken();
        var as = appservices == null ? java.util.Optional.<org.lightweb.appservice.kit.Registration>empty() : appservices.byAsToken(token);
        if (as.isEmpty()) throw MatrixException.unknownToken("Unrecognised access token", false);
        String username = Bodies.string(body, "username");
        UserId userId = accounts.localUserId(username);
        String server = accounts.serverName().value();
        if (!as.get().isInterestedInUser(userId.toString(), server)) {
            throw new MatrixException(400, org.lightweb.core.ErrCode.M_EXCLUSIVE, "Invalid user localpart for this application service.");
        }
        appservices.checkUserFree(userId.toString(), as.get());
        return accounts.registerForAppservice(userId, as.get().id(), Bodies.optBool(body, "inhibit_login", false),
                Bodies.optString(body, "device_id"), Bodies.optString(body, "initial_device_display_name"), ip, userAgent);
    }

    private org.lightweb.server.appservice.Appservices appservices;

    /** Turns on registration by appservices. */
    public RegisterRoutes withAppservices(org.lightweb.server.appservice.Appservices appservices) {
        this.appservices = appservices;
        return this;
    }

    /** GET /_matrix/client/v3/register/available (operationId checkUsernameAvailability). */
    Future<Map<String, Object>> checkUsernameAvailability(RoutingContext ctx) {
        String username = ctx.request().getParam("username");
        if (username == null) throw MatrixException.missingParam("Missing parameter: username");
        return accounts.checkAvailable(username).map(id -> Map.of("available", true));
    }

    /** GET /_matrix/client/v1/register/m.login.registration_token/validity (operationId registrationTokenValidity). */
    Future<Map<String, Object>> registrationTokenValidity(RoutingContext ctx) {
        String token = ctx.request().getParam("token");
        if (token == null) throw MatrixException.missingParam("Missing parameter: token");
        limiter.take("registration_token_validity", ClientAddress.of(ctx), config.rateLimits().registration());
        return tokens.find(token).map(t -> Map.of("valid", t.isPresent() && t.get().usableAt(clock.millis())));
    }
}

package org.lightweb.server.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.lightweb.core.Clock;
import org.lightweb.core.ErrCode;
import org.lightweb.core.MatrixException;
import org.lightweb.core.Secrets;
import org.lightweb.server.accounts.AccountService;
import org.lightweb.server.http.Authenticator;
import org.lightweb.server.http.Bodies;
import org.lightweb.server.http.ClientAddress;
import org.lightweb.server.http.Respond;
import org.lightweb.server.http.RouteGroup;
import org.lightweb.storage.accounts.RegistrationTokenRepository;
import org.lightweb.storage.accounts.RegistrationTokenRepository.RegistrationToken;

/**
 * The parts of Synapse's admin API that accounts need, at Synapse's paths so its tools work: shared-secret
 * registration ({@code /_synapse/admin/v1/register}) and registration tokens
 * ({@code /_synapse/admin/v1/registration_tokens}).
 */
public final class AdminRoutes implements RouteGroup {
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._~-]{1,64}");

    private final Optional<SharedSecretRegistration> sharedSecret;
    private final AccountService accounts;
    private final RegistrationTokenRepository tokens;
    private final Authenticator auth;
    private final Clock clock;

    public AdminRoutes(Optional<SharedSecretRegistration> sharedSecret, AccountService accounts,
                       RegistrationTokenRepository tokens, Authenticator auth, Clock clock) {
        this.sharedSecret = sharedSecret;
        this.accounts = accounts;
        this.tokens = tokens;
        this.auth = auth;
        this.clock = clock;
    }

    @Override
    public void mount(Router router) {
        router.get("/_synapse/admin/v1/register").handler(Respond.json(this::getNonce));
        router.post("/_synapse/admin/v1/register").handler(Respond.json(this::registerWithSharedSecret));
        String tokensPath = "/_synapse/admin/v1/registration_tokens";
        router.get(tokensPath).handler(auth.admin()).handler(Respond.json(this::listTokens));
        router.post(tokensPath + "/new").handler(auth.admin()).handler(Respond.json(this::createToken));
        router.get(tokensPath + "/:token").handler(auth.admin()).handler(Respond.json(this::getToken));
        router.put(tokensPath + "/:token").handler(auth.admin()).handler(Respond.json(this::updateToken));
        router.delete(tokensPath + "/:token").handler(auth.admin()).handler(Respond.json(this::deleteToken));
    }

    private SharedSecretRegistration enabled() {
        return sharedSecret.orElseThrow(() -> new MatrixException(400, ErrCode.M_UNKNOWN,
                "Shared secret registration is not enabled"));
    }

    /** GET /_synapse/admin/v1/register: a one-time nonce. */
    Future<Map<String, Object>> getNonce(RoutingContext ctx) {
        return Future.succeededFuture(Map.of("nonce", enabled().newNonce()));
    }

    /** POST /_synapse/admin/v1/register: create a user, proven by the HMAC of the shared secret. */
    Future<Map<String, Object>> registerWithSharedSecret(RoutingContext ctx) {
        SharedSecretRegistration reg = enabled();
        ObjectNode body = Bodies.json(ctx);
        String nonce = Bodies.string(body, "nonce");
        if (!reg.consumeNonce(nonce)) throw MatrixException.badJson("unrecognised nonce");
        String username = Bodies.string(body, "username");
        String password = Bodies.string(body, "password");
        if (username.length() > 512 || username.contains("\u0000")) throw MatrixException.badJson("Invalid username");
        if (password.length() > 512 || password.contains("\u0000")) throw MatrixException.badJson("Invalid password");
        boolean admin = Bodies.optBool(body, "admin", false);
        String userType = Bodies.optString(body, "user_type");
        if (userType != null && !List.of("bot", "support").contains(userType)) throw MatrixException.badJson("Invalid user type");
        String displayName = Bodies.optString(body, "displayname");
        String mac = Bodies.string(body, "mac");
        if (!reg.macMatches(nonce, username, password, admin, userType, mac)) throw MatrixException.forbidden("HMAC incorrect");
        return accounts.register(new AccountService.Registration(username, password, admin, userType, displayName,
                Optional.empty(), Optional.empty(), false, null, null, false, ClientAddress.of(ctx),
                ctx.request().getHeader(HttpHeaders.USER_AGENT)));
    }

    private static Map<String, Object> toJson(RegistrationToken t) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("token", t.token());
        out.put("uses_allowed", t.usesAllowed());
        out.put("pending", t.pending());
        out.put("completed", t.completed());
        out.put("expiry_time", t.expiryTs());
        return out;
    }

    /** GET /_synapse/admin/v1/registration_tokens[?valid=true|false]. */
    Future<Map<String, Object>> listTokens(RoutingContext ctx) {
        String valid = ctx.request().getParam("valid");
        long now = clock.millis();
        return tokens.list().map(all -> Map.of("registration_tokens", all.stream()
                .filter(t -> valid == null || t.usableAt(now) == Boolean.parseBoolean(valid))
                .map(AdminRoutes::toJson).toList()));
    }

    /** POST /_synapse/admin/v1/registration_tokens/new. */
    Future<Map<String, Object>> createToken(RoutingContext ctx) {
        ObjectNode body = Bodies.jsonOrEmpty(ctx);
        String token = Bodies.optString(body, "token");
        if (token == null) {
            JsonNode len = body.get("length");
            int length = len == null || len.isNull() ? 16 : len.asInt(-1);
            if (len != null && !len.isNull() && (!len.isIntegralNumber() || length < 1 || length > 64)) {
                throw MatrixException.invalidParam("length must be an integer from 1 to 64");
            }
            token = Secrets.randomString(length);
        } else if (!TOKEN.matcher(token).matches()) {
            throw MatrixException.invalidParam("token must be 1-64 characters from A-Z, a-z, 0-9, '.', '_', '~', '-'");
        }
        Integer uses = optionalCount(body, "uses_allowed");
        Long expiry = optionalTime(body, "expiry_time");
        if (expiry != null && expiry < clock.millis()) throw MatrixException.invalidParam("expiry_time must not be in the past");
        String chosen = token;
        return tokens.create(chosen, uses, expiry, clock.millis()).compose(created -> created
                ? tokens.find(chosen).map(t -> toJson(t.orElseThrow()))
                : Future.failedFuture(MatrixException.invalidParam("Token already exists")));
    }

    /** GET /_synapse/admin/v1/registration_tokens/{token}. */
    Future<Map<String, Object>> getToken(RoutingContext ctx) {
        return tokens.find(ctx.pathParam("token"))
                .map(t -> toJson(t.orElseThrow(() -> MatrixException.notFound("No such registration token"))));
    }

    /** PUT /_synapse/admin/v1/registration_tokens/{token}: change uses_allowed and/or expiry_time. */
    Future<Map<String, Object>> updateToken(RoutingContext ctx) {
        ObjectNode body = Bodies.json(ctx);
        boolean setUses = body.has("uses_allowed");
        boolean setExpiry = body.has("expiry_time");
        Optional<Integer> uses = Optional.ofNullable(optionalCount(body, "uses_allowed"));
        Optional<Long> expiry = Optional.ofNullable(optionalTime(body, "expiry_time"));
        return tokens.update(ctx.pathParam("token"), uses, setUses, expiry, setExpiry)
                .map(t -> toJson(t.orElseThrow(() -> MatrixException.notFound("No such registration token"))));
    }

    /** DELETE /_synapse/admin/v1/registration_tokens/{token}. */
    Future<Map<String, Object>> deleteToken(RoutingContext ctx) {
        return tokens.delete(ctx.pathParam("token")).map(found -> {
            if (!found) throw MatrixException.notFound("No such registration token");
            return Map.of();
        });
    }

    private static Integer optionalCount(JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) return null;
        if (!n.isIntegralNumber() || n.asLong() < 0 || n.asLong() > Integer.MAX_VALUE) {
            throw MatrixException.invalidParam(field + " must be a non-negative integer or null");
        }
        return n.asInt();
    }

    private static Long optionalTime(JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) return null;
        if (!n.isIntegralNumber() || n.asLong() < 0) throw MatrixException.invalidParam(field + " must be a timestamp in ms or null");
        return n.asLong();
    }
}

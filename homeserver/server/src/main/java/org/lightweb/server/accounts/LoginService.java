package org.lightweb.server.accounts;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.lightweb.core.ErrCode;
import org.lightweb.core.MatrixException;
import org.lightweb.core.Secrets;
import org.lightweb.core.ServerName;
import org.lightweb.core.UserId;
import org.lightweb.server.config.HomeserverConfig.RateLimits;
import org.lightweb.server.http.Bodies;
import org.lightweb.server.http.RateLimiter;
import org.lightweb.server.http.Requester;
import org.lightweb.storage.accounts.AccountRepository;
import org.lightweb.storage.accounts.DeviceRepository;
import org.lightweb.storage.accounts.ThreepidRepository;
import org.lightweb.storage.accounts.UserRecord;

/** Password login, token refresh and logout (spec: Client Authentication, Login, Refreshing access tokens). */
public final class LoginService {
    private static final MatrixException BAD_LOGIN = MatrixException.forbidden("Invalid username or password");

    private final ServerName serverName;
    private final AccountRepository accounts;
    private final DeviceRepository devices;
    private final ThreepidRepository threepids;
    private final Passwords passwords;
    private final SessionFactory sessions;
    private final RateLimiter limiter;
    private final RateLimits limits;

    public LoginService(ServerName serverName, AccountRepository accounts, DeviceRepository devices,
                        ThreepidRepository threepids, Passwords passwords, SessionFactory sessions,
                        RateLimiter limiter, RateLimits limits) {
        this.serverName = serverName;
        this.accounts = accounts;
        this.devices = devices;
        this.threepids = threepids;
        this.passwords = passwords;
        this.sessions = sessions;
        this.limiter = limiter;
        this.limits = limits;
    }

    /** The login types this server accepts (GET /login). */
    public List<Map<String, Object>> flows() {
        return appservices == null ? List.of(Map.of("type", "m.login.password"))
                : List.of(Map.of("type", "m.login.password"), Map.of("type", "m.login.application_service"));
    }

    private org.lightweb.server.appservice.Appservices appservices;

    /** Turns on m.login.application_service. */
    public void setAppservices(org.lightweb.server.appservice.Appservices appservices) { this.appservices = appservices; }

    /** POST /login with {@code m.login.password}: answers the login response body. */
    public Future<Map<String, Object>> login(JsonNode body, String ip, String userAgent) {
        return login(body, ip, userAgent, null);
    }

    /**
     * POST /login: {@code m.login.password}, or {@code m.login.application_service} with the appservice's as_token
     * as {@code bearer} for a registered user of its namespace.
     */
    public Future<Map<String, Object>> login(JsonNode body, String ip, String userAgent, String bearer) {
        String type = Bodies.string(body, "type");
        if (type.equals("m.login.application_service") && appservices != null) return loginForAppservice(body, ip, userAgent, bearer);
        if (!type.equals("m.login.password")) {
            return Future.failedFuture(new MatrixException(400, ErrCode.M_UNKNOWN, "Unknown login type " + type));
        }
        limiter.take("login", ip, limits.login());
        String password = Bodies.string(body, "password");
        String deviceId = Bodies.optString(body, "device_id");
        String displayName = Bodies.optString(body, "initial_device_display_name");
        boolean wantRefresh = Bodies.optBool(body, "refresh_token", false);
        return identify(body).compose(user -> {
            if (user.isEmpty()) return Future.failedFuture(BAD_LOGIN);
            UserRecord u = user.get();
            String key = u.userId().toString();
            limiter.check("failed_login", key, limits.failedLogin());
            return passwords.verify(password, u.passwordHash()).compose(ok -> {
                if (!ok || u.deactivated()) {
                    limiter.record("failed_login", key, limits.failedLogin());
                    return Future.failedFuture(BAD_LOGIN);
                }
                SessionFactory.Issued issued = sessions.issue(deviceId, displayName, wantRefresh, ip, userAgent);
                return devices.login(u.userId(), issued.stored()).map(v -> sessions.loginResponse(u.userId(), issued));
            });
        });
    }

    private Future<Map<String, Object>> loginForAppservice(JsonNode body, String ip, String userAgent, String bearer) {
        if (bearer == null || bearer.isEmpty()) return Future.failedFuture(MatrixException.missingToken());
        var as = appservices.byAsToken(bearer);
        if (as.isEmpty()) return Future.failedFuture(MatrixException.unknownToken("Unrecognised access token", false));
        String deviceId = Bodies.optString(body, "device_id");
        String displayName = Bodies.optString(body, "initial_device_display_name");
        boolean wantRefresh = Bodies.optBool(body, "refresh_token", false);
        return identify(body).compose(user -> {
            if (user.isEmpty() || user.get().deactivated()
                    || !as.get().isInterestedInUser(user.get().userId().toString(), serverName.value())) {
                return Future.failedFuture(MatrixException.forbidden("The application service may not log in as this user"));
            }
            UserRecord u = user.get();
            SessionFactory.Issued issued = sessions.issue(deviceId, displayName, wantRefresh, ip, userAgent);
            return devices.login(u.userId(), issued.stored()).map(v -> sessions.loginResponse(u.userId(), issued));
        });
    }

    /** Finds the account an identifier names: m.id.user, m.id.thirdparty (email), or the legacy fields. */
    private Future<Optional<UserRecord>> identify(JsonNode body) {
        JsonNode identifier = body.get("identifier");
        if (identifier != null && !identifier.isNull()) {
            if (!identifier.isObject()) throw MatrixException.badJson("'identifier' must be an object");
            String idType = Bodies.string(identifier, "type");
            return switch (idType) {
                case "m.id.user" -> byUser(Bodies.string(identifier, "user"));
                case "m.id.thirdparty" -> byThreepid(Bodies.string(identifier, "medium"), Bodies.string(identifier, "address"));
                default -> Future.failedFuture(new MatrixException(400, ErrCode.M_UNKNOWN, "Unknown identifier type " + idType));
            };
        }
        String user = Bodies.optString(body, "user");
        if (user != null) return byUser(user);
        String medium = Bodies.optString(body, "medium");
        if (medium != null) return byThreepid(medium, Bodies.string(body, "address"));
        return Future.failedFuture(MatrixException.missingParam("Missing parameter: identifier"));
    }

    private Future<Optional<UserRecord>> byUser(String user) {
        UserId id;
        if (user.startsWith("@")) {
            Optional<UserId> parsed = UserId.parse(user);
            if (parsed.isEmpty() || !parsed.get().isLocalTo(serverName)) return Future.succeededFuture(Optional.empty());
            id = parsed.get();
        } else {
            if (user.isEmpty() || user.contains(":")) return Future.succeededFuture(Optional.empty());
            id = UserId.of(user, serverName);
        }
        UserId exact = id;
        return accounts.find(exact).compose(found -> {
            String lower = exact.localpart().toLowerCase(Locale.ROOT);
            if (found.isPresent() || lower.equals(exact.localpart())) return Future.succeededFuture(found);
            return accounts.find(UserId.of(lower, serverName));   // names are stored lower-case
        });
    }

    private Future<Optional<UserRecord>> byThreepid(String medium, String address) {
        String normalised = medium.equals("email") ? address.trim().toLowerCase(Locale.ROOT) : address;
        return threepids.owner(medium, normalised)
                .compose(owner -> owner.isEmpty() ? Future.succeededFuture(Optional.empty()) : accounts.find(owner.get()));
    }

    /** POST /refresh: a new access token (and refresh token) for the same device. */
    public Future<Map<String, Object>> refresh(String refreshToken, String ip, String userAgent) {
        SessionFactory.Issued issued = sessions.issue("(same device)", null, true, ip, userAgent);
        return devices.refresh(Secrets.sha256Hex(refreshToken), issued.stored()).compose(user -> {
            if (user.isEmpty()) {
                return Future.failedFuture(MatrixException.unknownToken("Unknown or used refresh token", false));
            }
            return Future.succeededFuture(Map.of("access_token", issued.accessToken(),
                    "refresh_token", issued.refreshToken(), "expires_in_ms", issued.expiresInMs()));
        });
    }

    /** POST /logout: the token and its device are gone. */
    public Future<Void> logout(Requester who) {
        return devices.deleteDevices(who.userId(), List.of(who.deviceId()));
    }

    /** POST /logout/all: every device of the user is gone. */
    public Future<Void> logoutAll(Requester who) {
        return devices.list(who.userId()).compose(all -> devices.deleteDevices(who.userId(),
                all.stream().map(d -> d.deviceId()).toList()));
    }
}

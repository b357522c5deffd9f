package org.lightweb.server.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.lightweb.core.Clock;
import org.lightweb.core.ErrCode;
import org.lightweb.core.MatrixException;
import org.lightweb.core.Secrets;
import org.lightweb.core.ServerName;
import org.lightweb.core.UserId;
import org.lightweb.server.accounts.AccountService;
import org.lightweb.server.accounts.SessionFactory;
import org.lightweb.server.http.Authenticator;
import org.lightweb.server.http.Bodies;
import org.lightweb.server.http.ClientAddress;
import org.lightweb.server.http.Requester;
import org.lightweb.server.http.Respond;
import org.lightweb.server.http.RouteGroup;
import org.lightweb.server.profile.ProfileService;
import org.lightweb.storage.accounts.DeviceRecord;
import org.lightweb.storage.accounts.DeviceRepository;
import org.lightweb.storage.accounts.NewSession;
import org.lightweb.storage.accounts.Threepid;
import org.lightweb.storage.accounts.ThreepidRepository;
import org.lightweb.storage.admin.AdminRepository;
import org.lightweb.storage.admin.AdminRepository.UserQuery;
import org.lightweb.storage.admin.AdminRepository.UserRow;

/**
 * Synapse's user admin API (docs/admin_api/user_admin_api.md) at its paths: list, query, create or modify,
 * deactivate, reset password, whois and login as.
 */
public final class AdminUserRoutes implements RouteGroup {
    private final ServerName serverName;
    private final AdminRepository admin;
    private final AccountService accounts;
    private final ProfileService profiles;
    private final ThreepidRepository threepids;
    private final DeviceRepository devices;
    private final Authenticator auth;
    private final Clock clock;
    private final int maxLimit;

    AdminUserRoutes(ServerName serverName, AdminRepository admin, AccountService accounts, ProfileService profiles,
                    ThreepidRepository threepids, DeviceRepository devices, Authenticator auth, Clock clock, int maxLimit) {
        this.serverName = serverName;
        this.admin = admin;
        this.accounts = accounts;
        this.profiles = profiles;
        this.threepids = threepids;
        this.devices = devices;
        this.auth = auth;
        this.clock = clock;
        this.maxLimit = maxLimit;
    }

    @Override
    public void mount(Router router) {
        router.get("/_synapse/admin/v2/users").handler(auth.admin()).handler(Respond.json(this::listUsers));
        router.get("/_synapse/admin/v2/users/:userId").handler(auth.admin()).handler(Respond.json(this::getUser));
        router.put("/_synapse/admin/v2/users/:userId").handler(auth.admin()).handler(this::putUser);
        router.post("/_synapse/admin/v1/deactivate/:userId").handler(auth.admin()).handler(Respond.json(this::deactivate));
        router.post("/_synapse/admin/v1/reset_password/:userId").handler(auth.admin()).handler(Respond.json(this::resetPassword));
        router.get("/_synapse/admin/v1/whois/:userId").handler(auth.admin()).handler(Respond.json(this::whois));
        router.post("/_synapse/admin/v1/users/:userId/login").handler(auth.admin()).handler(Respond.json(this::loginAs));
    }

    /** GET /_synapse/admin/v2/users: users[], next_token (when more), total. */
    Future<Map<String, Object>> listUsers(RoutingContext ctx) {
        long from = AdminParams.nonNegative(ctx, "from", 0);
        int limit = AdminParams.limit(ctx, 100, maxLimit);
        UserQuery q = new UserQuery(from, limit, emptyToNull(ctx.request().getParam("name")),
                emptyToNull(ctx.request().getParam("user_id")), AdminParams.bool(ctx, "guests", true),
                AdminParams.bool(ctx, "deactivated", false), AdminParams.bool(ctx, "admins", null),
                AdminParams.orderBy(ctx, UserQuery.ORDERS, "name"), AdminParams.backwards(ctx));
        return admin.users(q).map(page -> {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("users", page.items().stream().map(AdminUserRoutes::summary).toList());
            if (from + page.items().size() < page.total()) out.put("next_token", Long.toString(from + page.items().size()));
            out.put("total", page.total());
            return out;
        });
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static Map<String, Object> summary(UserRow u) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", u.userId().toString());
        m.put("is_guest", u.guest());
        m.put("admin", u.admin());
        m.put("user_type", u.userType());
        m.put("deactivated", u.deactivated());
        m.put("erased", false);
        m.put("shadow_banned", false);
        m.put("displayname", u.displayName());
        m.put("avatar_url", u.avatarUrl());
        m.put("creation_ts", u.createdTs());
        m.put("last_seen_ts", u.lastSeenTs());
        m.put("locked", false);
        return m;
    }

    /** GET /_synapse/admin/v2/users/{userId}. */
    Future<Map<String, Object>> getUser(RoutingContext ctx) {
        UserId user = AdminParams.localUserId(ctx, serverName);
        return details(user).map(d -> d.orElseThrow(() -> MatrixException.notFound("User not found")));
    }

    private Future<Optional<Map<String, Object>>> details(UserId user) {
        return admin.user(user).compose(found -> found.isEmpty() ? Future.succeededFuture(Optional.empty())
                : threepids.list(user).map(tps -> {
                    Map<String, Object> m = summary(found.get());
                    m.put("threepids", tps.stream().map(t -> Map.of("medium", t.medium(), "address", t.address(),
                            "added_at", t.addedTs(), "validated_at", t.validatedTs())).toList());
                    m.put("appservice_id", found.get().appserviceId());
                    m.put("consent_server_notice_sent", null);
                    m.put("consent_version", null);
                    m.put("consent_ts", null);
                    m.put("external_ids", List.of());
                    m.put("suspended", false);
                    return Optional.of(m);
                }));
    }

    /** PUT /_synapse/admin/v2/users/{userId}: 201 with the new user, or 200 with the modified one. */
    void putUser(RoutingContext ctx) {
        Future<Map.Entry<Integer, Map<String, Object>>> result;
        try {
            result = createOrModify(ctx);
        } catch (RuntimeException e) {
            ctx.fail(e);
            return;
        }
        result.onSuccess(r -> Respond.send(ctx, r.getKey(), r.getValue())).onFailure(ctx::fail);
    }

    private Future<Map.Entry<Integer, Map<String, Object>>> createOrModify(RoutingContext ctx) {
        UserId user = AdminParams.localUserId(ctx, serverName);
        Requester who = Requester.of(ctx);
        ObjectNode body = Bodies.json(ctx);
        String password = Bodies.optString(body, "password");
        boolean logoutDevices = Bodies.optBool(body, "logout_devices", true);
        String displayName = Bodies.optString(body, "displayname");
        String avatarUrl = Bodies.optString(body, "avatar_url");
        Boolean setAdmin = body.has("admin") ? Bodies.optBool(body, "admin", false) : null;
        Boolean deactivated = body.has("deactivated") ? Bodies.optBool(body, "deactivated", false) : null;
        String userType = Bodies.optString(body, "user_type");
        if (userType != null && !List.of("bot", "support").contains(userType)) throw MatrixException.invalidParam("Invalid user type");
        List<Threepid> newThreepids = body.has("threepids") ? threepidList(body.get("threepids")) : null;
        if (password != null && (password.length() > 512 || password.contains("\u0000"))) {
            throw MatrixException.invalidParam("Invalid password");
        }
        return accounts.find(user).compose(existing -> {
            if (existing.isEmpty()) {
                AccountService.Registration r = new AccountService.Registration(user.localpart(), password,
                        Boolean.TRUE.equals(setAdmin), userType, displayName, Optional.empty(), Optional.empty(), true,
                        null, null, false, ClientAddress.of(ctx), ctx.request().getHeader(HttpHeaders.USER_AGENT));
                Future<?> created = accounts.register(r);
                return created.compose(v -> avatarUrl != null ? setProfile(who, user, "avatar_url", avatarUrl)
                                : Future.succeededFuture())
                        .compose(v -> newThreepids != null ? replaceThreepids(user, newThreepids) : Future.succeededFuture())
                        .compose(v -> deactivated == Boolean.TRUE ? accounts.deactivate(user, false) : Future.succeededFuture())
                        .compose(v -> respond(201, user));
            }
            if (setAdmin == Boolean.FALSE && who.userId().equals(user)) {
                return Future.failedFuture(MatrixException.badJson("You may not demote yourself."));
            }
            boolean wasDeactivated = existing.get().deactivated();
            Future<Void> chain = Future.succeededFuture();
            if (deactivated == Boolean.FALSE && wasDeactivated) {
                if (password == null && existing.get().passwordHash() == null) {
                    return Future.failedFuture(MatrixException.badJson("Must provide a password to re-activate an account."));
                }
                chain = chain.compose(v -> admin.reactivate(user, existing.get().passwordHash()));
            }
            if (password != null) chain = chain.compose(v -> accounts.changePassword(user, password, null, logoutDevices));
            if (displayName != null) chain = chain.compose(v -> setProfile(who, user, "displayname", displayName));
            if (avatarUrl != null) chain = chain.compose(v -> setProfile(who, user, "avatar_url", avatarUrl));
            if (setAdmin != null) chain = chain.compose(v -> accounts.setAdmin(user, setAdmin));
            if (newThreepids != null) chain = chain.compose(v -> replaceThreepids(user, newThreepids));
            if (deactivated == Boolean.TRUE && !wasDeactivated) chain = chain.compose(v -> accounts.deactivate(user, false));
            return chain.compose(v -> respond(200, user));
        });
    }

    private Future<Map.Entry<Integer, Map<String, Object>>> respond(int status, UserId user) {
        return details(user).map(d -> Map.entry(status, d.orElseThrow()));
    }

    private Future<Void> setProfile(Requester who, UserId user, String key, String value) {
        return profiles.setField(who, user, key, value.isEmpty() ? null : TextNode.valueOf(value));
    }

    private List<Threepid> threepidList(JsonNode n) {
        if (!n.isArray()) throw MatrixException.badJson("threepids must be a list");
        List<Threepid> out = new ArrayList<>();
        long now = clock.millis();
        for (JsonNode t : n) {
            String medium = Bodies.string(t, "medium");
            String address = Bodies.string(t, "address");
            if (!medium.equals("email") && !medium.equals("msisdn")) throw MatrixException.invalidParam("Unsupported medium: " + medium);
            out.add(new Threepid(medium, medium.equals("email") ? address.toLowerCase(java.util.Locale.ROOT) : address, now, now));
        }
        return out;
    }

    /** Replaces the user's third-party ids with {@code wanted}; an address bound to someone else is 400 M_THREEPID_IN_USE. */
    private Future<Void> replaceThreepids(UserId user, List<Threepid> wanted) {
        return threepids.list(user).compose(current -> {
            Future<Void> chain = Future.succeededFuture();
            for (Threepid t : current) {
                boolean kept = wanted.stream().anyMatch(w -> w.medium().equals(t.medium()) && w.address().equals(t.address()));
                if (!kept) chain = chain.compose(v -> threepids.unbind(user, t.medium(), t.address()).mapEmpty());
            }
            for (Threepid w : wanted) {
                boolean had = current.stream().anyMatch(t -> w.medium().equals(t.medium()) && w.address().equals(t.address()));
                if (had) continue;
                chain = chain.compose(v -> threepids.bind(user, w)).compose(bound -> bound ? Future.succeededFuture()
                        : Future.failedFuture(new MatrixException(400, ErrCode.M_THREEPID_IN_USE, "Threepid already in use")));
            }
            return chain;
        });
    }

    /** POST /_synapse/admin/v1/deactivate/{userId} {erase}: {id_server_unbind_result}. */
    Future<Map<String, Object>> deactivate(RoutingContext ctx) {
        UserId user = AdminParams.localUserId(ctx, serverName);
        boolean erase = Bodies.optBool(Bodies.jsonOrEmpty(ctx), "erase", false);
        return accounts.find(user).compose(found -> {
            if (found.isEmpty()) return Future.failedFuture(MatrixException.notFound("User not found"));
            return accounts.deactivate(user, erase).map(v -> Map.<String, Object>of("id_server_unbind_result", "success"));
        });
    }

    /** POST /_synapse/admin/v1/reset_password/{userId} {new_password, logout_devices}: {}. */
    Future<Map<String, Object>> resetPassword(RoutingContext ctx) {
        UserId user = AdminParams.localUserId(ctx, serverName);
        ObjectNode body = Bodies.json(ctx);
        String password = Bodies.string(body, "new_password");
        boolean logout = Bodies.optBool(body, "logout_devices", true);
        return accounts.find(user).compose(found -> {
            if (found.isEmpty()) return Future.failedFuture(MatrixException.notFound("User not found"));
            return accounts.changePassword(user, password, null, logout).map(v -> Map.<String, Object>of());
        });
    }

    /** GET /_synapse/admin/v1/whois/{userId}: each device's last connection (the devices table keeps the latest). */
    Future<Map<String, Object>> whois(RoutingContext ctx) {
        UserId user = AdminParams.userId(ctx);
        if (!user.isLocalTo(serverName)) throw MatrixException.invalidParam("Can only whois a local user");
        return devices.list(user).map(list -> {
            Map<String, Object> byDevice = new LinkedHashMap<>();
            for (DeviceRecord d : list) {
                List<Object> connections = d.lastSeenTs() == null ? List.of() : List.of(connection(d));
                byDevice.put(d.deviceId(), Map.of("sessions", List.of(Map.of("connections", connections))));
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("user_id", user.toString());
            out.put("devices", byDevice);
            return out;
        });
    }

    private static Map<String, Object> connection(DeviceRecord d) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("ip", d.lastSeenIp());
        c.put("last_seen", d.lastSeenTs());
        c.put("user_agent", d.lastSeenUserAgent());
        return c;
    }

    /**
     * POST /_synapse/admin/v1/users/{userId}/login {valid_until_ms}: {access_token} for a new device of the user
     * (Synapse makes a token without a device; here every token belongs to one). Not for the admin themselves.
     */
    Future<Map<String, Object>> loginAs(RoutingContext ctx) {
        UserId user = AdminParams.localUserId(ctx, serverName);
        if (Requester.of(ctx).userId().equals(user)) throw MatrixException.badJson("Cannot use admin API to login as self");
        JsonNode until = Bodies.jsonOrEmpty(ctx).get("valid_until_ms");
        Long validUntil = null;
        if (until != null && !until.isNull()) {
            if (!until.isIntegralNumber()) throw MatrixException.invalidParam("'valid_until_ms' parameter must be an int");
            validUntil = until.asLong();
            if (validUntil <= clock.millis()) throw MatrixException.invalidParam("'valid_until_ms' parameter must not be in the past");
        }
        Long expires = validUntil;
        return accounts.find(user).compose(found -> {
            if (found.isEmpty() || found.get().deactivated()) return Future.failedFuture(MatrixException.notFound("User not found"));
            String token = Secrets.newToken("lwa_");
            NewSession session = new NewSession(SessionFactory.newDeviceId(), "Admin login", Secrets.sha256Hex(token), expires,
                    null, ClientAddress.of(ctx), ctx.request().getHeader(HttpHeaders.USER_AGENT));
            return devices.login(user, session).map(v -> Map.<String, Object>of("access_token", token));
        });
    }
}

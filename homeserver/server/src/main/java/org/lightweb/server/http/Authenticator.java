package org.lightweb.server.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.ConcurrentHashMap;
import org.lightweb.core.Clock;
import org.lightweb.core.MatrixException;
import org.lightweb.core.Secrets;
import org.lightweb.core.UserId;
import org.lightweb.storage.accounts.DeviceRepository;
import org.lightweb.storage.accounts.TokenOwner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Access-token authentication for client routes: {@code Authorization: Bearer} or the deprecated
 * {@code access_token} query parameter. Puts a {@link Requester} in the context.
 */
public final class Authenticator {
    private static final Logger log = LoggerFactory.getLogger(Authenticator.class);
    private static final long TOUCH_INTERVAL_MS = 5 * 60_000;

    private final DeviceRepository devices;
    private final Clock clock;
    /** as_token authentication: the appservices and the accounts they act as; unset, as_tokens are unknown tokens. */
    private volatile AppserviceTokens appservices;

    /** What the authenticator needs to know of appservices (spec: "Identity assertion"). */
    public interface AppserviceTokens {
        /** The appservice whose as_token this is: its id, its own user, and whether it may act as a user id. */
        java.util.Optional<Asserter> byToken(String token);

        /** The account a user id names: whether it exists, is deactivated, is an admin. */
        io.vertx.core.Future<java.util.Optional<org.lightweb.storage.accounts.UserRecord>> account(UserId user);
    }

    /** One appservice, as authentication sees it. */
    public interface Asserter {
        String id();

        /** The appservice's own user (sender_localpart). */
        UserId sender();

        /** Whether it may act as this user: its own, or one in its user namespaces. */
        boolean mayActAs(UserId user);

        /** Whether its requests count against the rate limits (registration's rate_limited). */
        default boolean rateLimited() { return true; }
    }

    /** Turns on as_token authentication. */
    public void setAppservices(AppserviceTokens appservices) { this.appservices = appservices; }
    /** When each device's last-seen was last written: at most one write per device per interval. */
    private final ConcurrentHashMap<String, Long> lastTouched = new ConcurrentHashMap<>();

    public Authenticator(DeviceRepository devices, Clock clock) {
        this.devices = devices;
        this.clock = clock;
    }

    /** Registered users only; guests get 403 M_GUEST_ACCESS_FORBIDDEN. */
    public Handler<RoutingContext> user() { return ctx -> authenticate(ctx, false, false); }

    /** Registered users and guests (the endpoints the spec opens to guests). */
    public Handler<RoutingContext> userOrGuest() { return ctx -> authenticate(ctx, true, false); }

    /** Server admins only: 403 M_FORBIDDEN for everyone else. */
    public Handler<RoutingContext> admin() { return ctx -> authenticate(ctx, false, true); }

    /** The bearer token of the request, or null. */
    public static String token(RoutingContext ctx) {
        String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (header != null) {
            if (header.regionMatches(true, 0, "Bearer ", 0, 7)) return header.substring(7).trim();
            return null;
        }
        return ctx.request().getParam("access_token");
    }

    private void authenticate(RoutingContext ctx, boolean allowGuests, boolean adminOnly) {
        String token = token(ctx);
        if (token == null || token.isEmpty()) {
            ctx.fail(MatrixException.missingToken());
            return;
        }
        AppserviceTokens as = appservices;
        java.util.Optional<Asserter> asserter = as == null ? java.util.Optional.empty() : as.byToken(token);
        if (asserter.isPresent()) {
            authenticateAppservice(ctx, as, asserter.get(), adminOnly);
            return;
        }
        String hash = Secrets.sha256Hex(token);
        devices.findAccessToken(hash).onFailure(ctx::fail).onSuccess(found -> {
            if (found.isEmpty()) {
                ctx.fail(MatrixException.unknownToken("Unrecognised access token", false));
                return;
            }
            TokenOwner owner = found.get();
            long now = clock.millis();
            if (owner.deactivated()) {
                ctx.fail(MatrixException.unknownToken("This account has been deactivated", false));
                return;
            }
            if (owner.expiresTs() != null && owner.expiresTs() <= now) {
                ctx.fail(MatrixException.unknownToken("Access token has expired", true));
                return;
            }
            if (owner.guest() && !allowGuests) {
                ctx.fail(MatrixException.guestAccessForbidden());
                return;
            }
            if (adminOnly && !owner.admin()) {
                ctx.fail(MatrixException.forbidden("You are not a server admin"));
                return;
            }
            ctx.put(Requester.KEY, new Requester(owner.userId(), owner.deviceId(), owner.guest(), owner.admin(), hash));
            touch(ctx, owner, now);
            if (!owner.used() && owner.refreshTokenHash() != null) {
                // First use of a refreshed token: from now on the refresh token before it is spent. Done before
                // the request goes on, so a refresh racing with this request sees it.
                devices.markAccessTokenUsed(hash).onFailure(ctx::fail).onSuccess(v -> ctx.next());
                return;
            }
            ctx.next();
        });
    }

    /**
     * An appservice's request: it acts as {@code user_id} (its own user by default), which must be its own or in its
     * user namespaces (403 M_FORBIDDEN) and registered (403 M_FORBIDDEN, as Synapse says), optionally on
     * {@code device_id}, which must be that user's (400 M_UNKNOWN_DEVICE).
     */
    private void authenticateAppservice(RoutingContext ctx, AppserviceTokens as, Asserter asserter, boolean adminOnly) {
        String param = ctx.request().getParam("user_id");
        UserId user;
        if (param == null || param.isEmpty()) {
            user = asserter.sender();
        } else {
            java.util.Optional<UserId> parsed = UserId.parse(param);
            if (parsed.isEmpty()) {
                ctx.fail(MatrixException.invalidParam("Invalid user_id: " + param));
                return;
            }
            user = parsed.get();
        }
        if (!asserter.mayActAs(user)) {
            ctx.fail(MatrixException.forbidden("Application service cannot masquerade as this user (" + user + ")"));
            return;
        }
        String deviceId = ctx.request().getParam("device_id");
        as.account(user).compose(account -> {
            if (account.isEmpty()) {
                return io.vertx.core.Future.failedFuture(MatrixException.forbidden("Application service has not registered this user (" + user + ")"));
            }
            if (account.get().deactivated()) {
                return io.vertx.core.Future.failedFuture(MatrixException.unknownToken("This account has been deactivated", false));
            }
            if (adminOnly && !account.get().admin()) {
                return io.vertx.core.Future.failedFuture(MatrixException.forbidden("You are not a server admin"));
            }
            if (deviceId == null) return io.vertx.core.Future.succeededFuture(account.get());
            return devices.find(user, deviceId).compose(d -> d.isPresent() ? io.vertx.core.Future.succeededFuture(account.get())
                    : io.vertx.core.Future.failedFuture(new MatrixException(400, org.lightweb.core.ErrCode.M_UNKNOWN_DEVICE,
                            "Device " + deviceId + " is not a device of " + user)));
        }).onFailure(ctx::fail).onSuccess(account -> {
            ctx.put(Requester.KEY, new Requester(user, deviceId, false, account.admin(), null, asserter.id()));
            if (!asserter.rateLimited()) ctx.put(RateLimitRoutes.EXEMPT, true);
            ctx.next();
        });
    }

    private void touch(RoutingContext ctx, TokenOwner owner, long now) {
        String key = owner.userId() + "|" + owner.deviceId();
        Long last = lastTouched.get(key);
        if (last != null && now - last < TOUCH_INTERVAL_MS) return;
        lastTouched.put(key, now);
        if (lastTouched.size() > 100_000) lastTouched.clear();
        devices.touch(owner.userId(), owner.deviceId(), now, ClientAddress.of(ctx),
                ctx.request().getHeader(HttpHeaders.USER_AGENT))
                .onFailure(e -> log.warn("could not record device last-seen [user: {}]", owner.userId(), e));
    }
}

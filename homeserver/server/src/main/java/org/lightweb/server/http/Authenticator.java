package org.lightweb.server.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.ConcurrentHashMap;
import org.lightweb.core.Clock;
import org.lightweb.core.MatrixException;
import org.lightweb.core.Secrets;
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

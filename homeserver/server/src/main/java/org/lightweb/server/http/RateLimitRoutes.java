package org.lightweb.server.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.lightweb.server.config.HomeserverConfig;
import org.lightweb.server.federation.Origin;

/**
 * The rate limits of users' actions in one place, as Synapse's rc_* settings: messages, joins and invites per user,
 * media uploads per user, and transactions per origin server on the federation listener. Each is a route on the
 * endpoint's path mounted before the endpoint: it authenticates (the token lookup is cached), takes one from the
 * bucket (429 M_LIMIT_EXCEEDED with retry_after_ms when empty) and passes the request on. Appservices whose
 * registration says {@code rate_limited: false} are not limited, nor are their users.
 */
public final class RateLimitRoutes {
    /** Set by the authenticator for an appservice registered with rate_limited: false. */
    public static final String EXEMPT = "lightweb.rate_exempt";

    private static final String ROOM = "/_matrix/client/v3/rooms/:roomId";

    private RateLimitRoutes() {}

    /** The client listener's limits; mount before the routes they guard. */
    public static RouteGroup client(RateLimiter limiter, HomeserverConfig.RateLimits limits, Authenticator auth) {
        return router -> {
            Handler<RoutingContext> user = auth.userOrGuest();
            router.put(ROOM + "/send/:eventType/:txnId").handler(user).handler(take(limiter, "message", limits.messages()));
            router.post(ROOM + "/join").handler(user).handler(take(limiter, "join", limits.joins()));
            router.post("/_matrix/client/v3/join/:roomIdOrAlias").handler(user).handler(take(limiter, "join", limits.joins()));
            router.post(ROOM + "/invite").handler(user).handler(take(limiter, "invite", limits.invites()));
            router.post("/_matrix/media/v3/upload").handler(user).handler(take(limiter, "media_upload", limits.mediaUploads()));
            router.put("/_matrix/media/v3/upload/:serverName/:mediaId").handler(user)
                    .handler(take(limiter, "media_upload", limits.mediaUploads()));
        };
    }

    /** Transactions per origin on the federation listener; mount after the X-Matrix check, before /send. */
    public static RouteGroup federation(RateLimiter limiter, HomeserverConfig.RateLimits limits) {
        return router -> router.put("/_matrix/federation/v1/send/:txnId").handler(ctx -> {
            try {
                limiter.take("federation_transaction", Origin.of(ctx), limits.federationTransactions());
            } catch (RuntimeException e) {
                ctx.fail(e);
                return;
            }
            ctx.next();
        });
    }

    private static Handler<RoutingContext> take(RateLimiter limiter, String action, org.lightweb.server.config.HomeserverConfig.Rate rate) {
        return ctx -> {
            if (Boolean.TRUE.equals(ctx.get(EXEMPT))) {
                ctx.next();
                return;
            }
            try {
                limiter.take(action, Requester.of(ctx).userId().toString(), rate);
            } catch (RuntimeException e) {
                ctx.fail(e);
                return;
            }
            ctx.next();
        };
    }
}

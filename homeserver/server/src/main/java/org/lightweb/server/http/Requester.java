package org.lightweb.server.http;

import io.vertx.ext.web.RoutingContext;
import org.lightweb.core.UserId;

/** Who is making an authenticated request. */
public record Requester(UserId userId, String deviceId, boolean guest, boolean admin, String accessTokenHash) {
    static final String KEY = "lightweb.requester";

    public static Requester of(RoutingContext ctx) {
        Requester r = ctx.get(KEY);
        if (r == null) throw new IllegalStateException("route has no authentication handler");
        return r;
    }
}

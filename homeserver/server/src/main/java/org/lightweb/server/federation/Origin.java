package org.lightweb.server.federation;

import io.vertx.ext.web.RoutingContext;
import org.lightweb.core.ErrCode;
import org.lightweb.core.MatrixException;

/**
 * The server that signed a federation request. The X-Matrix authentication handler (mounted before every
 * {@code /_matrix/federation/*} route that needs it) verifies the request's signature and records its origin here;
 * routes read it with {@link #of}.
 */
public final class Origin {
    /** The routing-context key under which the verified origin server name is kept. */
    public static final String KEY = "lightweb.federation.origin";

    private Origin() {}

    /** The verified origin of this request; 401 M_UNAUTHORIZED when the request was not authenticated. */
    public static String of(RoutingContext ctx) {
        String origin = ctx.get(KEY);
        if (origin == null) throw new MatrixException(401, ErrCode.M_UNAUTHORIZED, "Missing X-Matrix authorization");
        return origin;
    }
}

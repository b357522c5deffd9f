package org.lightweb.server.admin;

import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import org.lightweb.core.MatrixException;
import org.lightweb.core.ServerName;
import org.lightweb.core.UserId;

/** Query and path parameters of the admin API, parsed once with Synapse's errors (400 M_INVALID_PARAM). */
final class AdminParams {
    private AdminParams() {}

    static long nonNegative(RoutingContext ctx, String name, long dflt) {
        String v = ctx.request().getParam(name);
        if (v == null || v.isEmpty()) return dflt;
        try {
            long n = Long.parseLong(v);
            if (n >= 0) return n;
        } catch (NumberFormatException e) {
            // falls through
        }
        throw MatrixException.invalidParam("Query parameter " + name + " must be a non-negative integer");
    }

    /** A page size: 1 to {@code max}. */
    static int limit(RoutingContext ctx, int dflt, int max) {
        long n = nonNegative(ctx, "limit", dflt);
        if (n < 1) throw MatrixException.invalidParam("Query parameter limit must be a positive integer");
        return (int) Math.min(n, max);
    }

    /** "true"/"false", or the default when absent; null default means "absent is null". */
    static Boolean bool(RoutingContext ctx, String name, Boolean dflt) {
        String v = ctx.request().getParam(name);
        if (v == null || v.isEmpty()) return dflt;
        if (v.equals("true")) return true;
        if (v.equals("false")) return false;
        throw MatrixException.invalidParam("Boolean query parameter " + name + " must be one of ['true', 'false']");
    }

    static boolean backwards(RoutingContext ctx) {
        String dir = ctx.request().getParam("dir");
        if (dir == null || dir.equals("f")) return false;
        if (dir.equals("b")) return true;
        throw MatrixException.invalidParam("Query parameter dir must be one of ['b', 'f']");
    }

    static String orderBy(RoutingContext ctx, Set<String> allowed, String dflt) {
        String v = ctx.request().getParam("order_by");
        if (v == null || v.isEmpty()) return dflt;
        if (!allowed.contains(v)) throw MatrixException.invalidParam("Unknown value for order_by: " + v);
        return v;
    }

    static UserId userId(RoutingContext ctx) {
        return UserId.parse(ctx.pathParam("userId"))
                .orElseThrow(() -> MatrixException.invalidParam("Invalid user ID: " + ctx.pathParam("userId")));
    }

    /** A user id of this server: 400 "Can only look up local users" otherwise, as Synapse. */
    static UserId localUserId(RoutingContext ctx, ServerName server) {
        UserId u = userId(ctx);
        if (!u.isLocalTo(server)) throw MatrixException.invalidParam("Can only look up local users");
        return u;
    }

    static String roomId(RoutingContext ctx) {
        String r = ctx.pathParam("roomId");
        if (r == null || !r.startsWith("!") || !r.contains(":")) throw MatrixException.invalidParam(r + " is not a valid room ID");
        return r;
    }
}

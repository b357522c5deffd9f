package org.lightweb.server.relations;

import org.lightweb.core.MatrixException;
import org.lightweb.server.sync.SyncToken;

/**
 * Pagination tokens of /relations and /threads: {@code r<n>}, the point just after stream position n. The spec lets
 * a client start /relations from a /sync {@code next_batch} too, whose event stream position means the same; a
 * Synapse-style topological token {@code t<depth>-<n>} is read by its stream part.
 */
public final class PageTokens {
    private PageTokens() {}

    public static String of(long position) {
        return "r" + Math.max(0, position);
    }

    /** The position a token names; null for none; 400 M_INVALID_PARAM for anything else. */
    public static Long parse(String name, String token) {
        if (token == null) return null;
        try {
            if (token.startsWith("r")) return nonNegative(Long.parseLong(token.substring(1)));
            if (token.startsWith("t") && token.contains("-")) {
                return nonNegative(Long.parseLong(token.substring(token.indexOf('-') + 1)));
            }
            if (token.startsWith("s")) return SyncToken.parse(token).events();
        } catch (NumberFormatException | MatrixException e) {
            // falls through to the invalid token error
        }
        throw MatrixException.invalidParam("Invalid " + name + " token");
    }

    private static long nonNegative(long v) {
        if (v < 0) throw new NumberFormatException();
        return v;
    }
}

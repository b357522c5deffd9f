package org.lightweb.server.rooms;

import org.lightweb.core.MatrixException;

/**
 * The event-stream position inside the tokens clients pass back: {@code s<position>} optionally followed by
 * {@code _<other streams>} (the sync token), as sync hands them out.
 */
public final class StreamTokens {
    private StreamTokens() {}

    /** The event stream position of a token; null for a null token; 400 M_INVALID_PARAM when malformed. */
    public static Long eventPosition(String token) {
        if (token == null) return null;
        int end = token.indexOf('_');
        String head = end < 0 ? token : token.substring(0, end);
        if (head.length() < 2 || head.charAt(0) != 's') throw MatrixException.invalidParam("Invalid token: " + token);
        try {
            return Long.parseLong(head.substring(1));
        } catch (NumberFormatException e) {
            throw MatrixException.invalidParam("Invalid token: " + token);
        }
    }

    public static String of(long eventPosition) {
        return "s" + eventPosition;
    }
}

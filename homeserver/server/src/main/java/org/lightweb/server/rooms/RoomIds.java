package org.lightweb.server.rooms;

import java.nio.charset.StandardCharsets;
import org.lightweb.core.MatrixException;

/** Checks of room and event IDs as they arrive in paths. Nothing may parse a server name out of a room ID. */
public final class RoomIds {
    private RoomIds() {}

    public static String roomId(String raw) {
        if (raw == null || raw.length() < 2 || raw.charAt(0) != '!' || raw.getBytes(StandardCharsets.UTF_8).length > 255) {
            throw MatrixException.invalidParam("Invalid room ID: " + raw);
        }
        return raw;
    }

    public static String eventId(String raw) {
        if (raw == null || raw.length() < 2 || raw.charAt(0) != '$' || raw.getBytes(StandardCharsets.UTF_8).length > 255) {
            throw MatrixException.invalidParam("Invalid event ID: " + raw);
        }
        return raw;
    }

    /** Event types and state keys: at most 255 bytes. */
    public static String checkLength(String what, String value) {
        if (value.getBytes(StandardCharsets.UTF_8).length > 255) throw MatrixException.invalidParam(what + " is longer than 255 bytes");
        return value;
    }
}

package org.lightweb.server.sync;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The {@code ephemeral.events} of a joined room's sync section, which several contributors add to. */
public final class EphemeralEvents {
    private EphemeralEvents() {}

    /** Appends {@code event} to the room's ephemeral events, creating the section when it is missing. */
    public static void add(ObjectNode room, ObjectNode event) {
        synchronized (room) {
            ObjectNode ephemeral = room.has("ephemeral") ? (ObjectNode) room.get("ephemeral") : room.putObject("ephemeral");
            ArrayNode events = ephemeral.has("events") ? (ArrayNode) ephemeral.get("events") : ephemeral.putArray("events");
            events.add(event);
        }
    }
}

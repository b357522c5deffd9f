package org.lightweb.plugin;

import java.util.Map;

/**
 * A local bot user that the plugin acts as. Every call goes through the same rules as a client's request (the auth
 * rules, power levels, membership) and throws {@link MatrixError} with the reason when the node refuses.
 */
public interface Bot {
    /** {@code @localpart:server}. */
    String userId();

    /** Creates a room as the {@code POST /createRoom} body asks; answers its id. */
    String createRoom(Map<String, Object> request);

    /** Joins a room by id or alias, over federation when needed; answers the room id. */
    String join(String roomIdOrAlias);

    /** Leaves a room. */
    void leave(String roomId);

    /** Invites a user. */
    void invite(String roomId, String userId);

    /** Sends a message event; answers its event id. */
    String send(String roomId, String type, Map<String, Object> content);

    /** Sends a state event; answers its event id. */
    String sendState(String roomId, String type, String stateKey, Map<String, Object> content);

    /** Sends an {@code m.room.message} of msgtype {@code m.notice}, with an HTML body when {@code html} is not null. */
    default String notice(String roomId, String text, String html) {
        Map<String, Object> content = new java.util.LinkedHashMap<>();
        content.put("msgtype", "m.notice");
        content.put("body", text);
        if (html != null) {
            content.put("format", "org.matrix.custom.html");
            content.put("formatted_body", html);
        }
        return send(roomId, "m.room.message", content);
    }
}

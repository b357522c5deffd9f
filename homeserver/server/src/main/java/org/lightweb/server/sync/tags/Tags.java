package org.lightweb.server.sync.tags;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import org.lightweb.core.Json;
import org.lightweb.core.MatrixException;
import org.lightweb.server.sync.AccountData;

/**
 * Room tags (client-server API, Room Tagging): stored as the room's m.tag account data, {@code {tags: {name:
 * {order?}}}}, so sync carries them in the room's account_data like any other entry.
 */
public final class Tags {
    static final String TYPE = "m.tag";
    private static final int MAX_TAG_BYTES = 255;   // spec: "The name of a tag MUST NOT exceed 255 bytes"

    private final AccountData accountData;

    public Tags(AccountData accountData) {
        this.accountData = accountData;
    }

    /** The room's tags, {@code {tags: {...}}}; empty when none were set. */
    public Future<ObjectNode> tags(String userId, String roomId) {
        return accountData.find(userId, roomId, TYPE).map(content -> {
            ObjectNode out = Json.object();
            JsonNode tags = content.map(c -> c.path("tags")).orElse(null);
            out.set("tags", tags != null && tags.isObject() ? tags : Json.object());
            return out;
        });
    }

    /** Adds or replaces a tag; {@code body} is its content, whose {@code order}, if any, must be a number. */
    public Future<Void> add(String userId, String roomId, String tag, ObjectNode body) {
        if (!validName(tag)) return Future.failedFuture(badName());
        JsonNode order = body.get("order");
        if (order != null && !order.isNull() && !order.isNumber()) {
            return Future.failedFuture(MatrixException.badJson("'order' must be a number"));
        }
        return accountData.update(userId, roomId, TYPE, content -> {
            tagsOf(content).set(tag, body);
            return content;
        });
    }

    /** Removes a tag; removing one the room does not have is no error (as Synapse). */
    public Future<Void> remove(String userId, String roomId, String tag) {
        if (!validName(tag)) return Future.failedFuture(badName());
        return accountData.update(userId, roomId, TYPE, content -> {
            tagsOf(content).remove(tag);
            return content;
        });
    }

    private static ObjectNode tagsOf(ObjectNode content) {
        JsonNode tags = content.get("tags");
        return tags instanceof ObjectNode o ? o : content.putObject("tags");
    }

    private static boolean validName(String tag) {
        return !tag.isEmpty() && tag.getBytes(StandardCharsets.UTF_8).length <= MAX_TAG_BYTES;
    }

    private static MatrixException badName() {
        return MatrixException.invalidParam("A tag name must have 1 to 255 bytes");
    }
}

package org.lightweb.server.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.lightweb.core.Json;

/**
 * A filter's {@code event_fields}: dot-separated paths of the fields to keep, {@code \.} for a dot inside a name
 * and {@code \\} for a backslash (spec: Filtering). Paths that name nothing are ignored.
 */
final class EventFields {
    private EventFields() {}

    static ObjectNode only(ObjectNode event, List<String> fields) {
        ObjectNode out = Json.object();
        for (String field : fields) {
            List<String> path = split(field);
            if (path.isEmpty()) continue;
            JsonNode value = event;
            for (String name : path) {
                value = value.isObject() ? value.get(name) : null;
                if (value == null) break;
            }
            if (value == null) continue;
            ObjectNode target = out;
            for (int i = 0; i < path.size() - 1; i++) {
                JsonNode next = target.get(path.get(i));
                target = next instanceof ObjectNode o ? o : target.putObject(path.get(i));
            }
            target.set(path.get(path.size() - 1), value.deepCopy());   // never a node another response shares
        }
        return out;
    }

    static List<String> split(String field) {
        List<String> out = new ArrayList<>();
        StringBuilder name = new StringBuilder();
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 1 < field.length() && (field.charAt(i + 1) == '.' || field.charAt(i + 1) == '\\')) {
                name.append(field.charAt(++i));
            } else if (c == '.') {
                out.add(name.toString());
                name.setLength(0);
            } else {
                name.append(c);
            }
        }
        out.add(name.toString());
        return out;
    }
}

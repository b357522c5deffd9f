package org.lightweb.server.plugins;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Map;
import org.lightweb.core.Json;
import org.lightweb.plugin.MatrixError;

/** JSON as plugins see it: Maps, Lists, strings, Booleans, Long and Double numbers. */
final class PluginJson {
    private static final ObjectMapper MAPPER = Json.MAPPER.copy().enable(DeserializationFeature.USE_LONG_FOR_INTS);
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    private PluginJson() {}

    static Map<String, Object> parseObject(byte[] body) {
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (IOException e) {
            throw new MatrixError(400, "M_NOT_JSON", "Content not JSON");
        }
        if (node == null || !node.isObject()) throw new MatrixError(400, "M_BAD_JSON", "Content must be a JSON object");
        return toMap(node);
    }

    static Map<String, Object> toMap(JsonNode node) {
        if (node == null || !node.isObject()) return Map.of();
        return MAPPER.convertValue(node, MAP);
    }

    static Map<String, Object> parseEventContent(String pduJson) {
        try {
            return toMap(MAPPER.readTree(pduJson).path("content"));
        } catch (IOException e) {
            return Map.of();
        }
    }

    static ObjectNode toNode(Map<String, Object> map) {
        return map == null ? Json.MAPPER.createObjectNode() : MAPPER.valueToTree(map);
    }

    static byte[] write(Object json) {
        try {
            return MAPPER.writeValueAsBytes(json);
        } catch (IOException e) {
            throw new MatrixError(500, "M_UNKNOWN", "the plugin's answer is not JSON: " + e.getMessage());
        }
    }
}

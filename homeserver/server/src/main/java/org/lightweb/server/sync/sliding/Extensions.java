package org.lightweb.server.sync.sliding;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.lightweb.core.Json;
import org.lightweb.core.MatrixException;

/** The extensions a node serves, answered for the ones a request enables; unknown ones are ignored. */
public final class Extensions {
    /** The response's {@code extensions} and whether any of them carries something new. */
    public record Answer(ObjectNode json, boolean news) {}

    private final Map<String, Extension> byName = new LinkedHashMap<>();

    public Extensions(List<Extension> extensions) {
        extensions.forEach(e -> byName.put(e.name(), e));
    }

    public Future<Answer> answer(ExtensionContext ctx, Map<String, JsonNode> requested) {
        List<Extension> enabled = new ArrayList<>();
        List<Future<ObjectNode>> answers = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : requested.entrySet()) {
            Extension ext = byName.get(e.getKey());
            if (ext == null || !enabled(e.getValue())) continue;
            enabled.add(ext);
            answers.add(ext.answer(ctx, e.getValue()));
        }
        return Future.all(answers).map(ok -> {
            ObjectNode out = Json.object();
            boolean news = false;
            for (int i = 0; i < enabled.size(); i++) {
                ObjectNode answer = answers.get(i).result();
                out.set(enabled.get(i).name(), answer);
                news |= enabled.get(i).hasNews(answer);
            }
            return new Answer(out, news);
        });
    }

    private static boolean enabled(JsonNode config) {
        JsonNode n = config.get("enabled");
        if (n == null || n.isNull()) return false;
        if (!n.isBoolean()) throw MatrixException.badJson("Extension enabled must be a boolean");
        return n.asBoolean();
    }
}

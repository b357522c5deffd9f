package org.lightweb.storage;

import io.vertx.core.Future;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/** Reads the current position of named streams, e.g. to start a node's in-memory stream heads. */
public final class Streams {
    private final Db db;

    public Streams(Db db) {
        this.db = db;
    }

    public Future<Map<String, Long>> positions(Collection<String> names) {
        return db.read(ctx -> {
            Map<String, Long> out = new HashMap<>();
            for (String n : names) out.put(n, StreamPositions.current(ctx, n));
            return out;
        });
    }
}

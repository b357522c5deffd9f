package org.lightweb.server.sync;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.lightweb.server.sync.SyncToken.Stream;

/** The newest position of every stream, advanced by writers after they commit. */
public final class StreamHeads {
    private final Map<Stream, AtomicLong> heads = new EnumMap<>(Stream.class);

    public StreamHeads() {
        for (Stream s : Stream.values()) heads.put(s, new AtomicLong());
    }

    /** Moves a stream forward (never back). */
    public void advance(Stream s, long position) {
        heads.get(s).accumulateAndGet(position, Math::max);
    }

    public long get(Stream s) { return heads.get(s).get(); }

    /** The name of a stream in the database's stream_positions; null for typing, which lives in memory. */
    public static String dbName(Stream s) {
        return switch (s) {
            case EVENTS -> "events";
            case TYPING -> null;
            case RECEIPTS -> "receipts";
            case PRESENCE -> "presence";
            case ACCOUNT_DATA -> "account_data";
            case TO_DEVICE -> "to_device";
            case DEVICE_LISTS -> "device_lists";
        };
    }

    /** A token for everything committed so far. */
    public SyncToken current() {
        return new SyncToken(get(Stream.EVENTS), get(Stream.TYPING), get(Stream.RECEIPTS), get(Stream.PRESENCE),
                get(Stream.ACCOUNT_DATA), get(Stream.TO_DEVICE), get(Stream.DEVICE_LISTS));
    }
}

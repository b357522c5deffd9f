package org.lightweb.plugin.example.greeter;

import java.util.concurrent.atomic.AtomicLong;
import org.lightweb.plugin.PluginContext;

/**
 * What the greeter counts in memory: the events it heard of. One set per plugin start ({@link PluginContext#shared}),
 * so a reload starts from zero and the extensions of one start share it: the listener counts, the stats route and
 * command read.
 */
public final class GreeterCounters {
    private final AtomicLong events = new AtomicLong();
    private final AtomicLong messages = new AtomicLong();

    /** The counters of this start. */
    public static GreeterCounters of(PluginContext ctx) {
        return ctx.shared(GreeterCounters.class, GreeterCounters::new);
    }

    void heard(String type) {
        events.incrementAndGet();
        if ("m.room.message".equals(type)) messages.incrementAndGet();
    }

    public long events() { return events.get(); }

    public long messages() { return messages.get(); }
}

package org.lightweb.plugin.example.greeter;

import org.lightweb.plugin.EventListener;
import org.lightweb.plugin.PluginContext;
import org.lightweb.plugin.RoomEvent;
import org.pf4j.Extension;

/** Counts the room events the node stored (local and from federation), and the m.room.message ones among them. */
@Extension
public class GreeterListener implements EventListener {
    private final GreeterCounters counters;

    public GreeterListener(PluginContext ctx) {
        this.counters = GreeterCounters.of(ctx);
    }

    @Override
    public void onEvent(RoomEvent event) {
        counters.heard(event.type());
    }
}

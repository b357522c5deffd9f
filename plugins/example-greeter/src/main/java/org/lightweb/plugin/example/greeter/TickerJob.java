package org.lightweb.plugin.example.greeter;

import java.time.Duration;
import org.lightweb.plugin.PluginContext;
import org.lightweb.plugin.ScheduledJob;
import org.pf4j.Extension;

/** {@code ticker}: every {@code tick_interval}, counts one tick in the greeter's tables. */
@Extension
public class TickerJob implements ScheduledJob {
    private final PluginContext ctx;
    private final Duration interval;
    private final GuestbookStore store;

    public TickerJob(PluginContext ctx) {
        this.ctx = ctx;
        this.interval = GreeterSettings.from(ctx.config()).tickInterval();
        this.store = new GuestbookStore(ctx.database());
    }

    @Override public String name() { return "ticker"; }

    @Override public Duration interval() { return interval; }

    @Override
    public void run() throws Exception {
        store.tick(name(), ctx.clock().millis());
    }
}

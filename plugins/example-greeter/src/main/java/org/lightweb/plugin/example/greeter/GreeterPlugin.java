package org.lightweb.plugin.example.greeter;

import org.lightweb.plugin.LightwebPlugin;
import org.lightweb.plugin.PluginContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The greeter's main class ({@code Plugin-Class}). Its migrations have run when {@link #start(PluginContext)} is
 * called: it validates the configuration (a wrong key refuses the start, and the node says which) and keeps the
 * context.
 */
public class GreeterPlugin extends LightwebPlugin {
    private static final Logger log = LoggerFactory.getLogger(GreeterPlugin.class);

    private volatile PluginContext context;
    private volatile GreeterSettings settings;

    @Override
    public void start(PluginContext ctx) throws Exception {
        this.settings = GreeterSettings.from(ctx.config());
        this.context = ctx;
        GreeterCounters.of(ctx);
        log.info("greeter started [greeting: {}, forbidden word: {}, tick interval: {}]", settings.greeting(),
                settings.forbiddenWord() != null, settings.tickInterval());
    }

    @Override
    public void stop() {
        context = null;
        log.info("greeter stopped");
    }

    /** The context of the running start, or null when stopped. */
    public PluginContext context() { return context; }

    /** The settings of the running start, or null before it. */
    public GreeterSettings settings() { return settings; }
}

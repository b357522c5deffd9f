package org.lightweb.plugin;

import org.pf4j.Plugin;

/**
 * A plugin's main class ({@code Plugin-Class} in its manifest). Optional: a plugin made of extensions alone works
 * without one.
 *
 * <p>{@link #start(PluginContext)} is called once per start, after the plugin's migrations ran and before any of its
 * extensions is used: validate the configuration there ({@link PluginConfig} throws {@link PluginConfigException}
 * with the key and what was expected) and open what you need. Throwing refuses the start: the node reports the
 * plugin as failed, with the message, and goes on without it. {@link #stop()} releases everything, when the plugin is
 * disabled, reloaded or the node stops.
 */
public abstract class LightwebPlugin extends Plugin {

    /**
     * Starts the plugin with its context.
     *
     * @throws Exception to refuse to start; the node reports the message
     */
    public void start(PluginContext context) throws Exception {}

    /** Called by PF4J after {@link #start(PluginContext)} succeeded; override {@link #start(PluginContext)} instead. */
    @Override
    public final void start() {}

    /** Releases everything the plugin holds. Called once, when it stops. */
    @Override
    public void stop() {}
}

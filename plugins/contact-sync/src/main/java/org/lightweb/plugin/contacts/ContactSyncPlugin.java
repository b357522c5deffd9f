package org.lightweb.plugin.contacts;

import org.lightweb.plugin.LightwebPlugin;
import org.lightweb.plugin.PluginContext;

/** CardDAV address books for the node's members. Checks the configuration at start, so a typo refuses the start. */
public class ContactSyncPlugin extends LightwebPlugin {
    @Override
    public void start(PluginContext ctx) {
        ContactSyncSettings.from(ctx.config());
    }

    @Override
    public void stop() {}
}

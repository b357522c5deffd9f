package org.lightweb.appservice.adminbot;

import java.util.List;
import java.util.concurrent.CompletionStage;
import org.lightweb.appservice.adminbot.command.plugins.PluginCommand;
import org.lightweb.appservice.kit.AsClient;

/** The commands plugins register, asked of the node each time (plugins come and go with enable/disable/reload). */
final class PluginCommands {
    private PluginCommands() {}

    static CompletionStage<List<PluginCommand>> fetch(AsClient client) {
        return client.call("GET", "/_lightweb/admin/v1/plugins/commands", null).thenApply(PluginCommand::from);
    }
}

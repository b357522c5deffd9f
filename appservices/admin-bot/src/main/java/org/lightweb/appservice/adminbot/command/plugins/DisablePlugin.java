package org.lightweb.appservice.adminbot.command.plugins;

import java.util.List;
import java.util.concurrent.CompletionStage;
import org.lightweb.appservice.adminbot.Command;
import org.lightweb.appservice.adminbot.CommandContext;
import org.lightweb.appservice.adminbot.Reply;

/** {@code !plugins disable}: POST /_lightweb/admin/v1/plugins/{id}/disable. */
public final class DisablePlugin implements Command {
    @Override public String name() { return "plugins disable"; }
    @Override public String usage() { return "<plugin-id>"; }
    @Override public String help() { return "Stops a plugin: its routes, listeners, commands and jobs go away until enabled."; }

    @Override public CompletionStage<Reply> run(CommandContext ctx, List<String> args) {
        return PluginAction.run(ctx, args, "disable", "disabled");
    }
}

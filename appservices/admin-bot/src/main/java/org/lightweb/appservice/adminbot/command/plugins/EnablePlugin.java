package org.lightweb.appservice.adminbot.command.plugins;

import java.util.List;
import java.util.concurrent.CompletionStage;
import org.lightweb.appservice.adminbot.Command;
import org.lightweb.appservice.adminbot.CommandContext;
import org.lightweb.appservice.adminbot.Reply;

/** {@code !plugins enable}: POST /_lightweb/admin/v1/plugins/{id}/enable. */
public final class EnablePlugin implements Command {
    @Override public String name() { return "plugins enable"; }
    @Override public String usage() { return "<plugin-id>"; }
    @Override public String help() { return "Starts a disabled plugin."; }

    @Override public CompletionStage<Reply> run(CommandContext ctx, List<String> args) {
        return PluginAction.run(ctx, args, "enable", "enabled");
    }
}

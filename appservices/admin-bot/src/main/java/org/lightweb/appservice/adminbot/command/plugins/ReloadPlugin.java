package org.lightweb.appservice.adminbot.command.plugins;

import java.util.List;
import java.util.concurrent.CompletionStage;
import org.lightweb.appservice.adminbot.Command;
import org.lightweb.appservice.adminbot.CommandContext;
import org.lightweb.appservice.adminbot.Reply;

/** {@code !plugins reload}: POST /_lightweb/admin/v1/plugins/{id}/reload. */
public final class ReloadPlugin implements Command {
    @Override public String name() { return "plugins reload"; }
    @Override public String usage() { return "<plugin-id>"; }
    @Override public String help() { return "Stops a plugin, loads its jar again (after an upgrade) and starts it."; }

    @Override public CompletionStage<Reply> run(CommandContext ctx, List<String> args) {
        return PluginAction.run(ctx, args, "reload", "reloaded");
    }
}

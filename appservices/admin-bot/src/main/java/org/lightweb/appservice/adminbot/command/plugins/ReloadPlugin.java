package org.lightweb.appservice.adminbot.command.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.lightweb.appservice.adminbot.Args;
import org.lightweb.appservice.adminbot.Command;
import org.lightweb.appservice.adminbot.CommandContext;
import org.lightweb.appservice.adminbot.Reply;
import org.lightweb.appservice.adminbot.UsageException;
import org.lightweb.appservice.adminbot.command.Fmt;
import org.lightweb.appservice.kit.AsClient;
import org.lightweb.core.Json;

/** {@code !plugins reload}: POST /_lightweb/admin/v1/plugins/{id}/reload. */
public final class ReloadPlugin implements Command {
    @Override public String name() { return "plugins reload"; }
    @Override public String usage() { return "<plugin-id>"; }
    @Override public String help() { return "Stops a plugin, loads its jar again (after an upgrade) and starts it."; }

    @Override public CompletionStage<Reply> run(CommandContext ctx, List<String> args) {
        return PluginAction.run(ctx, args, "reload", "reloaded");
    }
}

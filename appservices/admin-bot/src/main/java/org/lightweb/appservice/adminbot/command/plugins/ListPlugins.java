package org.lightweb.appservice.adminbot.command.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.lightweb.appservice.adminbot.Args;
import org.lightweb.appservice.adminbot.Command;
import org.lightweb.appservice.adminbot.CommandContext;
import org.lightweb.appservice.adminbot.Reply;
import org.lightweb.appservice.adminbot.command.Fmt;

/** {@code !plugins list}: GET /_lightweb/admin/v1/plugins. */
public final class ListPlugins implements Command {
    @Override public String name() { return "plugins list"; }
    @Override public String usage() { return ""; }
    @Override public String help() { return "Lists installed plugins, their version and state, and why a failed one failed."; }

    @Override public CompletionStage<Reply> run(CommandContext ctx, List<String> args) {
        Args.of(args).atMost(0);
        return ctx.client().call("GET", "/_lightweb/admin/v1/plugins", null).thenApply(r -> {
            List<List<String>> rows = new ArrayList<>();
            for (JsonNode p : r.path("plugins")) {
                rows.add(List.of(Fmt.str(p, "id"), Fmt.str(p, "version"), Fmt.str(p, "state"),
                        String.valueOf(p.path("commands").size()), Fmt.str(p, "error")));
            }
            return Reply.table(rows.size() + " plugins", List.of("Plugin", "Version", "State", "Commands", "Error"), rows);
        });
    }
}

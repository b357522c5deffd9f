package org.lightweb.appservice.adminbot.command.plugins;

import java.util.List;
import java.util.concurrent.CompletionStage;
import org.lightweb.appservice.adminbot.Args;
import org.lightweb.appservice.adminbot.CommandContext;
import org.lightweb.appservice.adminbot.Reply;
import org.lightweb.appservice.adminbot.command.Fmt;
import org.lightweb.appservice.kit.AsClient;
import org.lightweb.core.Json;

/** What enable, disable and reload share: POST /_lightweb/admin/v1/plugins/{id}/{action}, answering the plugin. */
final class PluginAction {
    private PluginAction() {}

    static CompletionStage<Reply> run(CommandContext ctx, List<String> args, String action, String done) {
        Args a = Args.of(args);
        a.atMost(1);
        String id = a.required(0, "the plugin id");
        return ctx.client().call("POST", "/_lightweb/admin/v1/plugins/" + AsClient.enc(id) + "/" + action, Json.object())
                .thenApply(p -> {
                    String state = Fmt.str(p, "state");
                    String error = Fmt.str(p, "error");
                    return Reply.text("Plugin " + id + " " + done + "; it is now " + state
                            + (error.equals("-") ? "." : " (error: " + error + ")."));
                });
    }
}

package org.lightweb.appservice.adminbot.command.appservices;

import java.util.List;
import java.util.concurrent.CompletionStage;
import org.lightweb.appservice.adminbot.Args;
import org.lightweb.appservice.adminbot.Command;
import org.lightweb.appservice.adminbot.CommandContext;
import org.lightweb.appservice.adminbot.Reply;
import org.lightweb.appservice.adminbot.UsageException;
import org.lightweb.appservice.kit.AsClient;

/** {@code !appservices unregister}: DELETE /_lightweb/admin/v1/appservices/{id}. */
public final class UnregisterAppservice implements Command {
    @Override public String name() { return "appservices unregister"; }
    @Override public String usage() { return "<id>"; }
    @Override public String help() { return "Unregisters an application service: the node stops sending to it and refuses its token."; }

    @Override public CompletionStage<Reply> run(CommandContext ctx, List<String> args) {
        Args a = Args.of(args);
        a.atMost(1);
        String id = a.required(0, "the appservice id");
        if (id.equals(ctx.bot().appserviceId())) throw new UsageException("that is my own registration: I would stop working");
        return ctx.client().call("DELETE", "/_lightweb/admin/v1/appservices/" + AsClient.enc(id), null)
                .thenApply(r -> Reply.text("Unregistered appservice " + id + "."));
    }
}

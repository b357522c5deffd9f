package org.lightweb.appservice.adminbot.command.tokens;

import java.util.List;
import java.util.concurrent.CompletionStage;
import org.lightweb.appservice.adminbot.Args;
import org.lightweb.appservice.adminbot.Command;
import org.lightweb.appservice.adminbot.CommandContext;
import org.lightweb.appservice.adminbot.Reply;
import org.lightweb.appservice.kit.AsClient;

/** {@code !tokens revoke}: DELETE /_synapse/admin/v1/registration_tokens/{token}. */
public final class RevokeToken implements Command {
    @Override public String name() { return "tokens revoke"; }
    @Override public String usage() { return "<token>"; }
    @Override public String help() { return "Deletes a registration token; registrations already using it fail."; }

    @Override public CompletionStage<Reply> run(CommandContext ctx, List<String> args) {
        Args a = Args.of(args);
        a.atMost(1);
        String token = a.required(0, "the token");
        return ctx.client().call("DELETE", "/_synapse/admin/v1/registration_tokens/" + AsClient.enc(token), null)
                .thenApply(r -> Reply.text("Registration token " + token + " revoked."));
    }
}

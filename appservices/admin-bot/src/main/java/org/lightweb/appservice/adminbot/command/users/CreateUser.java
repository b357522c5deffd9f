package org.lightweb.appservice.adminbot.command.users;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.lightweb.appservice.adminbot.Args;
import org.lightweb.appservice.adminbot.Command;
import org.lightweb.appservice.adminbot.CommandContext;
import org.lightweb.appservice.adminbot.Reply;
import org.lightweb.appservice.adminbot.UsageException;
import org.lightweb.appservice.kit.AsClient;
import org.lightweb.core.Json;

/**
 * {@code !users create}: GET /_synapse/admin/v2/users/{userId} to make sure it is new (the PUT also modifies
 * existing users, and would silently reset their password), then PUT it with the password.
 */
public final class CreateUser implements Command {
    @Override public String name() { return "users create"; }
    @Override public String usage() { return "<localpart> <password> [--admin] [--displayname=NAME]"; }
    @Override public String help() {
        return "Creates a local user with a password (give it to them privately and ask them to change it). "
                + "Refuses a user that already exists: use users reset-password for that.";
    }

    @Override public List<String> auditArgs(List<String> args) { return PasswordMask.mask(args, 1); }

    @Override public CompletionStage<Reply> run(CommandContext ctx, List<String> args) {
        Args a = Args.of(args);
        a.atMost(2);
        String user = ctx.userId(a.required(0, "the new user's localpart"));
        String password = a.required(1, "the password");
        if (!user.endsWith(":" + ctx.serverName())) throw new UsageException("only local users can be created here");
        String path = "/_synapse/admin/v2/users/" + AsClient.enc(user);
        var body = Json.object().put("password", password).put("admin", a.flag("admin"));
        String displayname = a.option("displayname", null);
        if (displayname != null) body.put("displayname", displayname);
        return ctx.client().call("GET", path, null).handle((existing, err) -> {
            if (err == null) return true;
            if (CommandContext.isNotFound(err)) return false;
            throw new CompletionException(err);
        }).thenCompose(exists -> exists
                ? CompletableFuture.completedFuture(Reply.text(
                        "Not created: " + user + " already exists. To change their password, use !users reset-password."))
                : ctx.client().call("PUT", path, body).thenApply(r -> Reply.text(
                        "Created " + user + (a.flag("admin") ? " as a server admin" : "") + ".")));
    }
}

package org.lightweb.appservice.adminbot.command.users;

import java.util.List;
import java.util.concurrent.CompletionStage;
import org.lightweb.appservice.adminbot.Args;
import org.lightweb.appservice.adminbot.Command;
import org.lightweb.appservice.adminbot.CommandContext;
import org.lightweb.appservice.adminbot.Reply;
import org.lightweb.appservice.kit.AsClient;
import org.lightweb.core.Json;

/** {@code !users reset-password}: POST /_synapse/admin/v1/reset_password/{userId}. */
public final class ResetPassword implements Command {
    @Override public String name() { return "users reset-password"; }
    @Override public String usage() { return "<user> <new-password> [--keep-devices]"; }
    @Override public String help() {
        return "Sets a new password for a local user and logs out all their devices (unless --keep-devices).";
    }

    @Override public List<String> auditArgs(List<String> args) { return PasswordMask.mask(args, 1); }

    @Override public CompletionStage<Reply> run(CommandContext ctx, List<String> args) {
        Args a = Args.of(args);
        a.atMost(2);
        String user = ctx.userId(a.required(0, "the user"));
        String password = a.required(1, "the new password");
        var body = Json.object().put("new_password", password).put("logout_devices", !a.flag("keep-devices"));
        return ctx.client().call("POST", "/_synapse/admin/v1/reset_password/" + AsClient.enc(user), body)
                .thenApply(r -> Reply.text("Password of " + user + " reset"
                        + (a.flag("keep-devices") ? "; their devices stay logged in." : "; their devices were logged out.")));
    }
}

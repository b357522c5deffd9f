package org.lightweb.appservice.adminbot.command.media;

import java.util.List;
import java.util.concurrent.CompletionStage;
import org.lightweb.appservice.adminbot.Args;
import org.lightweb.appservice.adminbot.Command;
import org.lightweb.appservice.adminbot.CommandContext;
import org.lightweb.appservice.adminbot.Reply;
import org.lightweb.appservice.adminbot.UsageException;
import org.lightweb.appservice.kit.AsClient;
import org.lightweb.core.Json;

/**
 * {@code !media quarantine}: one file (POST /_synapse/admin/v1/media/quarantine/{server}/{mediaId}, or
 * .../media/unquarantine/... with --undo), every file of a room (POST /_synapse/admin/v1/room/{roomId}/media/quarantine)
 * or every file a user uploaded (POST /_synapse/admin/v1/user/{userId}/media/quarantine).
 */
public final class QuarantineMedia implements Command {
    @Override public String name() { return "media quarantine"; }
    @Override public String usage() { return "<mxc://server/id | !room-id | @user> [--undo]"; }
    @Override public String help() {
        return "Quarantines media so nobody can download it: one file, every file in a room, or every file a user "
                + "uploaded. --undo releases one file.";
    }

    @Override public CompletionStage<Reply> run(CommandContext ctx, List<String> args) {
        Args a = Args.of(args);
        a.atMost(1);
        String target = a.required(0, "an mxc:// URI, a room id or a user");
        boolean undo = a.flag("undo");
        if (target.startsWith("mxc://")) {
            String rest = target.substring("mxc://".length());
            int slash = rest.indexOf('/');
            if (slash < 1 || slash == rest.length() - 1) throw new UsageException("'" + target + "' is not mxc://server/media-id");
            String path = "/_synapse/admin/v1/media/" + (undo ? "unquarantine/" : "quarantine/")
                    + AsClient.enc(rest.substring(0, slash)) + "/" + AsClient.enc(rest.substring(slash + 1));
            return ctx.client().call("POST", path, Json.object())
                    .thenApply(r -> Reply.text(target + (undo ? " is released from quarantine." : " is quarantined.")));
        }
        if (undo) throw new UsageException("--undo works on one mxc:// file only");
        String path = target.startsWith("!")
                ? "/_synapse/admin/v1/room/" + AsClient.enc(CommandContext.roomId(target)) + "/media/quarantine"
                : "/_synapse/admin/v1/user/" + AsClient.enc(ctx.userId(target)) + "/media/quarantine";
        return ctx.client().call("POST", path, Json.object()).thenApply(r ->
                Reply.text("Quarantined " + r.path("num_quarantined").asLong(0) + " files of " + target + "."));
    }
}

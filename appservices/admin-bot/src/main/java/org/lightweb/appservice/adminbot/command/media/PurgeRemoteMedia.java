package org.lightweb.appservice.adminbot.command.media;

import java.util.List;
import java.util.concurrent.CompletionStage;
import org.lightweb.appservice.adminbot.Args;
import org.lightweb.appservice.adminbot.Command;
import org.lightweb.appservice.adminbot.CommandContext;
import org.lightweb.appservice.adminbot.Reply;
import org.lightweb.core.Json;

/** {@code !media purge-remote}: POST /_synapse/admin/v1/purge_media_cache?before_ts=... */
public final class PurgeRemoteMedia implements Command {
    @Override public String name() { return "media purge-remote"; }
    @Override public String usage() { return "[older-than, default 30d]"; }
    @Override public String help() {
        return "Deletes cached copies of other servers' media not accessed for the given time (30d, 12h, ...); "
                + "they are fetched again when someone asks.";
    }

    @Override public CompletionStage<Reply> run(CommandContext ctx, List<String> args) {
        Args a = Args.of(args);
        a.atMost(1);
        String age = a.optional(0, "30d");
        long before = ctx.now().toEpochMilli() - Args.durationMillis(age);
        return ctx.client().call("POST", "/_synapse/admin/v1/purge_media_cache?before_ts=" + before, Json.object())
                .thenApply(r -> Reply.text("Purged " + r.path("deleted").asLong(0)
                        + " cached remote files not used for " + age + "."));
    }
}

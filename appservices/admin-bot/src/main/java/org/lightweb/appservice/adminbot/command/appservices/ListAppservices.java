package org.lightweb.appservice.adminbot.command.appservices;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.lightweb.appservice.adminbot.Args;
import org.lightweb.appservice.adminbot.Command;
import org.lightweb.appservice.adminbot.CommandContext;
import org.lightweb.appservice.adminbot.Reply;
import org.lightweb.appservice.adminbot.command.Fmt;

/** {@code !appservices list}: GET /_lightweb/admin/v1/appservices. */
public final class ListAppservices implements Command {
    @Override public String name() { return "appservices list"; }
    @Override public String usage() { return ""; }
    @Override public String help() { return "Lists registered application services (bridges, bots): id, URL, sender and user namespaces."; }

    @Override public CompletionStage<Reply> run(CommandContext ctx, List<String> args) {
        Args.of(args).atMost(0);
        return ctx.client().call("GET", "/_lightweb/admin/v1/appservices", null).thenApply(r -> {
            List<List<String>> rows = new ArrayList<>();
            for (JsonNode as : r.path("appservices")) {
                List<String> users = new ArrayList<>();
                as.path("namespaces").path("users").forEach(n ->
                        users.add(n.path("regex").asText() + (n.path("exclusive").asBoolean() ? " (exclusive)" : "")));
                String sender = as.hasNonNull("sender") ? Fmt.str(as, "sender") : Fmt.str(as, "sender_localpart");
                rows.add(List.of(Fmt.str(as, "id"), Fmt.str(as, "url"), sender, users.isEmpty() ? "-" : String.join(", ", users)));
            }
            return Reply.table(rows.size() + " appservices", List.of("Id", "URL", "Sender", "User namespaces"), rows);
        });
    }
}

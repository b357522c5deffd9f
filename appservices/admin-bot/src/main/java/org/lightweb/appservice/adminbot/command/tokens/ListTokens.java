package org.lightweb.appservice.adminbot.command.tokens;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.lightweb.appservice.adminbot.Args;
import org.lightweb.appservice.adminbot.Command;
import org.lightweb.appservice.adminbot.CommandContext;
import org.lightweb.appservice.adminbot.Reply;
import org.lightweb.appservice.adminbot.command.Fmt;

/** {@code !tokens list}: GET /_synapse/admin/v1/registration_tokens. */
public final class ListTokens implements Command {
    @Override public String name() { return "tokens list"; }
    @Override public String usage() { return "[--valid | --invalid]"; }
    @Override public String help() { return "Lists registration tokens: uses allowed, pending and completed, expiry."; }

    @Override public CompletionStage<Reply> run(CommandContext ctx, List<String> args) {
        Args a = Args.of(args);
        a.atMost(0);
        String filter = a.flag("valid") ? "?valid=true" : a.flag("invalid") ? "?valid=false" : "";
        return ctx.client().call("GET", "/_synapse/admin/v1/registration_tokens" + filter, null).thenApply(r -> {
            List<List<String>> rows = new ArrayList<>();
            for (JsonNode t : r.path("registration_tokens")) {
                String allowed = t.path("uses_allowed").isNull() || t.path("uses_allowed").isMissingNode()
                        ? "unlimited" : t.path("uses_allowed").asText();
                String expiry = t.path("expiry_time").isNumber() ? Fmt.ts(t, "expiry_time") : "never";
                rows.add(List.of(Fmt.str(t, "token"), allowed, Fmt.str(t, "pending"), Fmt.str(t, "completed"), expiry));
            }
            return Reply.table(rows.size() + " registration tokens", List.of("Token", "Uses allowed", "Pending", "Completed", "Expires"), rows);
        });
    }
}

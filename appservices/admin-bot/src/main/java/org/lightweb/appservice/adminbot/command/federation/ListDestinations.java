package org.lightweb.appservice.adminbot.command.federation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.lightweb.appservice.adminbot.Args;
import org.lightweb.appservice.adminbot.Command;
import org.lightweb.appservice.adminbot.CommandContext;
import org.lightweb.appservice.adminbot.Reply;
import org.lightweb.appservice.adminbot.command.Fmt;

/** {@code !federation destinations}: GET /_synapse/admin/v1/federation/destinations. */
public final class ListDestinations implements Command {
    @Override public String name() { return "federation destinations"; }
    @Override public String usage() { return "[--limit=N] [--from=N]"; }
    @Override public String help() {
        return "Lists the servers this one has sent to, with whether sending to each is failing and when it retries.";
    }

    @Override public CompletionStage<Reply> run(CommandContext ctx, List<String> args) {
        Args a = Args.of(args);
        a.atMost(0);
        int limit = a.intOption("limit", 25, 1, 500);
        int from = a.intOption("from", 0, 0, Integer.MAX_VALUE);
        return ctx.client().call("GET", "/_synapse/admin/v1/federation/destinations?from=" + from + "&limit=" + limit, null)
                .thenApply(r -> {
                    List<List<String>> rows = new ArrayList<>();
                    for (JsonNode d : r.path("destinations")) {
                        rows.add(List.of(Fmt.str(d, "destination"), DestinationStatus.state(d), Fmt.ts(d, "failure_ts"),
                                Fmt.ts(d, "retry_last_ts"), DestinationStatus.interval(d)));
                    }
                    String title = "Federation destinations " + (rows.isEmpty() ? "(none)" : (from + 1) + "-" + (from + rows.size()))
                            + " of " + r.path("total").asLong(rows.size())
                            + (r.hasNonNull("next_token") ? " (more: --from=" + r.get("next_token").asText() + ")" : "");
                    return Reply.table(title, List.of("Server", "State", "Failing since", "Last retry", "Retry interval"), rows);
                });
    }
}

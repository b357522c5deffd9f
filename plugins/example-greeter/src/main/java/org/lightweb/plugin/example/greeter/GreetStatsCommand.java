package org.lightweb.plugin.example.greeter;

import java.util.List;
import java.util.Map;
import org.lightweb.plugin.AdminCommand;
import org.lightweb.plugin.PluginContext;
import org.pf4j.Extension;

/** {@code !greet-stats}: the greeter's counts, as text and as an HTML table. */
@Extension
public class GreetStatsCommand implements AdminCommand {
    private final PluginContext ctx;
    private final GuestbookStore store;

    public GreetStatsCommand(PluginContext ctx) {
        this.ctx = ctx;
        this.store = new GuestbookStore(ctx.database());
    }

    @Override public String name() { return "greet-stats"; }

    @Override public String usage() { return "greet-stats"; }

    @Override public String help() { return "Shows what the greeter counted: events and messages seen, ticks, guestbook entries."; }

    @Override
    public Reply run(CommandContext context, List<String> args) throws Exception {
        if (!args.isEmpty()) return Reply.text("greet-stats takes no arguments; usage: " + usage());
        Map<String, Object> stats = GreeterRoutes.stats(ctx, store);
        StringBuilder text = new StringBuilder("Greeter stats:");
        StringBuilder html = new StringBuilder("<table><tr><th>count</th><th>value</th></tr>");
        stats.forEach((k, v) -> {
            text.append(' ').append(k).append('=').append(v);
            html.append("<tr><td>").append(k).append("</td><td>").append(v).append("</td></tr>");
        });
        html.append("</table>");
        return new Reply(text.toString(), html.toString());
    }
}

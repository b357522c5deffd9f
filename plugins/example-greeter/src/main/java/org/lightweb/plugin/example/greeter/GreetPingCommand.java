package org.lightweb.plugin.example.greeter;

import java.io.IOException;
import java.util.List;
import org.lightweb.plugin.AdminCommand;
import org.lightweb.plugin.Federation;
import org.lightweb.plugin.PluginContext;
import org.pf4j.Extension;

/**
 * {@code !greet-ping <server>}: asks the greeter of another server who it is, with a signed request to its server
 * route {@code /_lightweb/example-greeter/v1/hello}, which answers the name it saw this server by.
 */
@Extension
public class GreetPingCommand implements AdminCommand {
    private final PluginContext ctx;

    public GreetPingCommand(PluginContext ctx) {
        this.ctx = ctx;
    }

    @Override public String name() { return "greet-ping"; }

    @Override public String usage() { return "greet-ping <server>"; }

    @Override public String help() { return "Calls the greeter of another server over federation and shows what it answered."; }

    @Override
    public Reply run(CommandContext context, List<String> args) {
        if (args.size() != 1 || args.get(0).isBlank()) return Reply.text("Usage: " + usage());
        String server = args.get(0);
        Federation.Response res;
        try {
            res = ctx.federation().request(server, "GET", "/_lightweb/" + ctx.pluginId() + "/v1/hello", null);
        } catch (IOException e) {
            return Reply.text("Could not reach " + server + ": " + e.getMessage());
        }
        if (!res.ok()) {
            return Reply.text((server + " answered " + res.status() + ": " + res.json().getOrDefault("errcode", "")
                    + " " + res.json().getOrDefault("error", "")).trim());
        }
        return Reply.text(server + " answered: origin " + res.json().get("origin") + ", server " + res.json().get("server"));
    }
}

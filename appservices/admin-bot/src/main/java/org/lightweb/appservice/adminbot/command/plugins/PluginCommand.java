package org.lightweb.appservice.adminbot.command.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.lightweb.appservice.adminbot.Command;
import org.lightweb.appservice.adminbot.CommandContext;
import org.lightweb.appservice.adminbot.Reply;
import org.lightweb.appservice.kit.AsClient;
import org.lightweb.core.Json;

/**
 * A command a plugin registered (from GET /_lightweb/admin/v1/plugins/commands), run with
 * POST /_lightweb/admin/v1/plugins/commands/{name} {args, room_id}; the plugin's {text, html} is the reply.
 */
public final class PluginCommand implements Command {
    private final String name;
    private final String usage;
    private final String help;
    private final String plugin;

    public PluginCommand(String name, String usage, String help, String plugin) {
        this.name = name;
        this.usage = usage;
        this.help = help;
        this.plugin = plugin;
    }

    /** The commands in the node's answer to GET /_lightweb/admin/v1/plugins/commands. */
    public static List<PluginCommand> from(JsonNode answer) {
        List<PluginCommand> out = new ArrayList<>();
        for (JsonNode c : answer.path("commands")) {
            out.add(new PluginCommand(c.path("name").asText(), c.path("usage").asText(""), c.path("help").asText(""),
                    c.path("plugin").asText("")));
        }
        return out;
    }

    public String plugin() { return plugin; }
    @Override public String name() { return name; }
    /** Plugins write their usage with the command name first ("greet [name]"); the bot shows only the arguments. */
    @Override public String usage() { return usage.startsWith(name) ? usage.substring(name.length()).trim() : usage; }
    @Override public String help() { return help + " (plugin " + plugin + ")"; }

    @Override public CompletionStage<Reply> run(CommandContext ctx, List<String> args) {
        var body = Json.object().put("room_id", ctx.roomId());
        var list = body.putArray("args");
        args.forEach(list::add);
        return ctx.client().call("POST", "/_lightweb/admin/v1/plugins/commands/" + AsClient.enc(name), body).thenApply(r -> {
            String text = r.path("text").asText("");
            return r.hasNonNull("html") ? new Reply(text, r.get("html").asText()) : Reply.text(text);
        });
    }
}

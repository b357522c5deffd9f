package org.lightweb.plugin.example.greeter;

import java.util.List;
import org.lightweb.plugin.AdminCommand;
import org.lightweb.plugin.Bot;
import org.lightweb.plugin.MatrixError;
import org.lightweb.plugin.PluginContext;
import org.pf4j.Extension;

/** {@code !greet-room <roomId|#alias>}: the bot {@code @greeter} joins the room and posts the greeting there. */
@Extension
public class GreetRoomCommand implements AdminCommand {
    /** The bot's localpart. */
    public static final String BOT = "greeter";

    private final PluginContext ctx;
    private final GreeterSettings settings;

    public GreetRoomCommand(PluginContext ctx) {
        this.ctx = ctx;
        this.settings = GreeterSettings.from(ctx.config());
    }

    @Override public String name() { return "greet-room"; }

    @Override public String usage() { return "greet-room <roomId|#alias>"; }

    @Override public String help() { return "Makes the bot @" + BOT + " join a room and greet it with a notice."; }

    @Override
    public Reply run(CommandContext context, List<String> args) {
        if (args.size() != 1 || !(args.get(0).startsWith("!") || args.get(0).startsWith("#"))) {
            return Reply.text("Usage: " + usage());
        }
        String target = args.get(0);
        try {
            Bot bot = ctx.bot(BOT);
            String roomId = bot.join(target);
            String text = settings.greeting() + ", everyone!";
            String eventId = bot.notice(roomId, text, "<b>" + escape(settings.greeting()) + "</b>, everyone!");
            return Reply.text("Greeted " + roomId + " as " + bot.userId() + ": event " + eventId);
        } catch (MatrixError e) {
            return Reply.text("Could not greet " + target + ": " + e.errcode() + " " + e.getMessage());
        }
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}

package org.lightweb.plugin;

import java.util.List;
import org.pf4j.ExtensionPoint;

/**
 * A command the admin bot offers ({@code !<name> args...}), run only for server admins. Its reply goes back to the
 * admin room; a refusal is a reply that says why.
 *
 * <pre>{@code
 * @Extension
 * public class Hello implements AdminCommand {
 *     public String name() { return "hello"; }
 *     public String usage() { return "hello [name]"; }
 *     public String help() { return "Says hello."; }
 *     public Reply run(CommandContext ctx, List<String> args) { return Reply.text("Hello " + (args.isEmpty() ? ctx.sender() : args.get(0))); }
 * }
 * }</pre>
 */
public interface AdminCommand extends ExtensionPoint {
    /** The command's name: lower case letters, digits and '-' ({@code backup-status}). */
    String name();

    /** One line: the name and its arguments ({@code backup-status [group]}). */
    String usage();

    /** What it does, in a sentence or two. */
    String help();

    Reply run(CommandContext context, List<String> args) throws Exception;

    /** Who runs a command, and where. {@code roomId} is null when it comes through the admin API. */
    record CommandContext(String sender, String roomId) {}

    /** A reply: plain text, and optionally HTML for clients that show it (a table, say). */
    record Reply(String text, String html) {
        public static Reply text(String text) { return new Reply(text, null); }
    }
}

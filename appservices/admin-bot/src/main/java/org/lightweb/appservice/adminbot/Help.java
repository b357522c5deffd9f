package org.lightweb.appservice.adminbot;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.lightweb.appservice.adminbot.command.plugins.PluginCommand;

/** {@code !help}: every command with its usage (plugins' commands too), a group's, or one command's details. */
public final class Help implements Command {
    private final Commands commands;

    Help(Commands commands) { this.commands = commands; }

    @Override public String name() { return "help"; }
    @Override public String usage() { return "[command | group]"; }
    @Override public String help() { return "Lists the commands, or explains one (!help users create) or a group (!help users)."; }

    @Override public CompletionStage<Reply> run(CommandContext ctx, List<String> args) {
        if (!args.isEmpty()) {
            var match = commands.find(args);
            if (match.isPresent() && match.get().args().isEmpty()) return done(detail(match.get().command()));
            List<Command> group = commands.group(args.get(0));
            if (args.size() == 1 && !group.isEmpty()) return done(list("Commands for " + args.get(0), group, null));
        }
        return PluginCommands.fetch(ctx.client()).handle((plugins, err) -> {
            if (!args.isEmpty()) {
                String name = args.get(0);
                if (plugins != null) {
                    for (PluginCommand p : plugins) if (p.name().equals(name)) return detail(p);
                }
                return Reply.text("There is no command " + String.join(" ", args) + ". Say !help for the list.");
            }
            List<Command> all = new ArrayList<>(commands.all());
            if (plugins != null) all.addAll(plugins);
            return list("Commands (say !help <command> for details)", all,
                    err == null ? null : "Plugin commands are not listed: the node did not answer (" + err.getMessage() + ").");
        });
    }

    private static Reply detail(Command c) {
        return Reply.text("!" + c.name() + (c.usage().isEmpty() ? "" : " " + c.usage()) + "\n" + c.help());
    }

    private static Reply list(String title, List<Command> list, String note) {
        List<List<String>> rows = list.stream()
                .map(c -> List.of("!" + c.name() + (c.usage().isEmpty() ? "" : " " + c.usage()), c.help())).toList();
        Reply table = Reply.table(title, List.of("Command", "What it does"), rows);
        return note == null ? table
                : new Reply(table.text() + "\n" + note, table.html() + "<p>" + Html.escape(note) + "</p>");
    }

    private static CompletionStage<Reply> done(Reply r) { return CompletableFuture.completedFuture(r); }
}

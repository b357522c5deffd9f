package org.lightweb.appservice.adminbot;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.lightweb.appservice.adminbot.command.plugins.PluginCommand;
import org.lightweb.appservice.kit.AsClient;
import org.lightweb.appservice.kit.MatrixCallException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one {@code !command} message: checks that the sender is a server admin (others get a refusal saying why),
 * finds the command (built-in, else a plugin's), runs it, writes one audit line and answers with a notice. Never
 * fails: every problem becomes the reply.
 */
final class CommandRunner {
    private static final Logger log = LoggerFactory.getLogger(CommandRunner.class);
    /** One INFO line per command: who, where, what (secrets masked) and how it ended. */
    static final Logger AUDIT = LoggerFactory.getLogger("lightweb.audit");

    private final Commands commands;
    private final AdminCheck admins;

    CommandRunner(Commands commands, AdminCheck admins) {
        this.commands = commands;
        this.admins = admins;
    }

    CompletionStage<Void> run(CommandContext ctx) {
        String line = firstLine(ctx.body()).substring(1);
        List<String> words = Args.split(line);
        if (words.isEmpty()) return CompletableFuture.completedFuture(null);
        return admins.isAdmin(ctx.sender()).handle((admin, err) -> {
            if (err != null) {
                return done(ctx, shown(words), "failed: admin check " + describe(err),
                        Reply.text("I could not check that you are a server admin, so I did nothing: " + describe(err)));
            }
            if (!admin) {
                return done(ctx, shown(words), "refused: not a server admin", Reply.text(
                        "Sorry, I only take commands from the server admins of " + ctx.serverName() + ", and "
                                + ctx.sender() + " is not one. An admin can run it for you, or make you an admin."));
            }
            return dispatch(ctx, words);
        }).thenCompose(s -> s).thenCompose(reply -> ctx.client().sendNotice(ctx.roomId(), reply.text(), reply.html())
                .handle((id, err) -> {
                    if (err != null) log.warn("could not send the reply [room: {}]: {}", ctx.roomId(), describe(err));
                    return null;
                }));
    }

    private CompletionStage<Reply> dispatch(CommandContext ctx, List<String> words) {
        var builtin = commands.find(words);
        if (builtin.isPresent()) return execute(ctx, builtin.get().command(), builtin.get().args());
        if (!commands.group(words.get(0)).isEmpty()) {
            return execute(ctx, commands.find(List.of("help")).orElseThrow().command(), List.of(words.get(0)));
        }
        return PluginCommands.fetch(ctx.client()).handle((plugins, err) -> {
            if (err != null) {
                return done(ctx, hidden(words), "failed: plugin commands " + describe(err), Reply.text(
                        "There is no built-in command !" + words.get(0) + ", and the node did not list plugin commands: "
                                + describe(err)));
            }
            for (PluginCommand p : plugins) {
                if (p.name().equals(words.get(0))) return execute(ctx, p, words.subList(1, words.size()));
            }
            return done(ctx, hidden(words), "unknown command",
                    Reply.text("I do not know !" + words.get(0) + ". Say !help for the list of commands."));
        }).thenCompose(s -> s);
    }

    private CompletionStage<Reply> execute(CommandContext ctx, Command c, List<String> args) {
        List<String> shown = new ArrayList<>(List.of(c.name()));
        shown.addAll(c.auditArgs(args));
        CompletionStage<Reply> running;
        try {
            running = c.run(ctx, args);
        } catch (RuntimeException e) {
            running = CompletableFuture.failedFuture(e);
        }
        return running.handle((reply, err) -> {
            if (err == null) return audited(ctx, shown, "ok", reply);
            Throwable cause = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
            if (cause instanceof UsageException u) {
                return audited(ctx, shown, "usage: " + u.getMessage(), Reply.text("Cannot run !" + c.name() + ": "
                        + u.getMessage() + ".\nUsage: !" + c.name() + (c.usage().isEmpty() ? "" : " " + c.usage())))
                        ;
            }
            MatrixCallException m = AsClient.unwrap(cause);
            if (m == null) log.warn("command failed [command: {}]", c.name(), cause);
            return audited(ctx, shown, "failed: " + describe(cause), Reply.text("!" + c.name() + " failed: " + describe(cause)))
                    ;
        });
    }

    private static Reply audited(CommandContext ctx, List<String> command, String outcome, Reply reply) {
        AUDIT.info("command [user: {}, room: {}, command: {}, outcome: {}]", ctx.sender(), ctx.roomId(),
                String.join(" ", command), outcome);
        return reply;
    }

    private static CompletionStage<Reply> done(CommandContext ctx, List<String> command, String outcome, Reply reply) {
        return CompletableFuture.completedFuture(audited(ctx, command, outcome, reply));
    }

    /** A built-in command line as the audit log may show it (secrets masked); others as {@link #hidden}. */
    private List<String> shown(List<String> words) {
        return commands.find(words).map(m -> {
            List<String> out = new ArrayList<>(List.of(m.command().name()));
            out.addAll(m.command().auditArgs(m.args()));
            return out;
        }).orElseGet(() -> hidden(words));
    }

    /** For lines that name no known command: the first two words only, since the rest may be a mistyped password. */
    private static List<String> hidden(List<String> words) {
        if (words.size() <= 2) return words;
        List<String> out = new ArrayList<>(words.subList(0, 2));
        out.add("(" + (words.size() - 2) + " more words hidden)");
        return out;
    }

    static String describe(Throwable err) {
        MatrixCallException m = AsClient.unwrap(err);
        if (m != null) {
            return m.status() == 0 ? "the node is unreachable (" + m.error() + ")"
                    : "the node answered " + m.status() + " " + m.errcode() + ": " + m.error();
        }
        Throwable t = err.getCause() != null && err instanceof CompletionException ? err.getCause() : err;
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    static String firstLine(String body) {
        int nl = body.indexOf('\n');
        return (nl < 0 ? body : body.substring(0, nl)).trim();
    }
}

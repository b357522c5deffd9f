package org.lightweb.appservice.adminbot;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * One bot command (tuwunel's one file per admin command). {@link #name()} is what follows '!' ("users list");
 * {@link #run} calls the node's admin APIs through {@link CommandContext#client()} and answers a {@link Reply}.
 * A failed stage is answered by the bot: {@link UsageException} with the usage, a node error with its errcode.
 */
public interface Command {
    String name();

    /** Arguments after the name, e.g. {@code "<user> [--erase]"}. */
    String usage();

    /** One or two sentences for {@code !help <name>}. */
    String help();

    CompletionStage<Reply> run(CommandContext ctx, List<String> args);

    /** The arguments as the audit log may show them: commands taking secrets mask them here. */
    default List<String> auditArgs(List<String> args) { return args; }
}

package org.lightweb.appservice.adminbot.command.appservices;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.lightweb.appservice.adminbot.Command;
import org.lightweb.appservice.adminbot.CommandContext;
import org.lightweb.appservice.adminbot.Reply;
import org.lightweb.appservice.adminbot.UsageException;
import org.lightweb.appservice.kit.Registration;
import org.lightweb.core.Json;

/**
 * {@code !appservices register} with the registration YAML in a code block of the same message: checked here
 * first (so mistakes come back at once, each naming its field), then POST /_lightweb/admin/v1/appservices {yaml}.
 */
public final class RegisterAppservice implements Command {
    private static final Pattern CODE_BLOCK =
            Pattern.compile("```[a-zA-Z]*[ \\t]*\\r?\\n(.*?)```", Pattern.DOTALL);

    @Override public String name() { return "appservices register"; }
    @Override public String usage() { return "followed by the registration YAML in a ``` code block"; }
    @Override public String help() {
        return "Registers an application service: paste its registration file in a code block after the command. "
                + "The node starts sending it events at once.";
    }

    /** The YAML carries the as_token and hs_token: the audit log never shows it. */
    @Override public List<String> auditArgs(List<String> args) { return args.isEmpty() ? args : List.of("<hidden>"); }

    @Override public CompletionStage<Reply> run(CommandContext ctx, List<String> args) {
        Matcher m = CODE_BLOCK.matcher(ctx.body());
        if (!m.find()) throw new UsageException("paste the registration YAML in a ``` code block after the command");
        String yaml = m.group(1);
        Registration reg;
        try {
            reg = Registration.parse(yaml);
        } catch (Registration.InvalidRegistrationException e) {
            return CompletableFuture.completedFuture(Reply.table(
                    "Not registered: the registration has " + e.problems().size() + " problem(s)", List.of("Problem"),
                    e.problems().stream().map(List::of).toList()));
        }
        return ctx.client().call("POST", "/_lightweb/admin/v1/appservices", Json.object().put("yaml", yaml))
                .thenApply(r -> Reply.text("Registered appservice " + reg.id() + " (sender @" + reg.senderLocalpart()
                        + ":" + ctx.serverName() + (reg.url() == null ? ", no URL: it only sends" : ", at " + reg.url()) + ")."
                        + " Delete the message with the tokens from this room's history if others may read it."));
    }
}

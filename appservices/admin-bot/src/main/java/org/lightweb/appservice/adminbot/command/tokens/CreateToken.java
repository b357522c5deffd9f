package org.lightweb.appservice.adminbot.command.tokens;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.lightweb.appservice.adminbot.Args;
import org.lightweb.appservice.adminbot.Command;
import org.lightweb.appservice.adminbot.CommandContext;
import org.lightweb.appservice.adminbot.Reply;
import org.lightweb.appservice.adminbot.command.Fmt;
import org.lightweb.core.Json;

/** {@code !tokens create}: POST /_synapse/admin/v1/registration_tokens/new. */
public final class CreateToken implements Command {
    @Override public String name() { return "tokens create"; }
    @Override public String usage() { return "[token] [--uses=N] [--expires=7d]"; }
    @Override public String help() {
        return "Creates a registration token (random unless given), optionally limited in uses and lifetime "
                + "(--expires=7d, 12h, ...). People register with it when registration requires a token.";
    }

    @Override public CompletionStage<Reply> run(CommandContext ctx, List<String> args) {
        Args a = Args.of(args);
        a.atMost(1);
        var body = Json.object();
        if (a.size() == 1) body.put("token", a.required(0, "token"));
        String uses = a.option("uses", null);
        if (uses != null) body.put("uses_allowed", a.intOption("uses", 1, 1, Integer.MAX_VALUE));
        String expires = a.option("expires", null);
        if (expires != null) body.put("expiry_time", ctx.now().toEpochMilli() + Args.durationMillis(expires));
        return ctx.client().call("POST", "/_synapse/admin/v1/registration_tokens/new", body).thenApply(t -> {
            Map<String, String> f = new LinkedHashMap<>();
            f.put("Token", Fmt.str(t, "token"));
            f.put("Uses allowed", t.path("uses_allowed").isNumber() ? t.get("uses_allowed").asText() : "unlimited");
            f.put("Expires", t.path("expiry_time").isNumber() ? Fmt.ts(t, "expiry_time") : "never");
            return Reply.fields("Registration token created", f);
        });
    }
}

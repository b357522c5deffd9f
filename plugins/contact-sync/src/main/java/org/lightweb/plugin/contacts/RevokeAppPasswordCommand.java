package org.lightweb.plugin.contacts;

import java.util.List;
import org.lightweb.plugin.AdminCommand;
import org.lightweb.plugin.PluginContext;
import org.pf4j.Extension;

/** {@code !contacts-revoke-app-password @user:server <id>}: revokes one app password (a lost phone). */
@Extension
public class RevokeAppPasswordCommand implements AdminCommand {
    private final ContactStore store;

    public RevokeAppPasswordCommand(PluginContext ctx) { this.store = ContactStore.of(ctx); }

    @Override public String name() { return "contacts-revoke-app-password"; }

    @Override public String usage() { return "contacts-revoke-app-password <userId> <id>"; }

    @Override public String help() { return "Revokes one of a member's contact-sync app passwords; the device must sign in again."; }

    @Override
    public Reply run(CommandContext context, List<String> args) throws Exception {
        if (args.size() != 2) return Reply.text("Usage: " + usage());
        return store.revokeAppPassword(args.get(0), args.get(1))
                ? Reply.text("Revoked app password " + args.get(1) + " of " + args.get(0))
                : Reply.text(args.get(0) + " has no app password " + args.get(1));
    }
}

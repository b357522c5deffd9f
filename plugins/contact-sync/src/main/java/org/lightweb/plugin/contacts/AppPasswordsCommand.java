package org.lightweb.plugin.contacts;

import java.time.Instant;
import java.util.List;
import org.lightweb.plugin.AdminCommand;
import org.lightweb.plugin.PluginContext;
import org.pf4j.Extension;

/** {@code !contacts-app-passwords @user:server}: a member's app passwords (labels, ids, last use), never the secrets. */
@Extension
public class AppPasswordsCommand implements AdminCommand {
    private final ContactStore store;

    public AppPasswordsCommand(PluginContext ctx) { this.store = ContactStore.of(ctx); }

    @Override public String name() { return "contacts-app-passwords"; }

    @Override public String usage() { return "contacts-app-passwords <userId>"; }

    @Override public String help() { return "Lists a member's contact-sync app passwords: id, label, created and last used."; }

    @Override
    public Reply run(CommandContext context, List<String> args) throws Exception {
        if (args.size() != 1) return Reply.text("Usage: " + usage());
        List<ContactStore.AppPassword> list = store.appPasswords(args.get(0));
        if (list.isEmpty()) return Reply.text(args.get(0) + " has no app passwords");
        StringBuilder b = new StringBuilder(args.get(0) + " has " + list.size() + " app password(s):");
        for (ContactStore.AppPassword p : list) {
            b.append("\n").append(p.id()).append("  ").append(p.label()).append("  created ").append(Instant.ofEpochMilli(p.createdTs()))
                    .append("  last used ").append(p.lastUsedTs() == null ? "never" : Instant.ofEpochMilli(p.lastUsedTs()).toString());
        }
        return Reply.text(b.toString());
    }
}

package org.lightweb.server.push;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import org.lightweb.core.Json;
import org.lightweb.server.sync.AccountData;
import org.lightweb.server.sync.SyncContext;
import org.lightweb.server.sync.SyncContributor;

/**
 * The user's push rules in sync's global account_data as {@code m.push_rules} ("Push Rules: Events"): always in
 * an initial or full-state sync, as Synapse sends them, and in an incremental sync when they changed (a change
 * writes the account data, so the account-data stream says when). The content is built fresh from the rules,
 * so server-default rules added by an upgrade show up without the user changing anything.
 */
public final class PushRulesSync implements SyncContributor {
    @Override
    public java.util.Set<org.lightweb.server.sync.SyncToken.Stream> streams() {
        return java.util.EnumSet.of(org.lightweb.server.sync.SyncToken.Stream.ACCOUNT_DATA);
    }

    private final PushRuleService rules;
    private final AccountData accountData;

    public PushRulesSync(PushRuleService rules, AccountData accountData) {
        this.rules = rules;
        this.accountData = accountData;
        accountData.serveElsewhere(PushRuleService.ACCOUNT_DATA_TYPE);
    }

    @Override
    public Future<Void> contribute(SyncContext ctx, ObjectNode response) {
        if (!ctx.filter().accountData().matches(PushRuleService.ACCOUNT_DATA_TYPE, ctx.userId())) {
            return Future.succeededFuture();
        }
        Future<Boolean> wanted = ctx.initial() || ctx.fullState() ? Future.succeededFuture(true)
                : accountData.changed(ctx, PushRuleService.ACCOUNT_DATA_TYPE);
        return wanted.compose(yes -> yes ? rules.all(ctx.userId()) : Future.succeededFuture((ObjectNode) null))
                .map(content -> {
                    if (content == null) return null;
                    ObjectNode event = Json.object().put("type", PushRuleService.ACCOUNT_DATA_TYPE);
                    event.set("content", content);
                    AccountData.globalEvents(response).add(event);
                    return null;
                });
    }
}

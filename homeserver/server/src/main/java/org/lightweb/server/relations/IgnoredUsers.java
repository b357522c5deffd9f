package org.lightweb.server.relations;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import java.util.HashSet;
import java.util.Set;
import org.lightweb.core.Json;
import org.lightweb.storage.sync.AccountDataRepository;

/**
 * The users a viewer ignores ("Ignoring users": the keys of {@code ignored_users} in their global
 * {@code m.ignored_user_list} account data): their children count in no aggregation and are left out of
 * /relations and /threads pages.
 */
public final class IgnoredUsers {
    static final String TYPE = "m.ignored_user_list";

    private final AccountDataRepository accountData;

    public IgnoredUsers(AccountDataRepository accountData) {
        this.accountData = accountData;
    }

    public Future<Set<String>> of(String viewer) {
        if (viewer == null) return Future.succeededFuture(Set.of());
        return accountData.get(viewer, "", TYPE).map(content -> content.map(IgnoredUsers::parse).orElse(Set.of()));
    }

    static Set<String> parse(String content) {
        JsonNode users = Json.parse(content).path("ignored_users");
        Set<String> out = new HashSet<>();
        users.fieldNames().forEachRemaining(out::add);
        return out;
    }
}

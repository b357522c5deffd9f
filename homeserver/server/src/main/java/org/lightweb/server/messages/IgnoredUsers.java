package org.lightweb.server.messages;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.lightweb.server.sync.AccountData;
import org.lightweb.storage.rooms.StoredEvent;

/**
 * Ignoring users (client-server API, "Ignoring Users"): the users in a user's {@code m.ignored_user_list} account
 * data. Every read path (sync timelines, sliding sync, /messages, /context, sync invites) drops their events
 * except state events. Lists are cached per user and forgotten when the account data changes, so the next read
 * follows the new list at once; as in Synapse, nothing already missed is sent again after un-ignoring.
 */
public final class IgnoredUsers {
    public static final String TYPE = "m.ignored_user_list";

    private final AccountData accountData;
    private final Cache<String, Set<String>> lists;
    /** Counts changes, so a read that began before a change does not cache what it read. */
    private final java.util.concurrent.atomic.AtomicLong changes = new java.util.concurrent.atomic.AtomicLong();

    public IgnoredUsers(AccountData accountData, long cacheEntries) {
        this.accountData = accountData;
        this.lists = Caffeine.newBuilder().maximumSize(cacheEntries).build();
        accountData.addListener((userId, roomId, type) -> {
            if (roomId.isEmpty() && type.equals(TYPE)) {
                changes.incrementAndGet();
                lists.invalidate(userId);
            }
        });
    }

    /** The users {@code userId} ignores. */
    public Future<Set<String>> of(String userId) {
        if (userId == null) return Future.succeededFuture(Set.of());   // no viewer (an appservice's transaction)
        Set<String> cached = lists.getIfPresent(userId);
        if (cached != null) return Future.succeededFuture(cached);
        long seen = changes.get();
        return accountData.find(userId, "", TYPE).map(content -> {
            Set<String> ignored = content.map(IgnoredUsers::parse).orElse(Set.of());
            lists.put(userId, ignored);
            if (changes.get() != seen) lists.invalidate(userId);   // changed while reading: maybe stale
            return ignored;
        });
    }

    /** The user ids of a list's content: the keys of {@code ignored_users}; anything malformed ignores no one. */
    static Set<String> parse(JsonNode content) {
        JsonNode users = content.path("ignored_users");
        if (!users.isObject()) return Set.of();
        Set<String> out = new HashSet<>();
        users.fieldNames().forEachRemaining(out::add);
        return Set.copyOf(out);
    }

    /** Whether {@code ignored} hides {@code e}: an event, not state, sent by one of them. */
    public static boolean hides(Set<String> ignored, StoredEvent e) {
        return !e.isState() && ignored.contains(e.sender());
    }

    /** The events of {@code batch} that {@code userId}'s ignore list lets through, in order. */
    public Future<List<StoredEvent>> filter(String userId, List<StoredEvent> batch) {
        return of(userId).map(ignored -> {
            if (ignored.isEmpty()) return batch;
            List<StoredEvent> out = new ArrayList<>();
            for (StoredEvent e : batch) if (!hides(ignored, e)) out.add(e);
            return out;
        });
    }
}

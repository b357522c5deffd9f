package org.lightweb.server.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.lightweb.core.Json;
import org.lightweb.core.MatrixException;
import org.lightweb.server.sync.SyncToken.Stream;
import org.lightweb.storage.sync.AccountDataRepository;

/**
 * Account data (client-server API, Client Config): setting it advances the account-data stream and wakes the
 * user's syncs; sync carries global entries at the top and room entries in each joined room.
 */
public final class AccountData implements SyncContributor {
    @Override
    public java.util.Set<org.lightweb.server.sync.SyncToken.Stream> streams() {
        return java.util.EnumSet.of(org.lightweb.server.sync.SyncToken.Stream.ACCOUNT_DATA);
    }

    private final AccountDataRepository repo;
    private final StreamHeads heads;
    private final Notifier notifier;
    /** Types another contributor puts in sync itself (m.push_rules: the push rules, always fresh). */
    private final Set<String> servedElsewhere = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Per sync computation: the entries loaded once for the top level and every room. */
    private final com.github.benmanes.caffeine.cache.Cache<SyncContext, List<AccountDataRepository.Entry>> loaded =
            com.github.benmanes.caffeine.cache.Caffeine.newBuilder().expireAfterWrite(java.time.Duration.ofMinutes(1))
                    .maximumSize(10_000).build();

    /** Hears every change of account data, after it is stored. */
    public interface Listener {
        /** @param roomId the room of a room entry, "" for global account data */
        void changed(String userId, String roomId, String type);
    }

    private final List<Listener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    public void addListener(Listener l) { listeners.add(l); }

    /** The other processes of a clustered node (see {@link #share}); nobody in a node of one process. */
    private volatile Listener others = (userId, roomId, type) -> {};
    private static final String BUS_ADDRESS = "lightweb.account_data";

    /**
     * In a clustered node: tells the other processes of each change, and tells this process's listeners (the
     * caches of ignore lists, invite permissions and push rules) of theirs, before their sync wake-up arrives.
     */
    public void share(org.lightweb.server.cluster.ClusterBus bus) {
        others = (userId, roomId, type) -> bus.tell(BUS_ADDRESS,
                new io.vertx.core.json.JsonObject().put("user", userId).put("room", roomId).put("type", type));
        bus.listen(BUS_ADDRESS, m -> listeners.forEach(l -> l.changed(m.getString("user"), m.getString("room"),
                m.getString("type"))));
    }

    public AccountData(AccountDataRepository repo, StreamHeads heads, Notifier notifier) {
        this.repo = repo;
        this.heads = heads;
        this.notifier = notifier;
    }

    /** Leaves global account data of {@code type} out of sync: its owner adds it (see {@link #changed}). */
    public void serveElsewhere(String type) { servedElsewhere.add(type); }

    /** Whether the user's global {@code type} changed within this sync's window (any stored one, for an initial sync). */
    public Future<Boolean> changed(SyncContext ctx, String type) {
        return entries(ctx).map(list -> list.stream().anyMatch(e -> e.roomId().isEmpty() && e.type().equals(type)));
    }

    public Future<Void> put(String userId, String roomId, String type, JsonNode content) {
        if (!content.isObject()) return Future.failedFuture(MatrixException.badJson("Account data must be a JSON object"));
        return repo.put(userId, roomId, type, Json.write(content)).map(pos -> {
            listeners.forEach(l -> l.changed(userId, roomId, type));
            others.changed(userId, roomId, type);
            heads.advance(Stream.ACCOUNT_DATA, pos);
            notifier.usersChanged(List.of(userId));
            return null;
        });
    }

    /**
     * Changes one entry in one transaction, so concurrent changes (two tags set at once) are not lost:
     * {@code change} gets the current content ({@code {}} when unset) and answers the new one.
     */
    public Future<Void> update(String userId, String roomId, String type, UnaryOperator<ObjectNode> change) {
        return repo.update(userId, roomId, type, current -> {
            JsonNode node = current.map(Json::parse).orElse(null);
            ObjectNode content = node instanceof ObjectNode o ? o : Json.object();
            return Json.write(change.apply(content));
        }).map(pos -> {
            listeners.forEach(l -> l.changed(userId, roomId, type));
            others.changed(userId, roomId, type);
            heads.advance(Stream.ACCOUNT_DATA, pos);
            notifier.usersChanged(List.of(userId));
            return null;
        });
    }

    /** The content of a type, if it is set. */
    public Future<Optional<JsonNode>> find(String userId, String roomId, String type) {
        return repo.get(userId, roomId, type).map(c -> c.map(Json::parse));
    }

    public Future<JsonNode> get(String userId, String roomId, String type) {
        return repo.get(userId, roomId, type).map(c -> Json.parse(c.orElseThrow(() -> MatrixException.notFound("Account data not found"))));
    }

    private Future<List<AccountDataRepository.Entry>> entries(SyncContext ctx) {
        List<AccountDataRepository.Entry> cached = loaded.getIfPresent(ctx);
        if (cached != null) return Future.succeededFuture(cached);
        return repo.changedSince(ctx.userId(), ctx.fullState() ? 0 : ctx.since(Stream.ACCOUNT_DATA), ctx.upTo().accountData())
                .map(list -> {
                    loaded.put(ctx, list);
                    return list;
                });
    }

    @Override
    public Future<Set<String>> roomsWithNews(SyncContext ctx, Set<String> joinedRooms) {
        return entries(ctx).map(list -> {
            Set<String> out = new HashSet<>();
            list.stream().map(AccountDataRepository.Entry::roomId).filter(joinedRooms::contains).forEach(out::add);
            return out;
        });
    }

    @Override
    public Future<Void> contributeRoom(SyncContext ctx, String roomId, ObjectNode room) {
        return entries(ctx).map(list -> {
            room.putObject("account_data").set("events", events(list, roomId, ctx.userId(), ctx.filter().room().accountData()));
            return null;
        });
    }

    @Override
    public Future<Void> contribute(SyncContext ctx, ObjectNode response) {
        return entries(ctx).map(list -> {
            ArrayNode global = globalEvents(response);
            for (AccountDataRepository.Entry e : list) {
                if (!e.roomId().isEmpty() || servedElsewhere.contains(e.type())) continue;
                if (!ctx.filter().accountData().matches(e.type(), ctx.userId())) continue;
                global.addObject().put("type", e.type()).set("content", Json.parse(e.content()));
            }
            loaded.invalidate(ctx);
            return null;
        });
    }

    /** The response's top-level account_data events, created if no contributor made them yet. */
    public static ArrayNode globalEvents(ObjectNode response) {
        ObjectNode section = response.has("account_data") ? (ObjectNode) response.get("account_data")
                : response.putObject("account_data");
        return section.has("events") ? (ArrayNode) section.get("events") : section.putArray("events");
    }

    private static ArrayNode events(List<AccountDataRepository.Entry> list, String roomId, String userId,
                                    SyncFilter.RoomEventFilter f) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (AccountDataRepository.Entry e : list) {
            if (!e.roomId().equals(roomId) || !f.matches(roomId, e.type(), userId, Json.object())) continue;
            out.addObject().put("type", e.type()).set("content", Json.parse(e.content()));
        }
        return out;
    }
}

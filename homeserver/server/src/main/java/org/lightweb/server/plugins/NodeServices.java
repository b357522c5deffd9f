package org.lightweb.server.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.lightweb.core.MatrixException;
import org.lightweb.core.ServerName;
import org.lightweb.core.UserId;
import org.lightweb.plugin.Bot;
import org.lightweb.plugin.Federation;
import org.lightweb.plugin.MatrixError;
import org.lightweb.plugin.RoomEvent;
import org.lightweb.plugin.Rooms;
import org.lightweb.plugin.Users;
import org.lightweb.server.federation.client.FederationClient;
import org.lightweb.server.profile.ProfileService;
import org.lightweb.server.rooms.Aliases;
import org.lightweb.server.rooms.EventDraft;
import org.lightweb.server.rooms.MembershipRoutes;
import org.lightweb.server.rooms.MembershipService;
import org.lightweb.server.rooms.RoomCreation;
import org.lightweb.server.rooms.RoomEvents;
import org.lightweb.storage.accounts.AccountRepository;
import org.lightweb.storage.accounts.NewAccount;
import org.lightweb.storage.accounts.UserRecord;
import org.lightweb.storage.rooms.EventRepository;
import org.lightweb.storage.rooms.Membership;
import org.lightweb.storage.rooms.RoomRepository;
import org.lightweb.storage.rooms.StateKeyId;
import org.lightweb.storage.rooms.StoredEvent;

/**
 * The node's services as the SDK offers them to plugins, over the same services the client API uses (a bot's
 * message passes the auth rules and the vetoes like a person's). Each call blocks its plugin thread until the node
 * answers, for at most {@code plugins.request_timeout}.
 */
public final class NodeServices implements Users, Rooms, Federation {
    /** The user type of plugin bots (Synapse's "bot"), so they are told apart from people. */
    static final String BOT_TYPE = "bot";

    /** What the services stand on. */
    public record Parts(ServerName serverName, AccountRepository accounts, ProfileService profiles, RoomRepository rooms,
                        EventRepository events, RoomEvents roomEvents, RoomCreation creation,
                        MembershipService memberships, Aliases aliases, FederationClient federation,
                        org.lightweb.storage.admin.AdminRepository admin) {}

    private final Parts p;
    private final Duration timeout;
    private final Map<String, Boolean> knownBots = new ConcurrentHashMap<>();

    public NodeServices(Parts parts, Duration timeout) {
        this.p = parts;
        this.timeout = timeout;
    }

    String serverName() { return p.serverName().value(); }

    private <T> T await(Future<T> f) { return Blocking.await(f, timeout); }

    // ---- Users

    @Override
    public Optional<User> find(String userId) {
        Optional<UserId> id = UserId.parse(userId).filter(u -> u.isLocalTo(p.serverName()));
        if (id.isEmpty()) return Optional.empty();
        Optional<UserRecord> r = await(p.accounts().find(id.get()));
        if (r.isEmpty()) return Optional.empty();
        JsonNode name = await(p.profiles().profile(id.get()).recover(e -> Future.succeededFuture(null)));
        String displayName = name != null && name.path("displayname").isTextual() ? name.get("displayname").asText() : null;
        UserRecord u = r.get();
        return Optional.of(new User(userId, displayName, u.admin(), u.deactivated(), BOT_TYPE.equals(u.userType())));
    }

    /** Server admins, at most 1,000 (the admin API's page), deactivated ones left out. */
    @Override
    public List<String> admins() {
        var page = await(p.admin().users(new org.lightweb.storage.admin.AdminRepository.UserQuery(0, 1000, null, null, false, false,
                true, "name", false)));
        return page.items().stream().map(u -> u.userId().toString()).sorted().toList();
    }

    @Override
    public boolean isLocal(String userId) {
        return UserId.parse(userId).map(u -> u.isLocalTo(p.serverName())).orElse(false);
    }

    // ---- Rooms

    @Override
    public boolean exists(String roomId) {
        return await(p.rooms().room(roomId)).isPresent();
    }

    @Override
    public List<RoomEvent> state(String roomId) {
        if (!exists(roomId)) return List.of();
        Map<StateKeyId, String> ids = await(p.events().currentState(roomId));
        Map<String, StoredEvent> events = await(p.events().events(ids.values()));
        List<RoomEvent> out = new ArrayList<>();
        for (String id : ids.values()) {
            StoredEvent e = events.get(id);
            if (e != null) out.add(toRoomEvent(e));
        }
        return out;
    }

    @Override
    public Optional<RoomEvent> stateEvent(String roomId, String type, String stateKey) {
        StateKeyId key = new StateKeyId(type, stateKey);
        Map<StateKeyId, StoredEvent> found = await(p.events().currentStateEvents(roomId, List.of(key)));
        return Optional.ofNullable(found.get(key)).map(this::toRoomEvent);
    }

    @Override
    public List<String> joinedMembers(String roomId) {
        return await(p.rooms().members(roomId)).stream().filter(m -> m.membership().equals("join"))
                .map(Membership::userId).toList();
    }

    @Override
    public List<String> joinedRooms(String userId) {
        return await(p.rooms().roomsOf(userId, "join")).stream().map(Membership::roomId).toList();
    }

    @Override
    public Optional<String> resolveAlias(String alias) {
        try {
            return Optional.of(await(MembershipRoutes.resolve(p.aliases(), p.memberships(), alias, List.of())).roomId());
        } catch (MatrixError e) {
            if (e.status() == 404) return Optional.empty();
            throw e;
        }
    }

    RoomEvent toRoomEvent(StoredEvent e) {
        return new RoomEvent(e.eventId(), e.roomId(), e.sender(), e.type(), e.stateKey(),
                PluginJson.parseEventContent(e.json()), e.originServerTs(), isLocal(e.sender()));
    }

    // ---- Federation

    @Override
    public Federation.Response request(String destination, String method, String path, Map<String, Object> body)
            throws IOException {
        if (!ServerName.isValid(destination)) throw MatrixError.invalidParam("Not a server name: " + destination);
        if (path == null || !path.startsWith("/")) throw MatrixError.invalidParam("The path must start with '/'");
        Future<JsonNode> f = p.federation().request(method, destination, path, Map.of(),
                body == null ? null : PluginJson.toNode(body));
        try {
            return new Federation.Response(200, PluginJson.toMap(
                    f.toCompletionStage().toCompletableFuture().get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IOException(destination + " did not answer within " + timeout.toMillis() + " ms");
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof FederationClient.RemoteError r) {
                Map<String, Object> json = new java.util.LinkedHashMap<>();
                if (r.errcode() != null) json.put("errcode", r.errcode());
                json.put("error", String.valueOf(r.getMessage()));
                return new Federation.Response(r.status(), json);
            }
            throw new IOException(String.valueOf(cause.getMessage()), cause);
        }
    }

    // ---- Bots

    /** A bot of this node, created on first use; a localpart a person holds is refused. */
    Bot bot(String localpart) {
        UserId id;
        try {
            id = UserId.of(localpart, p.serverName());
        } catch (RuntimeException e) {
            throw MatrixError.invalidParam("Not a valid localpart: " + localpart);
        }
        String key = id.toString();
        if (!knownBots.containsKey(key)) {
            Optional<UserRecord> existing = await(p.accounts().find(id));
            if (existing.isEmpty()) {
                await(p.accounts().register(new NewAccount(id, null, false, false, BOT_TYPE, null, localpart,
                        Optional.empty(), Optional.empty(), Optional.empty())));
                existing = await(p.accounts().find(id));
            }
            if (existing.isEmpty() || !BOT_TYPE.equals(existing.get().userType())) {
                throw new MatrixError(400, "M_USER_IN_USE", key + " is a user, not a bot: choose another localpart");
            }
            knownBots.put(key, true);
        }
        return new NodeBot(id);
    }

    private final class NodeBot implements Bot {
        private final UserId id;

        NodeBot(UserId id) { this.id = id; }

        @Override
        public String userId() { return id.toString(); }

        @Override
        public String createRoom(Map<String, Object> request) {
            return await(p.creation().create(id, PluginJson.toNode(request)));
        }

        @Override
        public String join(String roomIdOrAlias) {
            var resolved = await(MembershipRoutes.resolve(p.aliases(), p.memberships(), roomIdOrAlias, List.of()));
            return await(p.memberships().join(id, resolved.roomId(), resolved.servers(), null));
        }

        @Override
        public void leave(String roomId) { await(p.memberships().leave(id, roomId, null)); }

        @Override
        public void invite(String roomId, String userId) {
            UserId target = UserId.parse(userId).orElseThrow(() -> MatrixError.invalidParam("Invalid user ID: " + userId));
            await(p.memberships().invite(id, roomId, target, null));
        }

        @Override
        public String send(String roomId, String type, Map<String, Object> content) {
            return await(p.roomEvents().send(roomId, EventDraft.message(type, id, PluginJson.toNode(content)), null)).eventId();
        }

        @Override
        public String sendState(String roomId, String type, String stateKey, Map<String, Object> content) {
            if (type.equals("m.room.create")) throw MatrixError.forbidden("The create event cannot be changed");
            return await(p.roomEvents().send(roomId, EventDraft.state(type, stateKey, id, PluginJson.toNode(content)), null))
                    .eventId();
        }
    }

    static MatrixException refusal(MatrixError e) {
        return MatrixException.bare(e.status(), Map.of("errcode", e.errcode(), "error", String.valueOf(e.getMessage())));
    }
}

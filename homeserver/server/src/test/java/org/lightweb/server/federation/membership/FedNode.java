package org.lightweb.server.federation.membership;

import static org.lightweb.storage.testing.TestStorage.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.lightweb.core.Json;
import org.lightweb.core.ServerName;
import org.lightweb.core.UserId;
import org.lightweb.federation.protocol.JsonSigning;
import org.lightweb.federation.protocol.RoomVersion;
import org.lightweb.federation.protocol.SigningKey;
import org.lightweb.federation.protocol.auth.AuthRules;
import org.lightweb.federation.protocol.auth.SignatureChecker;
import org.lightweb.server.config.HomeserverConfig;
import org.lightweb.server.federation.client.FederationClient;
import org.lightweb.server.federation.events.FederationEvents;
import org.lightweb.server.federation.keys.KeyRing;
import org.lightweb.server.http.Requester;
import org.lightweb.server.messages.IgnoredUsers;
import org.lightweb.server.profile.ProfileService;
import org.lightweb.server.rooms.Aliases;
import org.lightweb.server.rooms.ClientEvents;
import org.lightweb.server.rooms.EventFactory;
import org.lightweb.server.rooms.EventVisibility;
import org.lightweb.server.rooms.MembershipService;
import org.lightweb.server.rooms.RoomCreation;
import org.lightweb.server.rooms.RoomEvents;
import org.lightweb.server.rooms.RoomLinearizer;
import org.lightweb.server.rooms.RoomVersions;
import org.lightweb.server.rooms.directory.AliasService;
import org.lightweb.server.rooms.directory.RoomListPermission;
import org.lightweb.server.sync.AccountData;
import org.lightweb.server.sync.LocalNotifier;
import org.lightweb.server.sync.RoomSections;
import org.lightweb.server.sync.StreamHeads;
import org.lightweb.server.sync.SyncFilter;
import org.lightweb.server.sync.SyncService;
import org.lightweb.server.sync.SyncToken;
import org.lightweb.storage.rooms.JooqEventRepository;
import org.lightweb.storage.rooms.JooqRoomRepository;
import org.lightweb.storage.rooms.RoomCaches;
import org.lightweb.storage.rooms.StateGroups;
import org.lightweb.storage.rooms.StoredEvent;
import org.lightweb.storage.sync.JooqAccountDataRepository;
import org.lightweb.storage.testing.TestStorage;

/**
 * One server's room stack on a temp SQLite database (events, rooms, memberships, sync), with this feature wired
 * to fakes of the federation contracts: a client whose requests a test answers, a key ring that knows the keys
 * it is given, and remote-event intake that records what it is handed.
 */
final class FedNode implements AutoCloseable {
    final String name;
    final ServerName server;
    final SigningKey key = SigningKey.generate();
    final TestStorage storage = TestStorage.sqlite().open();
    final RoomEvents roomEvents;
    final JooqRoomRepository rooms;
    final JooqEventRepository events;
    final MembershipService memberships;
    final RoomCreation creation;
    final SyncService sync;
    final StreamHeads heads = new StreamHeads();
    final FakeClient client = new FakeClient();
    final FakeKeyRing keyRing = new FakeKeyRing();
    final FakeEvents federationEvents = new FakeEvents();
    final MembershipFeature feature;

    FedNode(String name) {
        this.name = name;
        this.server = new ServerName(name);
        keyRing.keys.put(name, key);
        RoomCaches caches = new RoomCaches(1000, 1000, 100, 50);
        events = new JooqEventRepository(storage.db(), storage.clock(), new StateGroups(10, 1000), 1000, caches);
        rooms = new JooqRoomRepository(storage.db(), caches);
        RoomVersions versions = new RoomVersions(rooms);
        AuthRules authRules = new AuthRules(SignatureChecker.withKeys(Map.of(name, Map.of(key.keyId(), key.publicKey()))));
        roomEvents = new RoomEvents(events, versions, new EventFactory(server, key, authRules, storage.clock()),
                new RoomLinearizer(), storage.clock());
        ProfileService profiles = new ProfileService(server, storage.accounts(), storage.profiles(),
                new HomeserverConfig.Limits(1 << 20, 256, 1000, 65536));
        memberships = new MembershipService(server, roomEvents, rooms, profiles);
        Aliases aliases = new Aliases(server, rooms, storage.clock());
        creation = new RoomCreation(server, roomEvents, rooms, aliases, profiles, RoomVersion.V11,
                (sender, roomId, target, isDirect) -> memberships.invite(sender, roomId, target, null, isDirect));
        LocalNotifier notifier = new LocalNotifier(storage.vertx(), heads);
        roomEvents.addListener((roomId, stored) -> {
            stored.forEach(e -> heads.advance(SyncToken.Stream.EVENTS, e.streamOrdering()));
            notifier.roomChanged(roomId);
        });
        AccountData accountData = new AccountData(new JooqAccountDataRepository(storage.db()), heads, notifier);
        ClientEvents clientEvents = new ClientEvents(events, versions, server, storage.clock());
        RoomSections sections = new RoomSections(events, clientEvents, new EventVisibility(events), new IgnoredUsers(accountData, 100));
        sync = new SyncService(events, rooms, sections, heads, notifier);
        AliasService aliasService = new AliasService(server, aliases, rooms, events, roomEvents, new RoomListPermission(rooms, roomEvents));
        feature = new MembershipFeature(server, key, storage.db(), caches, storage.clock(), roomEvents, rooms, memberships,
                aliasService, client, federationEvents, keyRing);
    }

    UserId user(String localpart) {
        return UserId.of(localpart, server);
    }

    /** A room created by {@code creator} with {@code preset} (public_chat, private_chat). */
    String createRoom(UserId creator, String preset) {
        return await(creation.create(creator, Json.object().put("preset", preset).put("name", "Room of " + name)));
    }

    /** An initial sync of {@code user}. */
    ObjectNode sync(UserId user) {
        return await(sync.sync(new Requester(user, "DEV", false, false, "h"), SyncFilter.DEFAULT, null, false, 0));
    }

    /** An incremental sync of {@code user} since {@code token}. */
    ObjectNode sync(UserId user, String token) {
        return await(sync.sync(new Requester(user, "DEV", false, false, "h"), SyncFilter.DEFAULT, SyncToken.parse(token), false, 0));
    }

    /** Lets this node trust {@code other}'s signing key. */
    void trust(FedNode other) {
        keyRing.keys.put(other.name, other.key);
    }

    @Override
    public void close() {
        storage.close();
    }

    /** Requests are answered by {@link #handler}; every request is recorded as "METHOD destination path". */
    static final class FakeClient implements FederationClient {
        final List<String> requests = new ArrayList<>();
        Handler handler = (m, d, p, q, b) -> Future.failedFuture(new Unreachable(d, "no route", null));

        interface Handler {
            Future<JsonNode> handle(String method, String destination, String path, Map<String, String> query, JsonNode body);
        }

        @Override
        public Future<JsonNode> request(String method, String destination, String path, Map<String, String> query, JsonNode body) {
            requests.add(method + " " + destination + " " + path);
            try {
                return handler.handle(method, destination, path, query, body == null ? null : body.deepCopy());
            } catch (RuntimeException e) {
                return Future.failedFuture(e);
            }
        }
    }

    static final class FakeKeyRing implements KeyRing {
        final Map<String, SigningKey> keys = new HashMap<>();

        @Override
        public Future<Map<String, byte[]>> verifyKeys(String server, Collection<String> keyIds, long validAt) {
            SigningKey k = keys.get(server);
            return Future.succeededFuture(k == null ? Map.of() : Map.of(k.keyId(), k.publicKey()));
        }

        @Override
        public Future<Boolean> isSignedBy(JsonNode signed, String server, long validAt) {
            SigningKey k = keys.get(server);
            return Future.succeededFuture(k != null && JsonSigning.verify(signed, server, Map.of(k.keyId(), k.publicKey())));
        }
    }

    /** Records what it is handed; answers stateBefore with {@link #state}. */
    static final class FakeEvents implements FederationEvents {
        final List<ObjectNode> received = new ArrayList<>();
        final List<Object[]> imported = new ArrayList<>();
        String refuse;
        List<ObjectNode> state = List.of();

        @Override
        public Future<Outcome> receive(String origin, ObjectNode pdu) {
            received.add(pdu);
            return Future.succeededFuture(new Outcome("x", refuse));
        }

        @Override
        public Future<StoredEvent> importJoinedRoom(String origin, RoomVersion version, ObjectNode joinEvent,
                                                    List<ObjectNode> state, List<ObjectNode> authChain) {
            imported.add(new Object[] {origin, version, joinEvent, state, authChain});
            return Future.succeededFuture(null);
        }

        @Override
        public Future<StateAndAuth> stateBefore(String roomId, String eventId) {
            return Future.succeededFuture(new StateAndAuth(state, List.of()));
        }

        @Override
        public Future<List<ObjectNode>> authChain(String roomId, Collection<String> eventIds) {
            return Future.succeededFuture(List.of());
        }
    }
}

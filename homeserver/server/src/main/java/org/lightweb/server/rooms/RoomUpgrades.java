package org.lightweb.server.rooms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.lightweb.core.ErrCode;
import org.lightweb.core.Json;
import org.lightweb.core.MatrixException;
import org.lightweb.core.Secrets;
import org.lightweb.core.ServerName;
import org.lightweb.core.UserId;
import org.lightweb.federation.protocol.Pdu;
import org.lightweb.federation.protocol.RoomVersion;
import org.lightweb.federation.protocol.StateKey;
import org.lightweb.server.profile.ProfileService;
import org.lightweb.storage.rooms.EventRepository;
import org.lightweb.storage.rooms.Membership;
import org.lightweb.storage.rooms.RoomRecord;
import org.lightweb.storage.rooms.RoomRepository;
import org.lightweb.storage.rooms.StateKeyId;
import org.lightweb.storage.rooms.StoredEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Room upgrades (client-server API, Room upgrades, server behaviour), in Synapse's order (handlers/room.py
 * upgrade_room): authorise the old room's tombstone, create the replacement with the copied state and bans, send
 * the tombstone, move the local aliases and the canonical alias, move the directory entry, lock the old room down,
 * and last give the new room the old room's power levels (the upgrader held what copying needed until then).
 * Members are not moved: they follow the tombstone.
 */
public final class RoomUpgrades {
    private static final Logger log = LoggerFactory.getLogger(RoomUpgrades.class);

    private final ServerName serverName;
    private final RoomEvents roomEvents;
    private final RoomCreation creation;
    private final RoomRepository rooms;
    private final EventRepository events;
    private final Aliases aliases;
    private final ProfileService profiles;
    private final Map<String, Running> running = new ConcurrentHashMap<>();

    public RoomUpgrades(ServerName serverName, RoomEvents roomEvents, RoomCreation creation, RoomRepository rooms,
                        EventRepository events, Aliases aliases, ProfileService profiles) {
        this.serverName = serverName;
        this.roomEvents = roomEvents;
        this.creation = creation;
        this.rooms = rooms;
        this.events = events;
        this.aliases = aliases;
        this.profiles = profiles;
    }

    /** The old room as the upgrade reads it; contents are of the current state, null when the room has none. */
    private record OldRoom(String roomId, ObjectNode create, ObjectNode powerLevels, ObjectNode canonicalAlias,
                           Map<StateKeyId, ObjectNode> state, Map<String, ObjectNode> bans, boolean isPublic) {}

    /** An upgrade under way: who asked, and the answer everyone asking again gets. */
    private record Running(UserId user, Promise<String> result) {}

    /** One upgrade as it goes; newRoomId is null until the replacement exists. */
    private record Upgrade(UserId user, OldRoom old, RoomVersion version, List<UserId> additionalCreators,
                           Set<String> creators, ObjectNode profile, String newRoomId) {
        Upgrade withNewRoom(String id) {
            return new Upgrade(user, old, version, additionalCreators, creators, profile, id);
        }

        /** The old room's levels, or for a room without any the ones createRoom would give the upgrader. */
        ObjectNode oldPowerLevels() {
            return old.powerLevels() != null ? old.powerLevels()
                    : PowerLevelDefaults.forNewRoom(version, user, List.of(), true);
        }
    }

    /**
     * Upgrades {@code roomId} to {@code version}; answers the replacement room's ID. While an upgrade of the room
     * runs, the same user's repeated request gets its answer and anyone else's 400, as in Synapse (one room must not
     * get two replacements).
     */
    public Future<String> upgrade(UserId user, String roomId, RoomVersion version, List<UserId> additionalCreators) {
        Running mine = new Running(user, Promise.promise());
        Running other = running.putIfAbsent(roomId, mine);
        if (other != null) {
            return other.user().equals(user) ? other.result().future() : Future.failedFuture(
                    new MatrixException(400, ErrCode.M_UNKNOWN, "An upgrade for this room is currently in progress"));
        }
        return run(user, roomId, version, additionalCreators)
                .andThen(done -> running.remove(roomId, mine))
                .andThen(mine.result());
    }

    private Future<String> run(UserId user, String roomId, RoomVersion version, List<UserId> additionalCreators) {
        List<UserId> extra = version.additionalCreators()
                ? additionalCreators.stream().filter(u -> !u.equals(user)).toList() : List.of();
        Set<String> creators = new LinkedHashSet<>();
        if (version.creatorsHaveInfinitePower()) {
            creators.add(user.toString());
            extra.forEach(u -> creators.add(u.toString()));
        }
        Future<ObjectNode> profile = profiles.profile(user).recover(e -> Future.succeededFuture(Json.object()));
        return roomEvents.versionOf(roomId)                                                 // 404 for unknown rooms
                .compose(oldVersion -> Future.all(load(roomId), profile))
                .map(loaded -> new Upgrade(user, loaded.resultAt(0), version, extra, creators, loaded.resultAt(1), null))
                .compose(this::replace)
                .compose(this::moveAliases)
                .compose(this::moveDirectoryEntry)
                .compose(this::lockDownOldRoom)
                .compose(this::restorePowerLevels)
                .map(u -> {
                    log.info("upgraded room [room: {}, replacement: {}, version: {}]", roomId, u.newRoomId(), version.id());
                    return u.newRoomId();
                });
    }

    /** Whether the old room's state at {@code key} is read: create, power levels, canonical alias, what is copied. */
    private static boolean read(StateKeyId key) {
        boolean ownKey = key.stateKey().isEmpty() && (key.type().equals(StateKey.CREATE)
                || key.type().equals(StateKey.POWER_LEVELS) || key.type().equals(UpgradeCopies.CANONICAL_ALIAS)
                || UpgradeCopies.COPIED_TYPES.contains(key.type()));
        return ownKey || key.type().equals(UpgradeCopies.SPACE_CHILD);
    }

    private Future<OldRoom> load(String roomId) {
        Future<Optional<RoomRecord>> room = rooms.room(roomId);
        Future<Map<StateKeyId, String>> state = events.currentState(roomId);
        Future<List<Membership>> members = rooms.members(roomId);
        return Future.all(room, state, members).compose(ok -> {
            List<String> ids = new ArrayList<>();
            state.result().forEach((k, id) -> {
                if (read(k)) ids.add(id);
            });
            members.result().stream().filter(m -> m.membership().equals("ban")).forEach(m -> ids.add(m.eventId()));
            return events.events(ids);
        }).map(found -> {
            Map<StateKeyId, ObjectNode> contents = new HashMap<>();
            Map<String, ObjectNode> bans = new HashMap<>();
            for (StoredEvent e : found.values()) {
                ObjectNode content = Json.parse(e.json()).path("content") instanceof ObjectNode c ? c : Json.object();
                if (e.type().equals(StateKey.MEMBER)) bans.put(e.stateKey(), content);
                else contents.put(new StateKeyId(e.type(), e.stateKey()), content);
            }
            ObjectNode create = contents.getOrDefault(new StateKeyId(StateKey.CREATE, ""), Json.object());
            return new OldRoom(roomId, create, contents.get(new StateKeyId(StateKey.POWER_LEVELS, "")),
                    contents.get(new StateKeyId(UpgradeCopies.CANONICAL_ALIAS, "")), contents, bans,
                    room.result().map(RoomRecord::isPublic).orElse(false));
        });
    }

    /**
     * Creates the replacement room between authorising the old room's tombstone and sending it (spec steps 1, 2,
     * 3 and 5). Before v12 the new room's ID is ours to pick and its predecessor names the tombstone; from v12 the
     * ID is the create event's, so that event is built first and its predecessor leaves event_id out.
     */
    private Future<Upgrade> replace(Upgrade u) {
        if (u.version().roomIdIsCreateEventId()) {
            List<EventDraft> drafts = initialEvents(u, null);
            Pdu create = roomEvents.buildCreate(u.version(), null, drafts.get(0));
            String newRoom = create.roomId();
            return roomEvents.sendAfter(u.old().roomId(), tombstone(u, newRoom),
                            tombstoneId -> roomEvents.create(u.version(), create, drafts.get(0), drafts.subList(1, drafts.size())))
                    .map(t -> u.withNewRoom(newRoom));
        }
        String newRoom = "!" + Secrets.randomString(18) + ":" + serverName.value();
        return roomEvents.sendAfter(u.old().roomId(), tombstone(u, newRoom),
                        tombstoneId -> roomEvents.create(u.version(), newRoom, initialEvents(u, tombstoneId)))
                .map(t -> u.withNewRoom(newRoom));
    }

    private static EventDraft tombstone(Upgrade u, String newRoom) {
        ObjectNode content = Json.object().put("body", "This room has been replaced").put("replacement_room", newRoom);
        return EventDraft.state(UpgradePowerLevels.TOMBSTONE, "", u.user(), content);
    }

    private List<EventDraft> initialEvents(Upgrade u, String tombstoneId) {
        ObjectNode createContent = UpgradeCopies.creationContent(u.old().create(), u.old().roomId(), tombstoneId,
                u.version(), u.additionalCreators());
        ObjectNode levels = UpgradePowerLevels.whileCopying(u.oldPowerLevels(), u.user().toString(), u.creators(), u.version());
        List<EventDraft> out = new ArrayList<>(creation.initialEvents(u.version(), u.user(), createContent, levels,
                UpgradeCopies.state(u.old().state(), u.old().create(), u.user()), u.profile()));
        out.addAll(UpgradeCopies.bans(u.old().bans(), u.user(), u.creators()));
        return out;
    }

    /**
     * Step 4: the local aliases point at the new room, and the canonical alias follows them; a refused canonical
     * alias event is logged and left, as Synapse does, since the rooms exist by now.
     */
    private Future<Upgrade> moveAliases(Upgrade u) {
        Future<Integer> moved = rooms.moveAliases(u.old().roomId(), u.newRoomId());
        if (u.old().canonicalAlias() == null) return moved.map(n -> u);
        var split = UpgradeCopies.canonicalAliases(u.old().canonicalAlias(), aliases::isLocal);
        return moved
                .compose(n -> split.oldRoom().equals(u.old().canonicalAlias()) ? Future.succeededFuture()
                        : sendState(u.old().roomId(), u.user(), UpgradeCopies.CANONICAL_ALIAS, split.oldRoom()))
                .compose(x -> split.newRoom().isEmpty() ? Future.succeededFuture()
                        : sendState(u.newRoomId(), u.user(), UpgradeCopies.CANONICAL_ALIAS, split.newRoom()))
                .map(x -> u);
    }

    /** A published old room hands its place in the directory to the new one. */
    private Future<Upgrade> moveDirectoryEntry(Upgrade u) {
        if (!u.old().isPublic()) return Future.succeededFuture(u);
        return rooms.setPublic(u.newRoomId(), true).compose(x -> rooms.setPublic(u.old().roomId(), false)).map(x -> u);
    }

    /** Step 6: ordinary members of the old room can no longer send events or invite (when the upgrader may say so). */
    private Future<Upgrade> lockDownOldRoom(Upgrade u) {
        if (u.old().powerLevels() == null) {
            log.warn("not locking down a room without power levels [room: {}]", u.old().roomId());
            return Future.succeededFuture(u);
        }
        return UpgradePowerLevels.lockedDown(u.old().powerLevels())
                .map(pl -> sendState(u.old().roomId(), u.user(), StateKey.POWER_LEVELS, pl))
                .orElse(Future.succeededFuture())
                .map(x -> u);
    }

    /** The new room gets the old room's levels back, without the upgrader's raise. */
    private Future<Upgrade> restorePowerLevels(Upgrade u) {
        ObjectNode initial = UpgradePowerLevels.whileCopying(u.oldPowerLevels(), u.user().toString(), u.creators(), u.version());
        ObjectNode restored = UpgradePowerLevels.afterCopying(u.oldPowerLevels(), u.creators(), u.version());
        if (restored.equals(initial)) return Future.succeededFuture(u);
        return roomEvents.send(u.newRoomId(), EventDraft.state(StateKey.POWER_LEVELS, "", u.user(), restored), null)
                .map(e -> u);
    }

    /** Sends a state event the upgrade can do without: a refusal is logged, not passed on. */
    private Future<Void> sendState(String roomId, UserId user, String type, JsonNode content) {
        return roomEvents.send(roomId, EventDraft.state(type, "", user, (ObjectNode) content), null).<Void>mapEmpty()
                .recover(e -> {
                    log.warn("upgrade could not send {} [room: {}]: {}", type, roomId, e.getMessage());
                    return Future.succeededFuture();
                });
    }
}

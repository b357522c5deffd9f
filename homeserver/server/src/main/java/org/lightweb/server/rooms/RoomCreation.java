package org.lightweb.server.rooms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.lightweb.core.ErrCode;
import org.lightweb.core.Json;
import org.lightweb.core.MatrixException;
import org.lightweb.core.Secrets;
import org.lightweb.core.ServerName;
import org.lightweb.core.UserId;
import org.lightweb.federation.protocol.RoomVersion;
import org.lightweb.federation.protocol.StateKey;
import org.lightweb.server.http.Bodies;
import org.lightweb.server.profile.ProfileService;
import org.lightweb.storage.rooms.RoomRepository;

/**
 * POST /createRoom: the initial events in the spec's order (create, creator's join, power levels, canonical
 * alias, preset, initial_state, name and topic, invites), with Synapse's defaults where the spec has none.
 * Invites of other servers' users come after the initial events, one by one through {@link RemoteInvites} (their
 * servers countersign each), as Synapse does; one refused fails the request, the room stays.
 */
public final class RoomCreation {
    /** Invites a user of another server into a room just created (the membership service's invite). */
    @FunctionalInterface
    public interface RemoteInvites {
        Future<Void> invite(UserId sender, String roomId, UserId target, boolean isDirect);
    }

    private final ServerName serverName;
    private final RoomEvents roomEvents;
    private final RoomRepository rooms;
    private final Aliases aliases;
    private final ProfileService profiles;
    private final RoomVersion defaultVersion;
    private final RemoteInvites remoteInvites;
    private final EncryptionByDefault encryptionByDefault;
    private volatile MembershipService.InviteGate inviteGate = (invitee, inviter) -> Future.succeededFuture();

    /** Invite permissions of local invitees (bound late: they need account data). */
    public void setInviteGate(MembershipService.InviteGate gate) {
        this.inviteGate = gate;
    }

    /** Fails with 403 M_INVITE_BLOCKED when local user {@code invitee} does not accept invites from {@code inviter}. */
    public Future<Void> checkInvite(String invitee, String inviter) {
        return inviteGate.check(invitee, inviter);
    }

    /** Which new rooms get an initial m.room.encryption event (config rooms.encryption_by_default). */
    public enum EncryptionByDefault {
        /** Rooms made with the private_chat or trusted_private_chat preset (Synapse's "invite"). */
        INVITE,
        ALL,
        OFF;

        public static EncryptionByDefault of(String configValue) {
            return valueOf(configValue.toUpperCase(Locale.ROOT));
        }

        boolean encrypts(Preset preset) {
            return this == ALL || (this == INVITE && preset != Preset.PUBLIC_CHAT);
        }
    }

    static final String ENCRYPTION = "m.room.encryption";
    /** The megolm algorithm every client supports. */
    static final String MEGOLM = "m.megolm.v1.aes-sha2";

    /** A creation that encrypts no room by default (tests that count a room's first events). */
    public RoomCreation(ServerName serverName, RoomEvents roomEvents, RoomRepository rooms, Aliases aliases,
                        ProfileService profiles, RoomVersion defaultVersion, RemoteInvites remoteInvites) {
        this(serverName, roomEvents, rooms, aliases, profiles, defaultVersion, remoteInvites, EncryptionByDefault.OFF);
    }

    public RoomCreation(ServerName serverName, RoomEvents roomEvents, RoomRepository rooms, Aliases aliases,
                        ProfileService profiles, RoomVersion defaultVersion, RemoteInvites remoteInvites,
                        EncryptionByDefault encryptionByDefault) {
        this.encryptionByDefault = encryptionByDefault;
        this.remoteInvites = remoteInvites;
        this.serverName = serverName;
        this.roomEvents = roomEvents;
        this.rooms = rooms;
        this.aliases = aliases;
        this.profiles = profiles;
        this.defaultVersion = defaultVersion;
    }

    enum Preset { PRIVATE_CHAT, TRUSTED_PRIVATE_CHAT, PUBLIC_CHAT }

    /** Creates the room; answers its ID. */
    public Future<String> create(UserId creator, ObjectNode req) {
        RoomVersion v = version(req);
        String visibility = optEnum(req, "visibility", "private", "public", "private");
        Preset preset = Preset.valueOf(optEnum(req, "preset", visibility.equals("public") ? "public_chat" : "private_chat",
                "private_chat", "trusted_private_chat", "public_chat").toUpperCase(Locale.ROOT));
        List<UserId> invites = userIds(req.get("invite"));
        if (req.hasNonNull("invite_3pid") && req.get("invite_3pid").size() > 0) {
            throw new MatrixException(400, ErrCode.M_UNKNOWN, "invite_3pid needs an identity server, and this server uses none");
        }
        List<UserId> remoteInvitees = invites.stream().filter(u -> !u.isLocalTo(serverName)).distinct().toList();
        // Invite permissions are checked before anything is made: one blocked local invitee refuses the creation (403
        // M_INVITE_BLOCKED), the simplest of the outcomes the spec allows.
        Future<Void> invitable = Future.succeededFuture();
        for (UserId u : invites.stream().filter(u -> u.isLocalTo(serverName)).distinct().toList()) {
            invitable = invitable.compose(x -> inviteGate.check(u.toString(), creator.toString()));
        }
        if (!remoteInvitees.isEmpty() && remoteInvites == null) {
            throw MatrixException.forbidden("Inviting users of other servers needs federation, which this node does not do");
        }
        String aliasName = Bodies.optString(req, "room_alias_name");
        String alias = aliasName == null ? null : aliases.localAlias(aliasName);
        boolean isDirect = Bodies.optBool(req, "is_direct", false);

        Future<Void> aliasFree = invitable.compose(x -> alias == null ? Future.succeededFuture() : aliases.checkFree(alias, creator));
        return aliasFree.compose(x -> profiles.profile(creator).recover(e -> Future.succeededFuture(Json.object())))
                .compose(profile -> {
                    String roomId = v.roomIdIsCreateEventId() ? null : "!" + Secrets.randomString(18) + ":" + serverName.value();
                    List<EventDraft> drafts = drafts(v, creator, req, preset, invites, alias, isDirect, profile);
                    return roomEvents.create(v, roomId, drafts);
                })
                .compose(roomId -> {
                    Future<Void> invited = Future.succeededFuture();
                    for (UserId u : remoteInvitees) {
                        invited = invited.compose(x -> remoteInvites.invite(creator, roomId, u, isDirect));
                    }
                    return invited.map(x -> roomId);
                })
                .compose(roomId -> (alias == null ? Future.<Void>succeededFuture() : aliases.create(alias, roomId, creator))
                        .compose(x -> visibility.equals("public") ? rooms.setPublic(roomId, true) : Future.succeededFuture())
                        .map(x -> roomId));
    }

    private List<EventDraft> drafts(RoomVersion v, UserId creator, ObjectNode req, Preset preset, List<UserId> invites,
                                    String alias, boolean isDirect, ObjectNode profile) {
        List<EventDraft> out = new ArrayList<>();
        ObjectNode create = objectOrEmpty(req, "creation_content").deepCopy();
        if (v.creatorsHaveInfinitePower() && preset == Preset.TRUSTED_PRIVATE_CHAT && !invites.isEmpty()) {
            var extra = create.putArray("additional_creators");
            invites.forEach(u -> extra.add(u.toString()));
        }
        out.add(createEvent(v, creator, create));                                                           // 1
        out.add(joinEvent(creator, profile));                                                               // 2

        Map<String, JsonNode> initial = new LinkedHashMap<>();
        List<EventDraft> initialState = new ArrayList<>();
        JsonNode initialNode = req.get("initial_state");
        if (initialNode != null && !initialNode.isNull()) {
            if (!initialNode.isArray()) throw MatrixException.badJson("initial_state must be an array");
            for (JsonNode e : initialNode) {
                String type = Bodies.string(e, "type");
                String stateKey = e.hasNonNull("state_key") ? Bodies.string(e, "state_key") : "";
                if (!e.path("content").isObject()) throw MatrixException.badJson("initial_state content must be an object");
                if (type.equals(StateKey.CREATE) || type.equals(StateKey.MEMBER)) {
                    throw MatrixException.badJson("initial_state cannot set " + type);
                }
                if (type.equals(CanonicalAliases.TYPE) && stateKey.isEmpty()) {
                    CanonicalAliases.checkForNewRoom(e.get("content"), alias, aliases::isLocal);
                }
                initial.put(type + "\u0000" + stateKey, e.get("content"));
                if (!type.equals(StateKey.POWER_LEVELS)) {
                    initialState.add(EventDraft.state(type, stateKey, creator, ((ObjectNode) e.get("content")).deepCopy()));
                }
            }
        }
        JsonNode plFromInitial = initial.get(StateKey.POWER_LEVELS + "\u0000");
        ObjectNode pl = plFromInitial != null ? ((ObjectNode) plFromInitial).deepCopy()
                : PowerLevelDefaults.forNewRoom(v, creator, preset == Preset.TRUSTED_PRIVATE_CHAT ? invites : List.of(),
                        preset != Preset.PUBLIC_CHAT);
        JsonNode override = req.get("power_level_content_override");
        if (override != null && !override.isNull()) {
            if (!override.isObject()) throw MatrixException.badJson("power_level_content_override must be an object");
            pl.setAll((ObjectNode) override.deepCopy());
        }
        out.add(EventDraft.state(StateKey.POWER_LEVELS, "", creator, pl));                                 // 3

        if (alias != null) {
            out.add(EventDraft.state(CanonicalAliases.TYPE, "", creator, Json.object().put("alias", alias))); // 4
        }
        out.addAll(presetEvents(preset, creator, initial.keySet()));                                         // 5
        out.addAll(initialState);                                                                            // 6
        if (encryptionByDefault.encrypts(preset) && !initial.containsKey(ENCRYPTION + "\u0000")) {
            out.add(EventDraft.state(ENCRYPTION, "", creator, Json.object().put("algorithm", MEGOLM)));
        }
        String name = Bodies.optString(req, "name");                                                         // 7
        if (name != null) out.add(EventDraft.state("m.room.name", "", creator, Json.object().put("name", name)));
        String topic = Bodies.optString(req, "topic");
        if (topic != null) {
            ObjectNode t = Json.object().put("topic", topic);
            t.putObject("m.topic").putArray("m.text").addObject().put("body", topic).put("mimetype", "text/plain");
            out.add(EventDraft.state("m.room.topic", "", creator, t));
        }
        for (UserId invitee : invites) {                                                                     // 8
            if (!invitee.isLocalTo(serverName)) continue;   // invited once the room exists (see create)
            ObjectNode invite = Json.object().put("membership", "invite");
            if (isDirect) invite.put("is_direct", true);
            out.add(EventDraft.state(StateKey.MEMBER, invitee.toString(), creator, invite));
        }
        return out;
    }

    /**
     * The initial events of a room made from another room's state (room upgrades, as Synapse's
     * clone_existing_room does it): create, the creator's join, power levels, the private_chat preset's events for
     * what {@code state} lacks, then {@code state} (no power levels, no members).
     */
    List<EventDraft> initialEvents(RoomVersion v, UserId creator, ObjectNode creationContent, ObjectNode powerLevels,
                                   List<EventDraft> state, ObjectNode profile) {
        List<EventDraft> out = new ArrayList<>();
        out.add(createEvent(v, creator, creationContent));
        out.add(joinEvent(creator, profile));
        out.add(EventDraft.state(StateKey.POWER_LEVELS, "", creator, powerLevels));
        out.addAll(presetEvents(Preset.PRIVATE_CHAT, creator,
                state.stream().map(e -> e.type() + "\u0000" + e.stateKey()).collect(Collectors.toSet())));
        out.addAll(state);
        return out;
    }

    /** m.room.create: {@code content} with the version's room_version and (before v11) creator. */
    private static EventDraft createEvent(RoomVersion v, UserId creator, ObjectNode content) {
        ObjectNode create = content.deepCopy();
        create.remove("room_version");
        if (v.implicitRoomCreator()) create.remove("creator"); else create.put("creator", creator.toString());
        create.put("room_version", v.id());
        return EventDraft.state(StateKey.CREATE, "", creator, create);
    }

    /** The creator's join, with their display name and avatar. */
    private static EventDraft joinEvent(UserId creator, ObjectNode profile) {
        ObjectNode join = Json.object().put("membership", "join");
        if (profile.hasNonNull("displayname")) join.set("displayname", profile.get("displayname"));
        if (profile.hasNonNull("avatar_url")) join.set("avatar_url", profile.get("avatar_url"));
        return EventDraft.state(StateKey.MEMBER, creator.toString(), creator, join);
    }

    /** The preset's join rules, history visibility and guest access, except those in {@code present} (type NUL key). */
    private static List<EventDraft> presetEvents(Preset preset, UserId creator, Set<String> present) {
        List<EventDraft> out = new ArrayList<>();
        String joinRule = preset == Preset.PUBLIC_CHAT ? "public" : "invite";
        if (!present.contains(StateKey.JOIN_RULES + "\u0000")) {
            out.add(EventDraft.state(StateKey.JOIN_RULES, "", creator, Json.object().put("join_rule", joinRule)));
        }
        if (!present.contains(StateKey.HISTORY_VISIBILITY + "\u0000")) {
            out.add(EventDraft.state(StateKey.HISTORY_VISIBILITY, "", creator, Json.object().put("history_visibility", "shared")));
        }
        if (!present.contains("m.room.guest_access\u0000")) {
            out.add(EventDraft.state("m.room.guest_access", "", creator,
                    Json.object().put("guest_access", preset == Preset.PUBLIC_CHAT ? "forbidden" : "can_join")));
        }
        return out;
    }

    private RoomVersion version(ObjectNode req) {
        String asked = Bodies.optString(req, "room_version");
        return asked == null ? defaultVersion : RoomVersions.supported(asked);
    }

    private static String optEnum(JsonNode body, String field, String dflt, String... allowed) {
        String v = Bodies.optString(body, field);
        if (v == null) return dflt;
        for (String a : allowed) if (a.equals(v)) return v;
        throw MatrixException.badJson(field + " must be one of " + String.join(", ", allowed));
    }

    private static ObjectNode objectOrEmpty(JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) return Json.object();
        if (!n.isObject()) throw MatrixException.badJson(field + " must be an object");
        return (ObjectNode) n;
    }

    private static List<UserId> userIds(JsonNode node) {
        List<UserId> out = new ArrayList<>();
        if (node == null || node.isNull()) return out;
        if (!node.isArray()) throw MatrixException.badJson("invite must be an array of user IDs");
        for (JsonNode n : node) {
            UserId u = n.isTextual() ? UserId.parse(n.asText()).orElse(null) : null;
            if (u == null) throw MatrixException.invalidParam("invite contains an invalid user ID: " + n);
            if (!out.contains(u)) out.add(u);
        }
        return out;
    }
}

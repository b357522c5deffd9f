package org.lightweb.federation.protocol;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The room versions this server supports, and what differs between them, as flags read by the protocol code
 * (never compare version strings). See the spec's content/rooms/v10.md, v11.md and v12.md.
 */
public enum RoomVersion {
    V10("10", false, false, false),
    V11("11", true, true, false),
    V12("12", true, true, true);

    /** The version new rooms get unless configured otherwise (the spec advises 11 until 12 is widely deployed). */
    public static final RoomVersion DEFAULT = V11;

    private final String id;
    private final boolean v11Rules;
    private final boolean v11Redaction;
    private final boolean hydra;

    RoomVersion(String id, boolean v11Rules, boolean v11Redaction, boolean hydra) {
        this.id = id;
        this.v11Rules = v11Rules;
        this.v11Redaction = v11Redaction;
        this.hydra = hydra;
    }

    public String id() { return id; }

    public static Optional<RoomVersion> of(String id) {
        return Arrays.stream(values()).filter(v -> v.id.equals(id)).findFirst();
    }

    public static List<RoomVersion> supported() { return List.of(values()); }

    /** v11+: {@code m.room.create} has no {@code creator}; the creator is the create event's sender. */
    public boolean implicitRoomCreator() { return v11Rules; }

    /** v11+: {@code redacts} is a property of a redaction's content, not of the event. */
    public boolean redactsInContent() { return v11Rules; }

    /** v11+: the redaction algorithm of v11 (fewer top-level keys, more content kept). */
    public boolean updatedRedactionRules() { return v11Redaction; }

    /** v12: the room ID is the create event's ID with sigil '!', and names no server. */
    public boolean roomIdIsCreateEventId() { return hydra; }

    /** v12: room creators (create sender + additional_creators) have infinite power. */
    public boolean creatorsHaveInfinitePower() { return hydra; }

    /** v12: {@code m.room.create} may list {@code additional_creators}, who are room creators too (auth rule 1.4). */
    public boolean additionalCreators() { return hydra; }

    /** v12: the create event is never selected into {@code auth_events}. */
    public boolean createEventInAuthEvents() { return !hydra; }

    /** v12: state resolution starts iterative auth checks from empty state and uses the conflicted subgraph. */
    public boolean stateResolutionV21() { return hydra; }

    /** v10+: power level values must be integers (no stringy numbers). */
    public boolean integerOnlyPowerLevels() { return true; }

    /** v10+: the {@code knock_restricted} join rule exists. */
    public boolean knockRestrictedJoinRule() { return true; }

    /** v7+: knocking exists. */
    public boolean knocking() { return true; }

    /** v8+: the {@code restricted} join rule exists. */
    public boolean restrictedJoinRule() { return true; }
}

package org.lightweb.federation.protocol;

/** The key of a piece of room state: (event type, state key). */
public record StateKey(String type, String stateKey) implements Comparable<StateKey> {
    public static final String CREATE = "m.room.create";
    public static final String MEMBER = "m.room.member";
    public static final String POWER_LEVELS = "m.room.power_levels";
    public static final String JOIN_RULES = "m.room.join_rules";
    public static final String THIRD_PARTY_INVITE = "m.room.third_party_invite";
    public static final String HISTORY_VISIBILITY = "m.room.history_visibility";
    public static final String REDACTION = "m.room.redaction";

    public static StateKey of(String type, String stateKey) { return new StateKey(type, stateKey); }

    public static StateKey create() { return new StateKey(CREATE, ""); }

    public static StateKey powerLevels() { return new StateKey(POWER_LEVELS, ""); }

    public static StateKey joinRules() { return new StateKey(JOIN_RULES, ""); }

    public static StateKey member(String userId) { return new StateKey(MEMBER, userId); }

    @Override
    public int compareTo(StateKey o) {
        int c = type.compareTo(o.type);
        return c != 0 ? c : stateKey.compareTo(o.stateKey);
    }
}

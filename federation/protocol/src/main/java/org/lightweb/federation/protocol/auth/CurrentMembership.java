package org.lightweb.federation.protocol.auth;

import org.lightweb.federation.protocol.Pdu;
import org.lightweb.federation.protocol.StateKey;

/** A user's "current membership state": {@code content.membership} of their member event in the state, if any. */
record CurrentMembership(String value) {
    static final String JOIN = "join";
    static final String INVITE = "invite";
    static final String LEAVE = "leave";
    static final String BAN = "ban";
    static final String KNOCK = "knock";

    static CurrentMembership of(AuthState state, String userId) {
        return new CurrentMembership(state.get(StateKey.member(userId)).map(Pdu::membership).orElse(null));
    }

    /** True when the membership is one of {@code memberships}; a user with no member event is none of them. */
    boolean is(String... memberships) {
        for (String m : memberships) if (m.equals(value)) return true;
        return false;
    }

    @Override
    public String toString() { return value == null ? "no membership" : value; }
}

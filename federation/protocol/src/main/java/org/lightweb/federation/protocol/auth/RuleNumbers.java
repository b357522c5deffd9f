package org.lightweb.federation.protocol.auth;

import org.lightweb.federation.protocol.RoomVersion;

/**
 * Rule numbers. The code cites room version 12's list; results carry the number the rule has in the event's own
 * room version, so a reason can be looked up in that version's spec page.
 *
 * <p>Version 12 inserted rule 2 (the room ID names the create event), so every later top-level rule is one higher
 * than in versions 10 and 11. Inside rule 3 it dropped 2.4 ("no m.room.create among the auth events"), and inside
 * rule 10 it inserted 10.4 (creators may not appear in {@code users}). Numbers are the rendered ones: the spec's
 * markdown writes "5." after "3." in rule 3 and "10." for the last item of rule 10, which render as 3.4 and 10.11.
 */
final class RuleNumbers {
    private RuleNumbers() {}

    /** The number, in {@code v}'s list, of the rule numbered {@code v12Rule} in version 12's list. */
    static String inVersion(RoomVersion v, String v12Rule) {
        if (v.roomIdIsCreateEventId()) return v12Rule;
        String[] parts = v12Rule.split("\\.");
        int top = Integer.parseInt(parts[0]);
        if (top == 1) return v12Rule;                                      // rule 1 keeps its number
        if (top == 2) throw new IllegalArgumentException("rule 2 exists from room version 12 on");
        if (top == 3 && parts.length > 1 && parts[1].equals("4")) return "2.5"; // 3.4 was 2.5 (after 2.4)
        if (top == 10 && parts.length > 1) {
            int sub = Integer.parseInt(parts[1]);
            if (sub == 4) throw new IllegalArgumentException("rule 10.4 exists from room version 12 on");
            if (sub > 4) parts[1] = Integer.toString(sub - 1);
        }
        parts[0] = Integer.toString(top - 1);
        return String.join(".", parts);
    }

    static AuthResult allow(RoomVersion v, String v12Rule, String explanation) {
        return AuthResult.allow(inVersion(v, v12Rule), explanation);
    }

    static AuthResult reject(RoomVersion v, String v12Rule, String explanation) {
        return AuthResult.reject(inVersion(v, v12Rule), explanation);
    }
}

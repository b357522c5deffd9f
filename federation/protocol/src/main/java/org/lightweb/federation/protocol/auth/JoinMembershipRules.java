package org.lightweb.federation.protocol.auth;

import static org.lightweb.federation.protocol.auth.CurrentMembership.BAN;
import static org.lightweb.federation.protocol.auth.CurrentMembership.INVITE;
import static org.lightweb.federation.protocol.auth.CurrentMembership.JOIN;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;
import org.lightweb.federation.protocol.Pdu;
import org.lightweb.federation.protocol.RoomVersion;

/** Rule 5.3 (v10/v11: 4.3): {@code membership} is {@code join}. Pure. */
final class JoinMembershipRules {
    private JoinMembershipRules() {}

    static AuthResult check(Pdu event, AuthState state, RoomVersion v) {
        String sender = event.sender();
        String target = event.stateKey().orElseThrow();
        // 5.3.1 If the only previous event is an m.room.create and the state_key is the sender of the m.room.create
        // (v10: the creator), allow.
        Optional<Pdu> create = state.create();
        List<String> prev = event.prevEvents();
        if (create.isPresent() && prev.size() == 1 && prev.get(0).equals(create.get().eventId())
                && Creators.creator(create.get(), v).map(target::equals).orElse(false)) {
            return RuleNumbers.allow(v, "5.3.1", "the creator's first join");
        }
        // 5.3.2 If the sender does not match state_key, reject.
        if (!sender.equals(target)) return RuleNumbers.reject(v, "5.3.2", "cannot join someone else");
        // 5.3.3 If the sender is banned, reject.
        CurrentMembership senderNow = CurrentMembership.of(state, sender);
        if (senderNow.is(BAN)) return RuleNumbers.reject(v, "5.3.3", "sender is banned");
        String joinRule = MembershipRules.joinRule(state);
        switch (joinRule) {
            // 5.3.4 If the join_rule is invite or knock then allow if membership state is invite or join.
            case "invite", "knock" -> {
                if (senderNow.is(INVITE, JOIN)) {
                    return RuleNumbers.allow(v, "5.3.4", "join_rule " + joinRule + " and sender's membership is " + senderNow);
                }
            }
            // 5.3.5 If the join_rule is restricted or knock_restricted:
            case "restricted", "knock_restricted" -> {
                return restricted(event, state, v, senderNow);
            }
            // 5.3.6 If the join_rule is public, allow.
            case "public" -> {
                return RuleNumbers.allow(v, "5.3.6", "join_rule public");
            }
            default -> { }
        }
        // 5.3.7 Otherwise, reject.
        return RuleNumbers.reject(v, "5.3.7", "join_rule " + joinRule + " does not admit a sender whose membership is "
                + senderNow);
    }

    /** 5.3.5: restricted and knock_restricted joins. */
    private static AuthResult restricted(Pdu event, AuthState state, RoomVersion v, CurrentMembership senderNow) {
        // 5.3.5.1 If membership state is join or invite, allow.
        if (senderNow.is(JOIN, INVITE)) {
            return RuleNumbers.allow(v, "5.3.5.1", "restricted room and sender's membership is " + senderNow);
        }
        // 5.3.5.2 If the join_authorised_via_users_server key in content is not a user with sufficient permission to
        // invite other users or is not a joined member of the room, reject.
        JsonNode via = event.content().get("join_authorised_via_users_server");
        if (via == null || !via.isTextual()) {
            return RuleNumbers.reject(v, "5.3.5.2", "restricted join without join_authorised_via_users_server");
        }
        String authoriser = via.asText();
        if (!CurrentMembership.of(state, authoriser).is(JOIN)) {
            return RuleNumbers.reject(v, "5.3.5.2", "authorising user " + authoriser + " is not joined");
        }
        PowerLevels levels = PowerLevels.of(state, v);
        if (levels.user(authoriser) < levels.invite()) {
            return RuleNumbers.reject(v, "5.3.5.2", "authorising user " + authoriser + " may not invite");
        }
        // 5.3.5.3 Otherwise, allow.
        return RuleNumbers.allow(v, "5.3.5.3", "join authorised by " + authoriser);
    }
}

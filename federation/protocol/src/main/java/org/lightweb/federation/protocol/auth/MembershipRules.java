package org.lightweb.federation.protocol.auth;

import static org.lightweb.federation.protocol.auth.CurrentMembership.BAN;
import static org.lightweb.federation.protocol.auth.CurrentMembership.INVITE;
import static org.lightweb.federation.protocol.auth.CurrentMembership.JOIN;
import static org.lightweb.federation.protocol.auth.CurrentMembership.KNOCK;
import static org.lightweb.federation.protocol.auth.CurrentMembership.LEAVE;

import com.fasterxml.jackson.databind.JsonNode;
import org.lightweb.federation.protocol.Pdu;
import org.lightweb.federation.protocol.RoomVersion;
import org.lightweb.federation.protocol.StateKey;

/**
 * Rule 5 (v10/v11: rule 4): {@code m.room.member} events. Joins (5.3) and invites (5.4) have their own classes;
 * leave (5.5), ban (5.6) and knock (5.7) are here. Every path ends in a decision. Pure.
 */
final class MembershipRules {
    private MembershipRules() {}

    static AuthResult check(Pdu event, AuthState state, RoomVersion v, SignatureChecker signatures) {
        String membership = event.membership();
        // 5.1 If there is no state_key property, or no membership property in content, reject.
        if (!event.isState() || membership == null) {
            return RuleNumbers.reject(v, "5.1", "a member event needs a state_key and content.membership");
        }
        // 5.2 If content has a join_authorised_via_users_server key:
        // 5.2.1 If the event is not validly signed by the homeserver of the user ID denoted by the key, reject.
        JsonNode authoriser = event.content().get("join_authorised_via_users_server");
        if (authoriser != null) {
            boolean valid = authoriser.isTextual() && Creators.isValidUserId(authoriser.asText());
            String server = valid ? Creators.domainOf(authoriser.asText()) : null;
            if (server == null || !signatures.isSignedBy(event, server)) {
                return RuleNumbers.reject(v, "5.2.1", "not signed by the server of join_authorised_via_users_server "
                        + authoriser);
            }
        }
        return switch (membership) {
            case JOIN -> JoinMembershipRules.check(event, state, v);      // 5.3
            case INVITE -> InviteMembershipRules.check(event, state, v);  // 5.4
            case LEAVE -> leave(event, state, v);                         // 5.5
            case BAN -> ban(event, state, v);                             // 5.6
            case KNOCK -> knock(event, state, v);                         // 5.7
            // 5.8 Otherwise, the membership is unknown. Reject.
            default -> RuleNumbers.reject(v, "5.8", "unknown membership " + membership);
        };
    }

    /** 5.5 If membership is leave. */
    private static AuthResult leave(Pdu event, AuthState state, RoomVersion v) {
        String sender = event.sender();
        String target = event.stateKey().orElseThrow();
        CurrentMembership senderNow = CurrentMembership.of(state, sender);
        // 5.5.1 If the sender matches state_key, allow if and only if that user's current membership state is
        // invite, join, or knock.
        if (sender.equals(target)) {
            return senderNow.is(INVITE, JOIN, KNOCK)
                    ? RuleNumbers.allow(v, "5.5.1", "leaving from " + senderNow)
                    : RuleNumbers.reject(v, "5.5.1", "cannot leave from " + senderNow);
        }
        // 5.5.2 If the sender's current membership state is not join, reject.
        if (!senderNow.is(JOIN)) return RuleNumbers.reject(v, "5.5.2", "sender is not joined");
        PowerLevels levels = PowerLevels.of(state, v);
        long senderLevel = levels.user(sender);
        // 5.5.3 If the target user's current membership state is ban, and the sender's power level is less than
        // the ban level, reject.
        if (CurrentMembership.of(state, target).is(BAN) && senderLevel < levels.ban()) {
            return RuleNumbers.reject(v, "5.5.3", "sender's power level is below the ban level, so cannot unban");
        }
        // 5.5.4 If the sender's power level is greater than or equal to the kick level, and the target user's power
        // level is less than the sender's power level, allow.
        if (senderLevel >= levels.kick() && levels.user(target) < senderLevel) {
            return RuleNumbers.allow(v, "5.5.4", "sender may kick the target");
        }
        // 5.5.5 Otherwise, reject.
        return RuleNumbers.reject(v, "5.5.5", "sender's power level does not allow kicking the target");
    }

    /** 5.6 If membership is ban. */
    private static AuthResult ban(Pdu event, AuthState state, RoomVersion v) {
        String sender = event.sender();
        // 5.6.1 If the sender's current membership state is not join, reject.
        if (!CurrentMembership.of(state, sender).is(JOIN)) return RuleNumbers.reject(v, "5.6.1", "sender is not joined");
        // 5.6.2 If the sender's power level is greater than or equal to the ban level, and the target user's power
        // level is less than the sender's power level, allow.
        PowerLevels levels = PowerLevels.of(state, v);
        long senderLevel = levels.user(sender);
        if (senderLevel >= levels.ban() && levels.user(event.stateKey().orElseThrow()) < senderLevel) {
            return RuleNumbers.allow(v, "5.6.2", "sender may ban the target");
        }
        // 5.6.3 Otherwise, reject.
        return RuleNumbers.reject(v, "5.6.3", "sender's power level does not allow banning the target");
    }

    /** 5.7 If membership is knock. */
    private static AuthResult knock(Pdu event, AuthState state, RoomVersion v) {
        // 5.7.1 If the join_rule is anything other than knock or knock_restricted, reject.
        String joinRule = joinRule(state);
        if (!joinRule.equals("knock") && !joinRule.equals("knock_restricted")) {
            return RuleNumbers.reject(v, "5.7.1", "join_rule " + joinRule + " does not allow knocking");
        }
        // 5.7.2 If sender does not match state_key, reject.
        if (!event.sender().equals(event.stateKey().orElseThrow())) {
            return RuleNumbers.reject(v, "5.7.2", "cannot knock for someone else");
        }
        // 5.7.3 If the sender's current membership is not ban, invite, or join, allow.
        CurrentMembership senderNow = CurrentMembership.of(state, event.sender());
        if (!senderNow.is(BAN, INVITE, JOIN)) return RuleNumbers.allow(v, "5.7.3", "knocking from " + senderNow);
        // 5.7.4 Otherwise, reject.
        return RuleNumbers.reject(v, "5.7.4", "cannot knock from " + senderNow);
    }

    /**
     * The room's join rule. With no {@code m.room.join_rules} event, or no {@code join_rule} in it, the spec is
     * silent; like Synapse we read it as {@code invite}, the schema's most restrictive rule that still admits invitees.
     */
    static String joinRule(AuthState state) {
        return state.get(StateKey.joinRules())
                .map(e -> e.content().path("join_rule"))
                .filter(JsonNode::isTextual)
                .map(JsonNode::asText)
                .orElse("invite");
    }
}

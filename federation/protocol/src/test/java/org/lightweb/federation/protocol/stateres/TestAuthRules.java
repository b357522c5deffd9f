package org.lightweb.federation.protocol.stateres;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.lightweb.federation.protocol.Pdu;
import org.lightweb.federation.protocol.RoomVersion;
import org.lightweb.federation.protocol.StateKey;

/**
 * A test-only reading of the state-dependent authorisation rules of room versions 10 to 12 (rooms/v12.md "Authorization
 * rules"), numbered as there, enough for the classic state resolution scenarios. Left out: third party invites
 * (5.4.1 rejects), the signature check of {@code join_authorised_via_users_server} (5.2), and the receipt-time
 * checks of the event's own {@code auth_events} (rule 3).
 */
final class TestAuthRules implements AuthCheck {

    @Override
    public boolean allowed(Pdu event, Function<StateKey, Optional<Pdu>> state) {
        RoomVersion version = event.roomVersion();
        if (event.isCreate()) return event.prevEvents().isEmpty();                                        // 1
        Optional<Pdu> create = state.apply(StateKey.create());
        if (create.isEmpty()) return false;                                                                // 2
        if (!create.get().content().path("m.federate").asBoolean(true)
                && !domain(event.sender()).equals(domain(create.get().sender()))) return false;           // 4
        TestPowerLevels power = new TestPowerLevels(version, create.get(), state.apply(StateKey.powerLevels()));
        if (event.isType(StateKey.MEMBER)) return membership(event, state, power, create.get());          // 5
        if (!"join".equals(membershipOf(state, event.sender()))) return false;                            // 6
        if (event.isType(StateKey.THIRD_PARTY_INVITE)) return power.of(event.sender()) >= power.invite(); // 7
        if (power.required(event) > power.of(event.sender())) return false;                               // 8
        String stateKey = event.stateKey().orElse("");
        if (stateKey.startsWith("@") && !stateKey.equals(event.sender())) return false;                   // 9
        if (event.isType(StateKey.POWER_LEVELS)) {                                                         // 10
            return TestPowerLevels.changeAllowed(event, state.apply(StateKey.powerLevels()), power, create.get());
        }
        return true;                                                                                       // 11
    }

    private static boolean membership(Pdu event, Function<StateKey, Optional<Pdu>> state, TestPowerLevels power, Pdu create) {
        String target = event.stateKey().orElse(null);
        String membership = event.membership();
        if (target == null || membership == null) return false;                                           // 5.1
        String sender = event.sender();
        String senderMembership = membershipOf(state, sender);
        String targetMembership = membershipOf(state, target);
        switch (membership) {
            case "join": {                                                                                 // 5.3
                if (event.prevEvents().equals(List.of(create.eventId()))
                        && SenderPower.creators(create, event.roomVersion()).contains(target)) return true; // 5.3.1
                if (!sender.equals(target)) return false;                                                  // 5.3.2
                if ("ban".equals(senderMembership)) return false;                                          // 5.3.3
                String rule = joinRule(state);
                if (rule.equals("invite") || rule.equals("knock")) {                                       // 5.3.4
                    return "invite".equals(senderMembership) || "join".equals(senderMembership);
                }
                if (rule.equals("restricted") || rule.equals("knock_restricted")) {                        // 5.3.5
                    if ("invite".equals(senderMembership) || "join".equals(senderMembership)) return true;
                    String via = event.content().path("join_authorised_via_users_server").asText(null);
                    return via != null && "join".equals(membershipOf(state, via)) && power.of(via) >= power.invite();
                }
                return rule.equals("public");                                                              // 5.3.6, 5.3.7
            }
            case "invite":                                                                                 // 5.4
                if (event.content().has("third_party_invite")) return false;                               // 5.4.1 (not covered)
                if (!"join".equals(senderMembership)) return false;                                        // 5.4.2
                if ("join".equals(targetMembership) || "ban".equals(targetMembership)) return false;       // 5.4.3
                return power.of(sender) >= power.invite();                                                 // 5.4.4, 5.4.5
            case "leave":                                                                                  // 5.5
                if (sender.equals(target)) {                                                               // 5.5.1
                    return "invite".equals(targetMembership) || "join".equals(targetMembership) || "knock".equals(targetMembership);
                }
                if (!"join".equals(senderMembership)) return false;                                        // 5.5.2
                if ("ban".equals(targetMembership) && power.of(sender) < power.ban()) return false;        // 5.5.3
                return power.of(sender) >= power.kick() && power.of(target) < power.of(sender);            // 5.5.4, 5.5.5
            case "ban":                                                                                    // 5.6
                if (!"join".equals(senderMembership)) return false;                                        // 5.6.1
                return power.of(sender) >= power.ban() && power.of(target) < power.of(sender);             // 5.6.2, 5.6.3
            case "knock": {                                                                                // 5.7
                String rule = joinRule(state);
                if (!rule.equals("knock") && !rule.equals("knock_restricted")) return false;               // 5.7.1
                if (!sender.equals(target)) return false;                                                  // 5.7.2
                return !"ban".equals(senderMembership) && !"invite".equals(senderMembership)
                        && !"join".equals(senderMembership);                                               // 5.7.3, 5.7.4
            }
            default:
                return false;                                                                              // 5.8
        }
    }

    static String membershipOf(Function<StateKey, Optional<Pdu>> state, String user) {
        return state.apply(StateKey.member(user)).map(Pdu::membership).orElse("leave");
    }

    /** The current join rule; with no {@code m.room.join_rules} event nobody can join uninvited (as Synapse reads it). */
    private static String joinRule(Function<StateKey, Optional<Pdu>> state) {
        return state.apply(StateKey.joinRules()).map(e -> e.content().path("join_rule").asText("invite")).orElse("invite");
    }

    private static String domain(String userId) {
        return userId.substring(userId.indexOf(':') + 1);
    }
}

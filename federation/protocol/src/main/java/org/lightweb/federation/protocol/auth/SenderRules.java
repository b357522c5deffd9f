package org.lightweb.federation.protocol.auth;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import org.lightweb.federation.protocol.Pdu;
import org.lightweb.federation.protocol.RoomVersion;

/**
 * Rules about who the sender is: 4 (m.federate), 6 (the sender is joined) and 7 (m.room.third_party_invite),
 * numbered 3, 5 and 6 in v10/v11. Pure.
 */
final class SenderRules {
    private SenderRules() {}

    /**
     * 4. If the content of the m.room.create event in the room state has the property m.federate set to false, and
     * the sender domain of the event does not match the sender domain of the create event, reject.
     */
    static Optional<AuthResult> checkFederation(Pdu event, Pdu create, RoomVersion v) {
        JsonNode federate = create.content().get("m.federate");
        boolean unfederated = federate != null && federate.isBoolean() && !federate.booleanValue();
        if (unfederated && !Creators.domainOf(event.sender()).equals(Creators.domainOf(create.sender()))) {
            return Optional.of(RuleNumbers.reject(v, "4", "the room is not federated and the sender is from "
                    + Creators.domainOf(event.sender())));
        }
        return Optional.empty();
    }

    /** 6. If the sender's current membership state is not join, reject. */
    static Optional<AuthResult> checkSenderJoined(Pdu event, AuthState state, RoomVersion v) {
        CurrentMembership senderNow = CurrentMembership.of(state, event.sender());
        if (!senderNow.is(CurrentMembership.JOIN)) {
            return Optional.of(RuleNumbers.reject(v, "6", "sender's membership is " + senderNow + ", not join"));
        }
        return Optional.empty();
    }

    /**
     * 7. If type is m.room.third_party_invite:
     * 7.1 Allow if and only if sender's current power level is greater than or equal to the invite level.
     */
    static AuthResult checkThirdPartyInvite(Pdu event, AuthState state, RoomVersion v) {
        PowerLevels levels = PowerLevels.of(state, v);
        return levels.user(event.sender()) >= levels.invite()
                ? RuleNumbers.allow(v, "7.1", "sender may invite")
                : RuleNumbers.reject(v, "7.1", "sender's power level is below the invite level");
    }
}

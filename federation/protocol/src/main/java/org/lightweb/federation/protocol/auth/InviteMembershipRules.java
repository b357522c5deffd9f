package org.lightweb.federation.protocol.auth;

import static org.lightweb.federation.protocol.auth.CurrentMembership.BAN;
import static org.lightweb.federation.protocol.auth.CurrentMembership.JOIN;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.lightweb.federation.protocol.Base64s;
import org.lightweb.federation.protocol.JsonSigning;
import org.lightweb.federation.protocol.Pdu;
import org.lightweb.federation.protocol.RoomVersion;
import org.lightweb.federation.protocol.StateKey;

/** Rule 5.4 (v10/v11: 4.4): {@code membership} is {@code invite}, third-party invites included. Pure. */
final class InviteMembershipRules {
    private InviteMembershipRules() {}

    static AuthResult check(Pdu event, AuthState state, RoomVersion v) {
        String target = event.stateKey().orElseThrow();
        // 5.4.1 If content has a third_party_invite property:
        if (event.content().has("third_party_invite")) return thirdParty(event, state, v, target);
        // 5.4.2 If the sender's current membership state is not join, reject.
        if (!CurrentMembership.of(state, event.sender()).is(JOIN)) {
            return RuleNumbers.reject(v, "5.4.2", "sender is not joined");
        }
        // 5.4.3 If target user's current membership state is join or ban, reject.
        CurrentMembership targetNow = CurrentMembership.of(state, target);
        if (targetNow.is(JOIN, BAN)) return RuleNumbers.reject(v, "5.4.3", "target's membership is " + targetNow);
        // 5.4.4 If the sender's power level is greater than or equal to the invite level, allow.
        PowerLevels levels = PowerLevels.of(state, v);
        if (levels.user(event.sender()) >= levels.invite()) return RuleNumbers.allow(v, "5.4.4", "sender may invite");
        // 5.4.5 Otherwise, reject.
        return RuleNumbers.reject(v, "5.4.5", "sender's power level is below the invite level");
    }

    /** 5.4.1: an invite that redeems an {@code m.room.third_party_invite}. */
    private static AuthResult thirdParty(Pdu event, AuthState state, RoomVersion v, String target) {
        // 5.4.1.1 If target user is banned, reject.
        if (CurrentMembership.of(state, target).is(BAN)) return RuleNumbers.reject(v, "5.4.1.1", "target is banned");
        // 5.4.1.2 If content.third_party_invite does not have a signed property, reject.
        JsonNode signed = event.content().path("third_party_invite").get("signed");
        if (signed == null || !signed.isObject()) {
            return RuleNumbers.reject(v, "5.4.1.2", "third_party_invite has no signed object");
        }
        // 5.4.1.3 If signed does not have mxid and token properties, reject.
        JsonNode mxid = signed.get("mxid");
        JsonNode token = signed.get("token");
        if (mxid == null || !mxid.isTextual() || token == null || !token.isTextual()) {
            return RuleNumbers.reject(v, "5.4.1.3", "signed needs mxid and token");
        }
        // 5.4.1.4 If mxid does not match state_key, reject.
        if (!mxid.asText().equals(target)) return RuleNumbers.reject(v, "5.4.1.4", "signed.mxid is not the state_key");
        // 5.4.1.5 If there is no m.room.third_party_invite event in the current room state with state_key matching
        // token, reject.
        Optional<Pdu> invite = state.get(StateKey.of(StateKey.THIRD_PARTY_INVITE, token.asText()));
        if (invite.isEmpty()) {
            return RuleNumbers.reject(v, "5.4.1.5", "no m.room.third_party_invite for token " + token.asText());
        }
        // 5.4.1.6 If sender does not match sender of the m.room.third_party_invite, reject.
        if (!event.sender().equals(invite.get().sender())) {
            return RuleNumbers.reject(v, "5.4.1.6", "sender did not send the m.room.third_party_invite");
        }
        // 5.4.1.7 If any signature in signed matches any public key in the m.room.third_party_invite event, allow.
        if (signedByAnyOf(signed, publicKeys(invite.get()))) {
            return RuleNumbers.allow(v, "5.4.1.7", "signed by a key of the third-party invite");
        }
        // 5.4.1.8 Otherwise, reject.
        return RuleNumbers.reject(v, "5.4.1.8", "no signature in signed matches the third-party invite's keys");
    }

    /** 5.4.1.7.1 a single public key in public_key; 5.4.1.7.2 a list of public keys in public_keys. */
    private static List<String> publicKeys(Pdu invite) {
        List<String> keys = new ArrayList<>();
        JsonNode one = invite.content().get("public_key");
        if (one != null && one.isTextual()) keys.add(one.asText());
        for (JsonNode k : invite.content().path("public_keys")) {
            JsonNode key = k.get("public_key");
            if (key != null && key.isTextual()) keys.add(key.asText());
        }
        return keys;
    }

    /** True when any ed25519 signature in {@code signed.signatures}, by any entity, verifies under any key. */
    private static boolean signedByAnyOf(JsonNode signed, List<String> publicKeys) {
        JsonNode signatures = signed.path("signatures");
        for (String publicKey : publicKeys) {
            byte[] key;
            try {
                key = Base64s.decode(publicKey);
            } catch (IllegalArgumentException notBase64) {
                continue;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = signatures.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entity = it.next();
                for (Iterator<String> ids = entity.getValue().fieldNames(); ids.hasNext(); ) {
                    String keyId = ids.next();
                    if (JsonSigning.verify(signed, entity.getKey(), Map.of(keyId, key))) return true;
                }
            }
        }
        return false;
    }
}

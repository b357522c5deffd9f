package org.lightweb.federation.protocol.auth;

import java.util.Objects;
import java.util.Optional;
import org.lightweb.federation.protocol.Pdu;
import org.lightweb.federation.protocol.RoomVersion;
import org.lightweb.federation.protocol.StateKey;

/**
 * The authorisation rules of room versions 10, 11 and 12 (content/rooms/v10.md, v11.md, v12.md). The code cites
 * version 12's numbers; results carry the number the rule has in the event's version ({@link RuleNumbers}).
 *
 * <p>Not checked here, because the spec puts them elsewhere or they need I/O: that events are signed by the
 * sender's server and their hashes match (checks 2 and 3 on receipt of a PDU), and whether an auth event was
 * itself rejected (the caller answers through {@link AuthState#isRejected}). Pure, given a pure
 * {@link SignatureChecker}; the checker's keys must be loaded before the rules run.
 */
public final class AuthRules {
    private final SignatureChecker signatures;

    public AuthRules(SignatureChecker signatures) {
        this.signatures = Objects.requireNonNull(signatures);
    }

    /** Every rule: the ones about the event's own auth events (1-3), then the ones against the state (4-11). */
    public AuthResult check(Pdu event, AuthState auth, RoomVersion v) {
        if (event.isType(StateKey.CREATE)) return CreateRules.check(event, v);                   // 1
        Optional<AuthResult> authEvents = AuthEventRules.check(event, auth, v);                    // 2, 3
        if (authEvents.isPresent()) return authEvents.get();
        return checkAgainstState(event, auth, v);
    }

    /**
     * Rule 1 and rules 4-11 (v10/v11: 3-10): what the state decides. For checks where the event's own auth events
     * were checked already, e.g. against the current state (soft failure) or in state resolution's iterative auth
     * checks. {@link AuthState#authEvents} is not read.
     */
    public AuthResult checkAgainstState(Pdu event, AuthState state, RoomVersion v) {
        if (event.isType(StateKey.CREATE)) return CreateRules.check(event, v);                   // 1
        Optional<Pdu> create = state.create();
        if (create.isEmpty()) {
            // Without a create event there is no room: rule 2 (v10/v11: 2.4) rejects such an event anyway.
            return v.roomIdIsCreateEventId() ? AuthResult.reject("2", "no create event for room " + event.roomId())
                                             : AuthResult.reject("2.4", "no m.room.create event");
        }
        Optional<AuthResult> federation = SenderRules.checkFederation(event, create.get(), v);    // 4
        if (federation.isPresent()) return federation.get();
        if (event.isType(StateKey.MEMBER)) return MembershipRules.check(event, state, v, signatures); // 5
        Optional<AuthResult> joined = SenderRules.checkSenderJoined(event, state, v);             // 6
        if (joined.isPresent()) return joined.get();
        if (event.isType(StateKey.THIRD_PARTY_INVITE)) return SenderRules.checkThirdPartyInvite(event, state, v); // 7
        Optional<AuthResult> level = PowerLevelRules.checkRequiredLevel(event, state, v);         // 8
        if (level.isPresent()) return level.get();
        Optional<AuthResult> owner = PowerLevelRules.checkStateKeyOwner(event, v);                // 9
        if (owner.isPresent()) return owner.get();
        if (event.isType(StateKey.POWER_LEVELS)) return PowerLevelRules.checkPowerLevelsEvent(event, state, v); // 10
        return RuleNumbers.allow(v, "11", "no rule rejects it");                                  // 11
    }
}

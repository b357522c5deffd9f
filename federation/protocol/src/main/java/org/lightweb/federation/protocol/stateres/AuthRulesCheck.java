package org.lightweb.federation.protocol.stateres;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.lightweb.federation.protocol.Pdu;
import org.lightweb.federation.protocol.StateKey;
import org.lightweb.federation.protocol.auth.AuthRules;
import org.lightweb.federation.protocol.auth.AuthState;

/**
 * The room's real authorisation rules as state resolution's {@link AuthCheck}: the iterative auth checks read the
 * partially resolved state, so only the rules against state run ({@link AuthRules#checkAgainstState}); the checks
 * of an event's own auth events were made when it was received.
 */
public final class AuthRulesCheck implements AuthCheck {
    private final AuthRules rules;

    public AuthRulesCheck(AuthRules rules) {
        this.rules = rules;
    }

    @Override
    public boolean allowed(Pdu event, Function<StateKey, Optional<Pdu>> state) {
        AuthState view = new AuthState() {
            @Override public Optional<Pdu> get(StateKey key) { return state.apply(key); }
            @Override public Optional<Pdu> create() { return state.apply(StateKey.create()); }
            @Override public List<Pdu> authEvents() { return List.of(); }
            @Override public boolean isRejected(String eventId) { return false; }
        };
        return rules.checkAgainstState(event, view, event.roomVersion()).allowed();
    }
}

package org.lightweb.federation.protocol.stateres;

import java.util.Optional;
import java.util.function.Function;
import org.lightweb.federation.protocol.Pdu;
import org.lightweb.federation.protocol.StateKey;

/**
 * The room's authorisation rules as the "iterative auth checks" step applies them: may {@code event} be applied to
 * the partially resolved state? Only the state-dependent rules belong here; the checks of the event's own
 * {@code auth_events} (duplicates, selection, rejected auth events) were made when the event was received.
 *
 * <p>{@code state} answers each {@code (event_type, state_key)} the rules need to look at (the create event, power
 * levels, join rules, the sender's and target's memberships, ...): from the partially resolved state, falling back
 * to the event's own non-rejected {@code auth_events}, as the spec says. The room version is the event's
 * ({@link Pdu#roomVersion()}).
 */
@FunctionalInterface
public interface AuthCheck {
    boolean allowed(Pdu event, Function<StateKey, Optional<Pdu>> state);
}

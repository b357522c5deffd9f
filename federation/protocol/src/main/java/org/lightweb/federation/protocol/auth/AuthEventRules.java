package org.lightweb.federation.protocol.auth;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.lightweb.federation.protocol.Pdu;
import org.lightweb.federation.protocol.RoomVersion;
import org.lightweb.federation.protocol.StateKey;

/**
 * Rule 2 (v12 only: the room ID names an accepted create event) and rule 3 (v10/v11: rule 2): the event's own
 * {@code auth_events}. These do not depend on the state the event is checked against. Each sub-rule looks at every
 * entry before the next sub-rule runs, so the first failing rule in the spec's order is the one reported. Pure.
 */
final class AuthEventRules {
    private AuthEventRules() {}

    /** Empty when the event passes; a rejection otherwise. */
    static Optional<AuthResult> check(Pdu event, AuthState auth, RoomVersion v) {
        if (v.roomIdIsCreateEventId()) {
            Optional<AuthResult> r = checkRoomIdNamesCreate(event, auth);
            if (r.isPresent()) return r;
        }
        return checkAuthEvents(event, auth, v);
    }

    /** 2. If the room_id is not the ID of an accepted m.room.create event, with sigil '!' for '$', reject. */
    private static Optional<AuthResult> checkRoomIdNamesCreate(Pdu event, AuthState auth) {
        Optional<Pdu> create = auth.create();
        if (create.isEmpty()) return reject("2", "the create event the room ID names was not given");
        Pdu c = create.get();
        if (!c.isCreate() || !("!" + c.eventId().substring(1)).equals(event.roomId())) {
            return reject("2", "room_id " + event.roomId() + " is not the ID of the create event " + c.eventId());
        }
        if (auth.isRejected(c.eventId())) return reject("2", "the create event " + c.eventId() + " was rejected");
        return Optional.empty();
    }

    private static Optional<AuthResult> checkAuthEvents(Pdu event, AuthState auth, RoomVersion v) {
        List<Pdu> entries = resolve(event, auth);
        // 3.1 If there are duplicate entries for a given type and state_key pair, reject.
        Set<StateKey> seen = new HashSet<>();
        for (Pdu e : entries) {
            if (e.isState() && !seen.add(e.stateTuple())) {
                return reject(v, "3.1", "auth_events has more than one " + e.stateTuple());
            }
        }
        // 3.2 If there are entries whose type and state_key don't match those specified by the auth events
        // selection algorithm, reject. (v12: m.room.create must not be selected.)
        Set<StateKey> selected = AuthEventsSelection.select(event, v);
        for (Pdu e : entries) {
            if (!e.isState() || !selected.contains(e.stateTuple())) {
                return reject(v, "3.2", "auth event " + e + " is not one the auth events selection picks");
            }
        }
        // 3.3 If there are entries which were themselves rejected on receipt, reject.
        for (Pdu e : entries) {
            if (auth.isRejected(e.eventId())) return reject(v, "3.3", "auth event " + e.eventId() + " was rejected");
        }
        // 2.4 (v10/v11 only) If there is no m.room.create event among the entries, reject.
        if (v.createEventInAuthEvents() && entries.stream().noneMatch(Pdu::isCreate)) {
            return Optional.of(AuthResult.reject("2.4", "auth_events has no m.room.create event"));
        }
        // 3.4 (v10/v11: 2.5) If any event in auth_events has a room_id which does not match that of the event
        // being authorised, reject.
        for (Pdu e : entries) {
            if (!Objects.equals(e.roomId(), event.roomId())) {
                return reject(v, "3.4", "auth event " + e.eventId() + " is in room " + e.roomId());
            }
        }
        return Optional.empty();
    }

    /** The listed auth events, in order. Loading them is the caller's job; a missing one is a caller bug. */
    private static List<Pdu> resolve(Pdu event, AuthState auth) {
        Map<String, Pdu> byId = new HashMap<>();
        for (Pdu e : auth.authEvents()) byId.put(e.eventId(), e);
        List<Pdu> out = new ArrayList<>();
        for (String id : event.authEvents()) {
            Pdu e = byId.get(id);
            if (e == null) throw new IllegalArgumentException("auth event " + id + " of " + event.eventId() + " was not given");
            out.add(e);
        }
        return out;
    }

    private static Optional<AuthResult> reject(String rule, String why) {
        return Optional.of(AuthResult.reject(rule, why));
    }

    private static Optional<AuthResult> reject(RoomVersion v, String v12Rule, String why) {
        return Optional.of(RuleNumbers.reject(v, v12Rule, why));
    }
}

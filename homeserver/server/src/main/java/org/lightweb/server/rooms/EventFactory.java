package org.lightweb.server.rooms;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.lightweb.core.Clock;
import org.lightweb.core.ErrCode;
import org.lightweb.core.Json;
import org.lightweb.core.MatrixException;
import org.lightweb.core.ServerName;
import org.lightweb.federation.protocol.CanonicalJson;
import org.lightweb.federation.protocol.JsonSigning;
import org.lightweb.federation.protocol.Pdu;
import org.lightweb.federation.protocol.RoomVersion;
import org.lightweb.federation.protocol.SigningKey;
import org.lightweb.federation.protocol.StateKey;
import org.lightweb.federation.protocol.auth.AuthEventsSelection;
import org.lightweb.federation.protocol.auth.AuthResult;
import org.lightweb.federation.protocol.auth.AuthRules;
import org.lightweb.federation.protocol.auth.AuthState;

/**
 * Turns a draft into a signed PDU of a room version, placed after the given prev_events, with the auth events
 * the spec selects, and checks it against the auth rules. Pure apart from the clock: the caller supplies the
 * state the event builds on.
 */
public final class EventFactory {
    /** The spec's limit on a PDU: 65,536 bytes of canonical JSON. */
    public static final int MAX_PDU_BYTES = 65_536;
    static final int MAX_PREV_EVENTS = 10;

    private final ServerName serverName;
    private final SigningKey key;
    private final AuthRules authRules;
    private final Clock clock;

    public EventFactory(ServerName serverName, SigningKey key, AuthRules authRules, Clock clock) {
        this.serverName = serverName;
        this.key = key;
        this.authRules = authRules;
        this.clock = clock;
    }

    /** The state keys the auth rules and auth-event selection need for {@code draft}. */
    public Set<StateKey> neededState(EventDraft draft, RoomVersion v) {
        Set<StateKey> keys = new TreeSet<>(AuthEventsSelection.select(draft.type(), draft.stateKey(),
                draft.sender().toString(), draft.content(), v));
        keys.add(StateKey.create());
        return keys;
    }

    /**
     * Builds, signs and authorises an event.
     *
     * @param roomId     null only for a v12 create event (whose ID becomes the room ID)
     * @param state      the room state before the event, at least the keys of {@link #neededState}
     * @param prevEvents the events it follows, with their depths
     */
    public Pdu build(RoomVersion v, String roomId, EventDraft draft, Map<StateKey, Pdu> state, Map<String, Long> prevEvents) {
        ObjectNode json = Json.object();
        boolean create = draft.type().equals(StateKey.CREATE) && "".equals(draft.stateKey());
        if (roomId != null && !(create && v.roomIdIsCreateEventId())) json.put("room_id", roomId);
        json.put("type", draft.type());
        if (draft.stateKey() != null) json.put("state_key", draft.stateKey());
        json.put("sender", draft.sender().toString());
        ObjectNode content = draft.content().deepCopy();
        if (draft.redacts() != null && v.redactsInContent()) content.put("redacts", draft.redacts());
        json.set("content", content);
        if (draft.redacts() != null && !v.redactsInContent()) json.put("redacts", draft.redacts());
        json.put("origin_server_ts", draft.originServerTs() != null ? draft.originServerTs() : clock.millis());

        List<Map.Entry<String, Long>> prev = new ArrayList<>(prevEvents.entrySet());
        prev.sort(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        if (prev.size() > MAX_PREV_EVENTS) prev = prev.subList(0, MAX_PREV_EVENTS);
        ArrayNode prevIds = json.putArray("prev_events");
        long depth = 0;
        for (Map.Entry<String, Long> p : prev) {
            prevIds.add(p.getKey());
            depth = Math.max(depth, p.getValue());
        }
        json.put("depth", Math.min(depth + 1, CanonicalJson.MAX_SAFE_INTEGER));

        List<Pdu> authEvents = new ArrayList<>();
        ArrayNode authIds = json.putArray("auth_events");
        if (!create) {
            for (StateKey k : AuthEventsSelection.select(draft.type(), draft.stateKey(), draft.sender().toString(),
                    draft.content(), v)) {
                Pdu e = state.get(k);
                if (e != null) {
                    authEvents.add(e);
                    authIds.add(e.eventId());
                }
            }
        }
        try {
            JsonSigning.hashAndSignEvent(json, v, serverName.value(), key);
        } catch (CanonicalJson.InvalidJsonException e) {   // a float, or a string no UTF-8 can carry
            throw MatrixException.badJson("Event content is not canonical JSON: " + e.getMessage());
        }
        if (CanonicalJson.encode(json).length > MAX_PDU_BYTES) {
            throw MatrixException.tooLarge("Event is larger than " + MAX_PDU_BYTES + " bytes");
        }
        Pdu pdu = Pdu.of(json, v);
        AuthResult result = create ? authRules.check(pdu, AuthState.of(pdu, Map.of(), List.of(), Set.of()), v)
                : authRules.check(pdu, AuthState.of(state.get(StateKey.create()), state, authEvents, Set.of()), v);
        if (result.rejected()) throw forbidden(result);
        return pdu;
    }

    /** The auth rules' refusal as a client sees it: 403 M_FORBIDDEN, saying which rule. */
    static MatrixException forbidden(AuthResult result) {
        return new MatrixException(403, ErrCode.M_FORBIDDEN, "Not allowed by the room's rules (" + result.reason() + ")");
    }
}

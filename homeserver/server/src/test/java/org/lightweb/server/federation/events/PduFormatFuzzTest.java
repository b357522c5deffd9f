package org.lightweb.server.federation.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import org.lightweb.federation.protocol.CanonicalJson;
import org.lightweb.federation.protocol.EventHashes;
import org.lightweb.federation.protocol.Pdu;
import org.lightweb.federation.protocol.Redaction;
import org.lightweb.federation.protocol.RoomVersion;

/**
 * Check 1 on receipt of a PDU under hostile events (issue #15): {@link PduFormat#problem} never throws, and an event
 * it lets through can be read by everything after it (event ID, redaction, content hash, required signers, the
 * accessors) without an exception, within the limits (20 prev_events, 10 auth_events, depth and timestamps in the
 * canonical integer range). The event is a valid template with fuzzed fields, or any JSON object.
 */
class PduFormatFuzzTest {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final String[] FIELDS = {"room_id", "sender", "type", "state_key", "content", "depth", "origin_server_ts",
            "hashes", "signatures", "prev_events", "auth_events", "redacts", "unsigned", "origin", "event_id"};

    @FuzzTest(maxDuration = "20s")
    void problemShouldNeverThrowAndPassOnlyReadableEventsWhenPduIsFuzzed(FuzzedDataProvider data) {
        RoomVersion v = data.pickValue(RoomVersion.values());
        ObjectNode pdu;
        if (data.consumeBoolean()) {
            pdu = template();
            int edits = data.consumeInt(1, 4);
            for (int i = 0; i < edits; i++) {
                String field = data.pickValue(FIELDS);
                if (data.consumeInt(0, 5) == 0) pdu.remove(field);
                else pdu.set(field, value(data));
            }
        } else {
            JsonNode any;
            try {
                any = CanonicalJson.parse(data.consumeRemainingAsString());
            } catch (CanonicalJson.InvalidJsonException e) {
                return;
            }
            if (!any.isObject()) return;
            pdu = (ObjectNode) any;
        }

        String problem = PduFormat.problem(pdu, v);
        if (problem != null) return;

        Pdu p = Pdu.of(pdu.deepCopy(), v);
        assertThat(p.eventId()).startsWith("$");
        assertThat(p.sender()).contains(":");
        assertThat(p.type()).isNotNull();
        assertThat(p.prevEvents()).hasSizeLessThanOrEqualTo(PduFormat.MAX_PREV_EVENTS);
        assertThat(p.authEvents()).hasSizeLessThanOrEqualTo(PduFormat.MAX_AUTH_EVENTS);
        assertThat(p.depth()).isBetween(0L, CanonicalJson.MAX_SAFE_INTEGER);
        assertThat(PduChecks.requiredSigners(p)).isNotEmpty();
        p.roomId();
        p.redacts();
        p.membership();
        if (p.isState()) p.stateTuple();
        Redaction.redact(p.json(), v);
        EventHashes.contentHashMatches(p.json());
    }

    private static ObjectNode template() {
        ObjectNode e = JSON.objectNode();
        e.put("room_id", "!room:a.example").put("sender", "@alice:a.example").put("type", "m.room.message");
        e.putObject("content").put("body", "hi");
        e.put("depth", 5).put("origin_server_ts", 1_700_000_000_000L);
        e.putObject("hashes").put("sha256", "aGFzaA");
        e.putObject("signatures").putObject("a.example").put("ed25519:1", "c2ln");
        e.putArray("prev_events").add("$prev");
        e.putArray("auth_events").add("$create").add("$power");
        return e;
    }

    private static JsonNode value(FuzzedDataProvider data) {
        return switch (data.consumeInt(0, 8)) {
            case 0 -> JSON.numberNode(data.consumeLong());
            case 1 -> JSON.numberNode(BigInteger.TWO.pow(data.consumeInt(53, 70)).subtract(BigInteger.valueOf(data.consumeInt(-2, 2))));
            case 2 -> JSON.textNode(data.consumeString(40));
            case 3 -> JSON.textNode(data.pickValue(new String[] {"!r:a.example", "@bob:b.example", "@nocolon", "$e", "", "m.room.member"}));
            case 4 -> {
                ArrayNode a = JSON.arrayNode();
                int n = data.consumeInt(0, 40);
                for (int i = 0; i < n; i++) a.add(data.consumeBoolean() ? "$e" + i : data.consumeString(5));
                yield a;
            }
            case 5 -> JSON.objectNode().put(data.consumeString(10), data.consumeString(10));
            case 6 -> JSON.nullNode();
            case 7 -> JSON.booleanNode(data.consumeBoolean());
            default -> JSON.numberNode(data.consumeDouble());
        };
    }
}

package org.lightweb.federation.protocol.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.EnumMap;
import java.util.Map;
import org.lightweb.federation.protocol.CanonicalJson;
import org.lightweb.federation.protocol.Pdu;
import org.lightweb.federation.protocol.RoomVersion;
import org.lightweb.federation.protocol.StateKey;

/**
 * The auth rules under hostile events (issue #15): an event of any type, sender, state key and content, against a
 * standard room, gets an {@link AuthResult}, the same one each time; nothing escapes (no NPE, ClassCastException or
 * NumberFormatException from content of the wrong JSON type). Seeds in {@code AuthRulesFuzzTestInputs}.
 */
class AuthRulesFuzzTest {
    private static final String[] USERS = {TestRoom.ALICE, TestRoom.BOB, TestRoom.CAROL, TestRoom.DAVE, "@eve:e.example", "@x"};
    private static final String[] TYPES = {StateKey.MEMBER, StateKey.POWER_LEVELS, StateKey.JOIN_RULES, StateKey.CREATE,
            StateKey.THIRD_PARTY_INVITE, "m.room.message", "m.room.redaction", "m.room.topic", "m.room.server_acl", ""};
    private static final String[] KEYS = {"membership", "users", "users_default", "events", "events_default", "state_default",
            "ban", "kick", "redact", "invite", "notifications", "join_rule", "allow", "join_authorised_via_users_server",
            "third_party_invite", "creator", "room_version", "additional_creators", "room", "signed", "mxid", "token"};
    private static final String[] WORDS = {"join", "leave", "invite", "ban", "knock", "public", "restricted",
            "knock_restricted", "private", TestRoom.ALICE, TestRoom.BOB, "@eve:e.example", "", "10", "1.5", "-1"};
    private static final Map<RoomVersion, TestRoom> ROOMS = new EnumMap<>(RoomVersion.class);

    private static synchronized TestRoom room(RoomVersion v) {
        return ROOMS.computeIfAbsent(v, TestRoom::standard);
    }

    @FuzzTest(maxDuration = "20s")
    void checkShouldAnswerTheSameResultWhenEventIsFuzzed(FuzzedDataProvider data) {
        RoomVersion v = data.pickValue(RoomVersion.values());
        TestRoom room = room(v);
        String sender = data.pickValue(USERS);
        String type = data.pickValue(TYPES);
        String stateKey = switch (data.consumeInt(0, 3)) {
            case 0 -> null;
            case 1 -> "";
            case 2 -> data.pickValue(USERS);
            default -> data.consumeString(40);
        };
        ObjectNode content = TestRoom.JSON.objectNode();
        int fields = data.consumeInt(0, 6);
        for (int i = 0; i < fields; i++) content.set(data.pickValue(KEYS), value(data, 2));
        Pdu event;
        try {
            event = room.event(sender, type, stateKey).content(content).build();
        } catch (CanonicalJson.InvalidJsonException notAnEvent) {
            return;   // a string no UTF-8 can carry: never an event (PduFormat drops it)
        }

        AuthResult result = room.check(event);

        assertThat(result).isNotNull();
        assertThat(result.rule()).isNotNull();
        assertThat(room.check(event)).isEqualTo(result);
    }

    /** A JSON value of a fuzzed type: the rules must cope with a string where they expect a number, and so on. */
    private static JsonNode value(FuzzedDataProvider data, int depth) {
        return switch (data.consumeInt(0, depth > 0 ? 7 : 4)) {
            case 0 -> TestRoom.JSON.numberNode(data.consumeLong(CanonicalJson.MIN_SAFE_INTEGER, CanonicalJson.MAX_SAFE_INTEGER));
            case 1 -> TestRoom.JSON.textNode(data.pickValue(WORDS));
            case 2 -> TestRoom.JSON.booleanNode(data.consumeBoolean());
            case 3 -> TestRoom.JSON.nullNode();
            case 4 -> TestRoom.JSON.textNode(data.consumeString(20));
            case 5 -> {
                ObjectNode o = TestRoom.JSON.objectNode();
                int n = data.consumeInt(0, 3);
                for (int i = 0; i < n; i++) o.set(data.consumeBoolean() ? data.pickValue(WORDS) : data.pickValue(KEYS), value(data, depth - 1));
                yield o;
            }
            case 6 -> {
                ArrayNode a = TestRoom.JSON.arrayNode();
                int n = data.consumeInt(0, 3);
                for (int i = 0; i < n; i++) a.add(value(data, depth - 1));
                yield a;
            }
            default -> TestRoom.JSON.numberNode(data.consumeInt(-200, 200));
        };
    }
}

package org.lightweb.federation.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class RedactionTest {
    private static ObjectNode event(String type, String content) {
        return (ObjectNode) CanonicalJson.parse("""
                {"type": "%s", "room_id": "!r:x", "sender": "@a:x", "state_key": "", "origin": "x", "membership": "join",
                 "prev_state": [], "origin_server_ts": 1, "depth": 1, "prev_events": [], "auth_events": [],
                 "hashes": {"sha256": "h"}, "signatures": {}, "unsigned": {"age": 1}, "extra": true, "content": %s}"""
                .formatted(type, content));
    }

    @Test
    void redactShouldKeepV9TopLevelKeysWhenRoomVersionIs10() {
        ObjectNode r = Redaction.redact(event("m.room.message", "{\"body\": \"hi\"}"), RoomVersion.V10);
        assertThat(r.has("origin")).isTrue();
        assertThat(r.has("membership")).isTrue();
        assertThat(r.has("prev_state")).isTrue();
        assertThat(r.has("extra")).isFalse();
        assertThat(r.has("unsigned")).isFalse();
        assertThat(r.path("content").size()).isZero();
    }

    @Test
    void redactShouldDropOriginMembershipPrevStateWhenRoomVersionIs11() {
        ObjectNode r = Redaction.redact(event("m.room.message", "{\"body\": \"hi\"}"), RoomVersion.V11);
        assertThat(r.has("origin")).isFalse();
        assertThat(r.has("membership")).isFalse();
        assertThat(r.has("prev_state")).isFalse();
        assertThat(r.has("hashes")).isTrue();
    }

    @Test
    void redactShouldKeepTheContentKeysEachVersionProtects() {
        String pl = "{\"ban\": 50, \"invite\": 0, \"users\": {}, \"notifications\": {\"room\": 50}}";
        assertThat(Redaction.redact(event("m.room.power_levels", pl), RoomVersion.V10).path("content").has("invite")).isFalse();
        assertThat(Redaction.redact(event("m.room.power_levels", pl), RoomVersion.V11).path("content").has("invite")).isTrue();
        assertThat(Redaction.redact(event("m.room.power_levels", pl), RoomVersion.V11).path("content").has("notifications")).isFalse();

        String create = "{\"creator\": \"@a:x\", \"room_version\": \"11\", \"m.federate\": false}";
        assertThat(Redaction.redact(event("m.room.create", create), RoomVersion.V10).path("content").size()).isEqualTo(1);
        assertThat(Redaction.redact(event("m.room.create", create), RoomVersion.V11).path("content").size()).isEqualTo(3);

        String redaction = "{\"redacts\": \"$e\", \"reason\": \"spam\"}";
        assertThat(Redaction.redact(event("m.room.redaction", redaction), RoomVersion.V10).path("content").size()).isZero();
        assertThat(Redaction.redact(event("m.room.redaction", redaction), RoomVersion.V11).path("content").toString())
                .isEqualTo("{\"redacts\":\"$e\"}");

        String member = "{\"membership\": \"invite\", \"displayname\": \"A\", \"third_party_invite\": {\"display_name\": \"a\", \"signed\": {\"mxid\": \"@a:x\"}}}";
        assertThat(Redaction.redact(event("m.room.member", member), RoomVersion.V10).path("content").toString())
                .isEqualTo("{\"membership\":\"invite\"}");
        assertThat(Redaction.redact(event("m.room.member", member), RoomVersion.V12).path("content").toString())
                .isEqualTo("{\"membership\":\"invite\",\"third_party_invite\":{\"signed\":{\"mxid\":\"@a:x\"}}}");

        String rules = "{\"join_rule\": \"restricted\", \"allow\": [], \"other\": 1}";
        assertThat(Redaction.redact(event("m.room.join_rules", rules), RoomVersion.V10).path("content").size()).isEqualTo(2);
        assertThat(Redaction.redact(event("m.room.history_visibility", "{\"history_visibility\": \"shared\", \"x\": 1}"),
                RoomVersion.V10).path("content").size()).isEqualTo(1);
    }

    @Test
    void eventIdShouldBeStableUnderRedactionAndChangeWithProtectedFields() {
        ObjectNode e = event("m.room.message", "{\"body\": \"hi\"}");
        String id = EventHashes.eventId(e, RoomVersion.V11);
        assertThat(id).startsWith("$").doesNotContain("+").doesNotContain("/").hasSize(44);
        assertThat(EventHashes.eventId(Redaction.redact(e, RoomVersion.V11), RoomVersion.V11)).isEqualTo(id);
        e.put("depth", 2);
        assertThat(EventHashes.eventId(e, RoomVersion.V11)).isNotEqualTo(id);
    }
}

package org.lightweb.server.relations;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.lightweb.storage.rooms.StoredEvent;

class ReplacementsTest {
    private static final String ROOM = "!r:example.org";
    private static final String ANN = "@ann:example.org";

    private static StoredEvent event(String id, String room, String sender, String type, String stateKey, String content) {
        String json = "{\"event_id\":\"" + id + "\",\"type\":\"" + type + "\",\"content\":" + content + "}";
        return new StoredEvent(id, room, 1L, 1, type, stateKey, sender, 1, json, false, null, 1L, 1L, null, null);
    }

    private static StoredEvent original() {
        return event("$orig", ROOM, ANN, "m.room.message", null, "{\"body\":\"hi\"}");
    }

    private static String editOf(String target) {
        return "{\"body\":\"* hey\",\"m.new_content\":{\"body\":\"hey\"},"
                + "\"m.relates_to\":{\"rel_type\":\"m.replace\",\"event_id\":\"" + target + "\"}}";
    }

    @Test
    void replacementShouldBeValidWhenSameRoomSenderAndTypeWithNewContent() {
        assertThat(Replacements.isValid(original(), event("$e", ROOM, ANN, "m.room.message", null, editOf("$orig")))).isTrue();
    }

    @Test
    void replacementShouldBeInvalidWhenAnyRuleIsBroken() {
        StoredEvent original = original();
        assertThat(Replacements.isValid(original, event("$e", "!other:example.org", ANN, "m.room.message", null, editOf("$orig"))))
                .as("room").isFalse();
        assertThat(Replacements.isValid(original, event("$e", ROOM, "@bob:example.org", "m.room.message", null, editOf("$orig"))))
                .as("sender").isFalse();
        assertThat(Replacements.isValid(original, event("$e", ROOM, ANN, "m.sticker", null, editOf("$orig")))).as("type").isFalse();
        assertThat(Replacements.isValid(original, event("$e", ROOM, ANN, "m.room.message", "", editOf("$orig")))).as("state").isFalse();
        assertThat(Replacements.isValid(original, event("$e", ROOM, ANN, "m.room.message", null,
                "{\"body\":\"* x\",\"m.relates_to\":{\"rel_type\":\"m.replace\",\"event_id\":\"$orig\"}}"))).as("new content").isFalse();
        assertThat(Replacements.isValid(original, event("$e", ROOM, ANN, "m.room.message", null, editOf("$another"))))
                .as("target").isFalse();
        StoredEvent anEdit = event("$edit", ROOM, ANN, "m.room.message", null, editOf("$orig"));
        assertThat(Replacements.isValid(anEdit, event("$e", ROOM, ANN, "m.room.message", null, editOf("$edit"))))
                .as("edit of an edit").isFalse();
    }

    @Test
    void encryptedReplacementShouldNotNeedVisibleNewContent() {
        StoredEvent original = event("$orig", ROOM, ANN, "m.room.encrypted", null, "{\"ciphertext\":\"a\"}");
        StoredEvent edit = event("$e", ROOM, ANN, "m.room.encrypted", null,
                "{\"ciphertext\":\"b\",\"m.relates_to\":{\"rel_type\":\"m.replace\",\"event_id\":\"$orig\"}}");
        assertThat(Replacements.isValid(original, edit)).isTrue();
    }

    @Test
    void latestValidShouldSkipInvalidCandidatesWhenNewerOnesAreInvalid() {
        StoredEvent invalid = event("$new", ROOM, ANN, "m.room.message", null,
                "{\"m.relates_to\":{\"rel_type\":\"m.replace\",\"event_id\":\"$orig\"}}");
        StoredEvent valid = event("$old", ROOM, ANN, "m.room.message", null, editOf("$orig"));
        assertThat(Replacements.latestValid(original(), List.of(invalid, valid))).contains(valid);
        assertThat(Replacements.latestValid(original(), List.of(invalid))).isEmpty();
    }
}

package org.lightweb.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lightweb.core.Json;

/** Event replacements: the latest valid edit bundled under unsigned.m.relations.m.replace, the original content kept. */
class EditsIT {
    @RegisterExtension
    static final TestNode node = TestNode.create();

    private final RoomSteps rooms = new RoomSteps(node.client());
    private final RelationSteps rel = new RelationSteps(node.client());

    private TestClient.Account user(String name) {
        return node.client().register(name, "password123");
    }

    private static JsonNode replace(JsonNode event) {
        return event.path("unsigned").path("m.relations").path("m.replace");
    }

    @Test
    void theLatestEditShouldBeBundledAndTheOriginalContentKept() {
        var ada = user("edada");
        String room = rooms.createRoom(ada, "private_chat");
        String original = rooms.send(ada, room, "helo");
        rel.edit(ada, room, original, "hello");
        String latest = rel.edit(ada, room, original, "hello!");
        JsonNode event = rel.event(ada, room, original);
        assertThat(event.path("content").path("body").asText()).isEqualTo("helo");
        assertThat(replace(event).path("event_id").asText()).isEqualTo(latest);
        assertThat(replace(event).path("content").path("m.new_content").path("body").asText()).isEqualTo("hello!");
        assertThat(replace(event).path("sender").asText()).isEqualTo(ada.userId());
    }

    @Test
    void editsShouldBeBundledInSyncTimelinesToo() {
        var bo = user("edbo");
        String room = rooms.createRoom(bo, "private_chat");
        String original = rooms.send(bo, room, "first");
        String edit = rel.edit(bo, room, original, "second");
        String filter = URLEncoder.encode("{\"room\":{\"timeline\":{\"limit\":10}}}", StandardCharsets.UTF_8);
        JsonNode timeline = node.client().get("/_matrix/client/v3/sync?filter=" + filter, bo.accessToken()).json()
                .path("rooms").path("join").path(room).path("timeline").path("events");
        JsonNode found = null;
        for (JsonNode e : timeline) if (e.path("event_id").asText().equals(original)) found = e;
        assertThat(found).isNotNull();
        assertThat(replace(found).path("event_id").asText()).isEqualTo(edit);
    }

    @Test
    void invalidEditsShouldBeIgnored() {
        var cy = user("edcy");
        var di = user("eddi");
        String room = rooms.createRoom(cy, "public_chat");
        rooms.join(di, room);
        String original = rooms.send(cy, room, "mine");
        rel.edit(di, room, original, "someone else's edit");                       // another sender
        ObjectNode noNewContent = RelationSteps.related(RelationSteps.text("* no new content"), "m.replace", original);
        rel.send(cy, room, "m.room.message", noNewContent);                       // no m.new_content
        ObjectNode otherType = RelationSteps.related(RelationSteps.text("* sticker"), "m.replace", original);
        otherType.set("m.new_content", RelationSteps.text("sticker"));
        rel.send(cy, room, "m.sticker", otherType);                               // another type
        String edit = rel.edit(cy, room, original, "valid");
        rel.edit(cy, room, edit, "an edit of an edit");                            // the original is itself an edit
        assertThat(replace(rel.event(di, room, original)).path("event_id").asText()).isEqualTo(edit);
        assertThat(rel.event(di, room, edit).path("unsigned").has("m.relations")).isFalse();
    }

    @Test
    void redactingTheLatestEditShouldRevertToThePreviousOne() {
        var ed = user("eded");
        String room = rooms.createRoom(ed, "private_chat");
        String original = rooms.send(ed, room, "v0");
        String first = rel.edit(ed, room, original, "v1");
        String second = rel.edit(ed, room, original, "v2");
        rel.redact(ed, room, second);
        assertThat(replace(rel.event(ed, room, original)).path("event_id").asText()).isEqualTo(first);
    }

    @Test
    void aRedactedOriginalShouldBundleNoEdit() {
        var flo = user("edflo");
        String room = rooms.createRoom(flo, "private_chat");
        String original = rooms.send(flo, room, "oops");
        rel.edit(flo, room, original, "oops, edited");
        rel.redact(flo, room, original);
        JsonNode event = rel.event(flo, room, original);
        assertThat(event.path("unsigned").has("redacted_because")).isTrue();
        assertThat(event.path("unsigned").has("m.relations")).isFalse();
        assertThat(event.path("content").isEmpty()).isTrue();
    }

    @Test
    void referencesShouldBeBundledButAnnotationsNot() {
        var gil = user("edgil");
        String room = rooms.createRoom(gil, "private_chat");
        String target = rooms.send(gil, room, "target");
        String ref = rel.reference(gil, room, target);
        rel.react(gil, room, target, "👍");
        JsonNode relations = rel.event(gil, room, target).path("unsigned").path("m.relations");
        assertThat(relations.path("m.reference").path("chunk").get(0).path("event_id").asText()).isEqualTo(ref);
        assertThat(relations.has("m.annotation")).isFalse();
        assertThat(Json.write(relations)).doesNotContain("👍");
    }
}

package org.lightweb.server.relations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lightweb.core.Json;
import org.lightweb.storage.relations.RelationRepository.Aggregations;
import org.lightweb.storage.relations.RelationRepository.ThreadSummary;
import org.lightweb.storage.rooms.StoredEvent;

class BundleTest {
    private static final String ROOM = "!r:example.org";
    private static final String ANN = "@ann:example.org";
    private static final String BOB = "@bob:example.org";

    private static StoredEvent event(String id, String sender, String content) {
        String json = "{\"event_id\":\"" + id + "\",\"type\":\"m.room.message\",\"content\":" + content + "}";
        return new StoredEvent(id, ROOM, 1L, 1, "m.room.message", null, sender, 1, json, false, null, 1L, 1L, null, null);
    }

    private static final StoredEvent ROOT = event("$root", ANN, "{\"body\":\"root\"}");
    private static final StoredEvent REPLY = event("$reply", BOB,
            "{\"body\":\"r\",\"m.relates_to\":{\"rel_type\":\"m.thread\",\"event_id\":\"$root\"}}");
    private static final StoredEvent EDIT = event("$edit", ANN,
            "{\"body\":\"* x\",\"m.new_content\":{\"body\":\"x\"},\"m.relates_to\":{\"rel_type\":\"m.replace\",\"event_id\":\"$root\"}}");

    private static Map<String, ObjectNode> formatted() {
        return Map.of("$reply", Json.object().put("event_id", "$reply"), "$edit", Json.object().put("event_id", "$edit"));
    }

    private static Bundle bundle(boolean viewerReplied) {
        Aggregations agg = new Aggregations(Map.of("$root", List.of("$edit")),
                Map.of("$root", new ThreadSummary(3, "$reply", viewerReplied)), Map.of("$root", List.of("$ref")));
        return Bundle.of(ROOT, agg, Map.of("$reply", REPLY, "$edit", EDIT));
    }

    @Test
    void bundleShouldCarryEditThreadAndReferencesWhenAllExist() {
        ObjectNode out = Json.object();
        bundle(false).writeTo(out, formatted(), "@carol:example.org", ROOT);
        var relations = out.path("unsigned").path("m.relations");
        assertThat(relations.path("m.replace").path("event_id").asText()).isEqualTo("$edit");
        assertThat(relations.path("m.thread").path("latest_event").path("event_id").asText()).isEqualTo("$reply");
        assertThat(relations.path("m.thread").path("count").asInt()).isEqualTo(3);
        assertThat(relations.path("m.thread").path("current_user_participated").asBoolean()).isFalse();
        assertThat(relations.path("m.reference").path("chunk").get(0).path("event_id").asText()).isEqualTo("$ref");
    }

    @Test
    void viewerShouldHaveParticipatedWhenTheySentTheRootOrAReply() {
        ObjectNode asRootSender = Json.object();
        bundle(false).writeTo(asRootSender, formatted(), ANN, ROOT);
        assertThat(asRootSender.at("/unsigned/m.relations/m.thread/current_user_participated").asBoolean()).isTrue();
        ObjectNode asReplier = Json.object();
        bundle(true).writeTo(asReplier, formatted(), BOB, ROOT);
        assertThat(asReplier.at("/unsigned/m.relations/m.thread/current_user_participated").asBoolean()).isTrue();
    }

    @Test
    void bundleShouldWriteNothingWhenThereIsNothingToBundle() {
        ObjectNode out = Json.object();
        out.putObject("unsigned").put("age", 5);
        Bundle.of(ROOT, new Aggregations(Map.of(), Map.of(), Map.of()), Map.of()).writeTo(out, Map.of(), ANN, ROOT);
        assertThat(out.path("unsigned").has("m.relations")).isFalse();
    }

    @Test
    void invalidEditShouldNotBeBundledWhenItIsTheOnlyCandidate() {
        StoredEvent notNew = event("$bad", ANN, "{\"m.relates_to\":{\"rel_type\":\"m.replace\",\"event_id\":\"$root\"}}");
        Bundle b = Bundle.of(ROOT, new Aggregations(Map.of("$root", List.of("$bad")), Map.of(), Map.of()), Map.of("$bad", notNew));
        assertThat(b.edit()).isNull();
    }
}

package org.lightweb.server.rooms;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.lightweb.core.Json;
import org.lightweb.core.UserId;
import org.lightweb.federation.protocol.RoomVersion;
import org.lightweb.storage.rooms.StateKeyId;

class UpgradeCopiesTest {
    private static final UserId ALICE = UserId.parse("@alice:kaslo.example").orElseThrow();
    private static final UserId BOB = UserId.parse("@bob:kaslo.example").orElseThrow();

    @Test
    void creationContentShouldNamePredecessorAndKeepTypeAndFederateWhenTheOldRoomHasThem() {
        ObjectNode old = Json.object().put("room_version", "10").put("creator", ALICE.toString())
                .put("type", "m.space").put("m.federate", false);

        ObjectNode content = UpgradeCopies.creationContent(old, "!old:kaslo.example", "$tomb", RoomVersion.V11, List.of(BOB));

        assertThat(content.path("room_version").asText()).isEqualTo("11");
        assertThat(content.path("predecessor").path("room_id").asText()).isEqualTo("!old:kaslo.example");
        assertThat(content.path("predecessor").path("event_id").asText()).isEqualTo("$tomb");
        assertThat(content.path("type").asText()).isEqualTo("m.space");
        assertThat(content.path("m.federate").asBoolean(true)).isFalse();
        assertThat(content.has("creator")).isFalse();
        assertThat(content.has("additional_creators")).as("v11 has no additional creators").isFalse();
    }

    @Test
    void creationContentShouldListAdditionalCreatorsAndNoEventIdWhenTheNewVersionIsV12() {
        ObjectNode old = Json.object().put("room_version", "11");

        ObjectNode content = UpgradeCopies.creationContent(old, "!old:kaslo.example", null, RoomVersion.V12, List.of(BOB));

        assertThat(content.path("predecessor").has("event_id")).isFalse();
        assertThat(content.path("additional_creators").get(0).asText()).isEqualTo(BOB.toString());
        assertThat(content.has("type")).isFalse();
        assertThat(content.has("m.federate")).isFalse();
    }

    @Test
    void stateShouldCopyTheListedTypesAndSpaceChildrenWhenTheRoomIsASpace() {
        ObjectNode space = Json.object().put("type", "m.space");
        Map<StateKeyId, ObjectNode> old = Map.of(
                new StateKeyId("m.room.name", ""), Json.object().put("name", "Kaslo"),
                new StateKeyId("m.room.join_rules", ""), Json.object().put("join_rule", "public"),
                new StateKeyId("m.space.child", "!b:x"), Json.object().put("suggested", true),
                new StateKeyId("m.space.child", "!a:x"), Json.object(),
                new StateKeyId("org.example.custom", ""), Json.object().put("x", 1));

        List<EventDraft> drafts = UpgradeCopies.state(old, space, ALICE);

        assertThat(drafts).extracting(EventDraft::type, EventDraft::stateKey).containsExactly(
                org.assertj.core.groups.Tuple.tuple("m.room.join_rules", ""),
                org.assertj.core.groups.Tuple.tuple("m.room.name", ""),
                org.assertj.core.groups.Tuple.tuple("m.space.child", "!b:x"));
        assertThat(drafts).allSatisfy(d -> assertThat(d.sender()).isEqualTo(ALICE));
        assertThat(UpgradeCopies.state(old, Json.object(), ALICE)).extracting(EventDraft::type)
                .doesNotContain("m.space.child");
    }

    @Test
    void bansShouldLeaveOutCreatorsWhenTheyWereBanned() {
        Map<String, ObjectNode> bans = Map.of(
                "@spam:elsewhere.example", Json.object().put("membership", "ban").put("reason", "spam"),
                BOB.toString(), Json.object().put("membership", "ban"));

        List<EventDraft> drafts = UpgradeCopies.bans(bans, ALICE, Set.of(ALICE.toString(), BOB.toString()));

        assertThat(drafts).singleElement().satisfies(d -> {
            assertThat(d.stateKey()).isEqualTo("@spam:elsewhere.example");
            assertThat(d.content().path("reason").asText()).isEqualTo("spam");
        });
    }

    @Test
    void canonicalAliasesShouldMoveLocalAliasesWhenSomeAreRemote() {
        ObjectNode old = Json.object().put("alias", "#coop:kaslo.example");
        old.putArray("alt_aliases").add("#alt:kaslo.example").add("#far:nelson.example");

        var split = UpgradeCopies.canonicalAliases(old, a -> a.endsWith(":kaslo.example"));

        assertThat(split.newRoom().path("alias").asText()).isEqualTo("#coop:kaslo.example");
        assertThat(split.newRoom().path("alt_aliases")).hasSize(1);
        assertThat(split.newRoom().path("alt_aliases").get(0).asText()).isEqualTo("#alt:kaslo.example");
        assertThat(split.oldRoom().has("alias")).isFalse();
        assertThat(split.oldRoom().path("alt_aliases").get(0).asText()).isEqualTo("#far:nelson.example");
    }

    @Test
    void canonicalAliasesShouldEmptyTheOldRoomWhenEveryAliasIsLocal() {
        ObjectNode old = Json.object().put("alias", "#coop:kaslo.example");
        old.putArray("alt_aliases").add("#alt:kaslo.example");

        var split = UpgradeCopies.canonicalAliases(old, a -> true);

        assertThat(split.oldRoom()).isEmpty();
        assertThat(split.newRoom()).isEqualTo(old);
    }
}

package org.lightweb.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lightweb.core.Json;

/** GET /user/{userId}/rooms/{roomId}/tags, PUT/DELETE .../tags/{tag}, and m.tag in sync. */
class TagsIT {
    @RegisterExtension
    static final TestNode node = TestNode.create();

    private final RoomSteps rooms = new RoomSteps(node.client());
    private final SyncSteps syncs = new SyncSteps(node.client());

    private TestClient.Account user(String name) {
        return node.client().register(name, "password123");
    }

    private static String tags(TestClient.Account who, String roomId) {
        return "/_matrix/client/v3/user/" + who.userId() + "/rooms/" + roomId + "/tags";
    }

    @Test
    void tagsShouldBeAddedListedRemovedAndSynced() {
        var amy = user("tagamy");
        String room = rooms.createRoom(amy, "private_chat");
        assertThat(node.client().get(tags(amy, room), amy.accessToken()).json().path("tags").size()).isZero();
        String since = syncs.since(amy);
        assertThat(node.client().put(tags(amy, room) + "/m.favourite", amy.accessToken(), Json.object().put("order", 0.25))
                .status()).isEqualTo(200);
        assertThat(node.client().put(tags(amy, room) + "/u.work", amy.accessToken(), Json.object()).status()).isEqualTo(200);
        JsonNode listed = node.client().get(tags(amy, room), amy.accessToken()).json().path("tags");
        assertThat(listed.path("m.favourite").path("order").asDouble()).isEqualTo(0.25);
        assertThat(listed.has("u.work")).isTrue();

        JsonNode sync = syncs.sync(amy, "?since=" + SyncSteps.enc(since));
        JsonNode data = sync.path("rooms").path("join").path(room).path("account_data").path("events");
        assertThat(data.findValuesAsText("type")).containsExactly("m.tag");
        assertThat(data.get(0).path("content").path("tags").has("m.favourite")).isTrue();
        assertThat(data.get(0).path("content").path("tags").has("u.work")).isTrue();

        String next = sync.path("next_batch").asText();
        assertThat(node.client().delete(tags(amy, room) + "/u.work", amy.accessToken(), null).status()).isEqualTo(200);
        assertThat(node.client().delete(tags(amy, room) + "/u.never", amy.accessToken(), null).status()).isEqualTo(200);
        JsonNode after = syncs.sync(amy, "?since=" + SyncSteps.enc(next)).path("rooms").path("join").path(room)
                .path("account_data").path("events");
        assertThat(after.get(0).path("content").path("tags").has("u.work")).isFalse();
        assertThat(node.client().get(tags(amy, room), amy.accessToken()).json().path("tags").has("u.work")).isFalse();
        assertThat(syncs.sync(amy, "").path("rooms").path("join").path(room).path("account_data").toString())
                .contains("m.favourite");
    }

    @Test
    void tagsShouldBeRefusedForOtherUsersAndBadInput() {
        var bo = user("tagbo");
        var cy = user("tagcy");
        String room = rooms.createRoom(bo, "private_chat");
        assertThat(node.client().get(tags(bo, room), cy.accessToken()).status()).isEqualTo(403);
        assertThat(node.client().put(tags(bo, room) + "/u.x", cy.accessToken(), Json.object()).errcode()).isEqualTo("M_FORBIDDEN");
        assertThat(node.client().delete(tags(bo, room) + "/u.x", cy.accessToken(), null).errcode()).isEqualTo("M_FORBIDDEN");
        assertThat(node.client().put(tags(bo, room) + "/u.x", bo.accessToken(), Json.object().put("order", "first")).errcode())
                .isEqualTo("M_BAD_JSON");
        assertThat(node.client().put(tags(bo, room) + "/" + "t".repeat(256), bo.accessToken(), Json.object()).errcode())
                .isEqualTo("M_INVALID_PARAM");
        assertThat(node.client().put(tags(bo, room) + "/u.x", bo.accessToken(), "[1]").errcode()).isEqualTo("M_BAD_JSON");
        assertThat(node.client().get(tags(bo, "nonsense"), bo.accessToken()).errcode()).isEqualTo("M_INVALID_PARAM");
        assertThat(node.client().get(tags(bo, room), null).status()).isEqualTo(401);
    }
}

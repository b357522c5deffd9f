package org.lightweb.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lightweb.it.DirectorySteps.CLIENT;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lightweb.core.Json;

/**
 * GET /publicRooms on a node whose directory holds exactly the rooms made here: the order (most joined members
 * first) and paging forwards and back with next_batch and prev_batch.
 */
class PublicRoomsPagingIT {
    @RegisterExtension
    static final TestNode node = TestNode.create();

    /** Room i has i + 1 joined members; rooms 5 and 6 have one each. Expected order: 4, 3, 2, 1, then the rest. */
    private static final List<String> rooms = new ArrayList<>();

    @BeforeAll
    static void sevenPublishedRooms() {
        DirectorySteps steps = new DirectorySteps(node);
        var owner = node.client().register("pagingowner", "password123");
        List<TestClient.Account> joiners = new ArrayList<>();
        for (int i = 0; i < 4; i++) joiners.add(node.client().register("pagingjoiner" + i, "password123"));
        for (int i = 0; i < 7; i++) {
            String room = steps.createRoom(owner.accessToken(), Json.object().put("visibility", "public")
                    .put("preset", "public_chat").put("name", "room " + i));
            for (int j = 0; j < Math.min(i, 4) && i < 5; j++) steps.join(joiners.get(j).accessToken(), room);
            rooms.add(room);
        }
    }

    private JsonNode page(String query) {
        var res = node.client().get(CLIENT + "/publicRooms" + query);
        assertThat(res.status()).as(res.body()).isEqualTo(200);
        return res.json();
    }

    private static List<String> ids(JsonNode page) {
        List<String> out = new ArrayList<>();
        page.path("chunk").forEach(e -> out.add(e.path("room_id").asText()));
        return out;
    }

    @Test
    void getPublicRoomsShouldListTheBiggestRoomsFirstWhenMemberCountsDiffer() {
        JsonNode all = page("");
        List<String> ids = ids(all);
        assertThat(ids).hasSize(7);
        assertThat(ids.subList(0, 4)).containsExactly(rooms.get(4), rooms.get(3), rooms.get(2), rooms.get(1));
        assertThat(ids.subList(4, 7)).containsExactlyInAnyOrder(rooms.get(0), rooms.get(5), rooms.get(6));
        assertThat(all.path("chunk").get(0).path("num_joined_members").asInt()).isEqualTo(5);
        assertThat(all.path("total_room_count_estimate").asInt()).isEqualTo(7);
        assertThat(all.has("next_batch")).isFalse();
        assertThat(all.has("prev_batch")).isFalse();
    }

    @Test
    void getPublicRoomsShouldPageForwardsAndBackWhenFollowingTheTokens() {
        List<String> expected = ids(page(""));
        JsonNode first = page("?limit=3");
        assertThat(ids(first)).isEqualTo(expected.subList(0, 3));
        assertThat(first.has("prev_batch")).isFalse();

        JsonNode second = page("?limit=3&since=" + first.path("next_batch").asText());
        assertThat(ids(second)).isEqualTo(expected.subList(3, 6));
        JsonNode third = page("?limit=3&since=" + second.path("next_batch").asText());
        assertThat(ids(third)).isEqualTo(expected.subList(6, 7));
        assertThat(third.has("next_batch")).isFalse();
        assertThat(third.path("total_room_count_estimate").asInt()).isEqualTo(7);

        JsonNode back = page("?limit=3&since=" + third.path("prev_batch").asText());
        assertThat(ids(back)).isEqualTo(expected.subList(3, 6));
        JsonNode start = page("?limit=3&since=" + back.path("prev_batch").asText());
        assertThat(ids(start)).isEqualTo(expected.subList(0, 3));
        assertThat(start.has("prev_batch")).isFalse();
        assertThat(start.path("next_batch").asText()).isNotEmpty();
    }
}

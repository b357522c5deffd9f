package org.lightweb.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lightweb.it.DirectorySteps.CLIENT;
import static org.lightweb.it.DirectorySteps.enc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lightweb.core.Json;
import org.lightweb.it.TestClient.Response;

/** GET and POST /publicRooms: what the directory lists, the entries, the filter, third-party networks, paging. */
class PublicRoomsIT {
    @RegisterExtension
    static final TestNode node = TestNode.create(c -> c.with("registration").put("allow_guests", true));

    private final DirectorySteps steps = new DirectorySteps(node);

    private Response query(String token, ObjectNode body) {
        return node.client().post(CLIENT + "/publicRooms", token, body);
    }

    private List<String> roomIds(Response res) {
        assertThat(res.status()).as(res.body()).isEqualTo(200);
        List<String> out = new ArrayList<>();
        res.json().path("chunk").forEach(e -> out.add(e.path("room_id").asText()));
        return out;
    }

    private JsonNode entry(Response res, String roomId) {
        for (JsonNode e : res.json().path("chunk")) if (e.path("room_id").asText().equals(roomId)) return e;
        return null;
    }

    private static ObjectNode search(String term) {
        ObjectNode body = Json.object();
        body.putObject("filter").put("generic_search_term", term);
        return body;
    }

    @Test
    void getPublicRoomsShouldDescribeTheRoomWhenItIsPublished() {
        var alice = node.client().register("pubalice", "password123");
        ObjectNode create = Json.object().put("visibility", "public").put("preset", "public_chat")
                .put("name", "Kaslo backups").put("topic", "Who keeps whose files").put("room_alias_name", "kaslo-backups");
        create.putObject("creation_content").put("type", "m.space");
        String room = steps.createRoom(alice.accessToken(), create);
        steps.putState(alice.accessToken(), room, "m.room.avatar", Json.object().put("url", "mxc://localhost/avatar"));
        steps.putState(alice.accessToken(), room, "m.room.guest_access", Json.object().put("guest_access", "can_join"));
        steps.putState(alice.accessToken(), room, "m.room.history_visibility", Json.object().put("history_visibility", "world_readable"));

        var res = node.client().get(CLIENT + "/publicRooms");                    // no access token needed
        assertThat(res.status()).as(res.body()).isEqualTo(200);
        JsonNode e = entry(res, room);
        assertThat(e).as(res.body()).isNotNull();
        assertThat(e.path("name").asText()).isEqualTo("Kaslo backups");
        assertThat(e.path("topic").asText()).isEqualTo("Who keeps whose files");
        assertThat(e.path("canonical_alias").asText()).isEqualTo("#kaslo-backups:localhost");
        assertThat(e.path("avatar_url").asText()).isEqualTo("mxc://localhost/avatar");
        assertThat(e.path("num_joined_members").asInt()).isEqualTo(1);
        assertThat(e.path("world_readable").asBoolean()).isTrue();
        assertThat(e.path("guest_can_join").asBoolean()).isTrue();
        assertThat(e.path("join_rule").asText()).isEqualTo("public");
        assertThat(e.path("room_type").asText()).isEqualTo("m.space");
        assertThat(res.json().path("total_room_count_estimate").asInt()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void getPublicRoomsShouldLeaveOutRoomsWhenTheyAreUnpublishedOrNobodyCouldJoinOrPeek() {
        var bob = node.client().register("pubbob", "password123");
        String unpublished = steps.createRoom(bob.accessToken(), Json.object().put("preset", "public_chat").put("name", "hiddenterm one"));
        String inviteOnly = steps.createRoom(bob.accessToken(), Json.object().put("visibility", "public")
                .put("preset", "private_chat").put("name", "hiddenterm two"));
        String knock = steps.createRoom(bob.accessToken(), Json.object().put("visibility", "public")
                .put("preset", "private_chat").put("name", "hiddenterm three"));
        steps.putState(bob.accessToken(), knock, "m.room.join_rules", Json.object().put("join_rule", "knock"));
        assertThat(roomIds(query(bob.accessToken(), search("hiddenterm")))).containsExactly(knock);

        steps.putState(bob.accessToken(), inviteOnly, "m.room.history_visibility",
                Json.object().put("history_visibility", "world_readable"));
        assertThat(roomIds(query(bob.accessToken(), search("hiddenterm")))).containsExactlyInAnyOrder(knock, inviteOnly);
        assertThat(roomIds(query(bob.accessToken(), search("hiddenterm")))).doesNotContain(unpublished);
    }

    @Test
    void queryPublicRoomsShouldMatchTheSearchTermWhenItIsInTheNameTopicOrAliasInAnyCase() {
        var carol = node.client().register("pubcarol", "password123");
        String byName = steps.createRoom(carol.accessToken(), Json.object().put("visibility", "public").put("name", "Nelson GARDENS"));
        String byTopic = steps.createRoom(carol.accessToken(), Json.object().put("visibility", "public").put("topic", "community gardens"));
        String byAlias = steps.createRoom(carol.accessToken(), Json.object().put("visibility", "public")
                .put("room_alias_name", "gardens-alias"));
        steps.createRoom(carol.accessToken(), Json.object().put("visibility", "public").put("name", "Orchards"));
        assertThat(roomIds(query(carol.accessToken(), search("gArDeNs")))).containsExactlyInAnyOrder(byName, byTopic, byAlias);
        var none = query(carol.accessToken(), search("no room is called this"));
        assertThat(roomIds(none)).isEmpty();
        assertThat(none.json().path("total_room_count_estimate").asInt()).isZero();
    }

    @Test
    void queryPublicRoomsShouldFilterByRoomTypeWhenRoomTypesAreGiven() {
        var dave = node.client().register("pubdave", "password123");
        ObjectNode space = Json.object().put("visibility", "public").put("name", "typeterm space");
        space.putObject("creation_content").put("type", "m.space");
        String spaceRoom = steps.createRoom(dave.accessToken(), space);
        String plain = steps.createRoom(dave.accessToken(), Json.object().put("visibility", "public").put("name", "typeterm plain"));

        ObjectNode spaces = search("typeterm");
        ((ObjectNode) spaces.get("filter")).putArray("room_types").add("m.space");
        assertThat(roomIds(query(dave.accessToken(), spaces))).containsExactly(spaceRoom);
        ObjectNode untyped = search("typeterm");
        ((ObjectNode) untyped.get("filter")).putArray("room_types").addNull();
        assertThat(roomIds(query(dave.accessToken(), untyped))).containsExactly(plain);
        ObjectNode both = search("typeterm");
        ((ObjectNode) both.get("filter")).putArray("room_types").addNull().add("m.space");
        assertThat(roomIds(query(dave.accessToken(), both))).containsExactlyInAnyOrder(plain, spaceRoom);
    }

    @Test
    void queryPublicRoomsShouldPageThroughMatchesWhenLimitIsSmall() {
        var erin = node.client().register("puberin", "password123");
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(steps.createRoom(erin.accessToken(), Json.object().put("visibility", "public").put("name", "pageterm " + i)));
        }
        List<String> seen = new ArrayList<>();
        String since = null;
        List<Integer> sizes = new ArrayList<>();
        do {
            ObjectNode body = search("pageterm").put("limit", 2);
            if (since != null) body.put("since", since);
            var page = query(erin.accessToken(), body);
            seen.addAll(roomIds(page));
            sizes.add(page.json().path("chunk").size());
            assertThat(page.json().path("total_room_count_estimate").asInt()).isEqualTo(5);
            assertThat(page.json().has("prev_batch")).isEqualTo(since != null);
            since = page.json().path("next_batch").asText(null);
        } while (since != null);
        assertThat(sizes).containsExactly(2, 2, 1);
        assertThat(seen).containsExactlyInAnyOrderElementsOf(created).doesNotHaveDuplicates();
    }

    @Test
    void queryPublicRoomsShouldAnswerNothingWhenAThirdPartyNetworkIsAsked() {
        var frank = node.client().register("pubfrank", "password123");
        steps.createRoom(frank.accessToken(), Json.object().put("visibility", "public").put("name", "networkterm"));
        var network = query(frank.accessToken(), search("networkterm").put("third_party_instance_id", "irc-libera"));
        assertThat(roomIds(network)).isEmpty();
        assertThat(roomIds(query(frank.accessToken(), search("networkterm").put("include_all_networks", true)))).hasSize(1);
        var both = query(frank.accessToken(), search("networkterm").put("include_all_networks", true)
                .put("third_party_instance_id", "irc-libera"));
        assertThat(both.status()).isEqualTo(400);
        assertThat(both.errcode()).isEqualTo("M_INVALID_PARAM");
    }

    @Test
    void publicRoomsShouldRefuseWhenAnotherServersDirectoryIsAsked() {
        var gina = node.client().register("pubgina", "password123");
        var remote = node.client().get(CLIENT + "/publicRooms?server=example.org");
        assertThat(remote.status()).isEqualTo(404);
        assertThat(remote.errcode()).isEqualTo("M_NOT_FOUND");
        assertThat(remote.json().path("error").asText()).contains("federation");
        assertThat(node.client().post(CLIENT + "/publicRooms?server=example.org", gina.accessToken(), Json.object()).status())
                .isEqualTo(404);
        assertThat(node.client().get(CLIENT + "/publicRooms?server=" + enc("not a server")).errcode()).isEqualTo("M_INVALID_PARAM");
        assertThat(node.client().get(CLIENT + "/publicRooms?server=localhost").status()).isEqualTo(200);
    }

    @Test
    void publicRoomsShouldFailWithBadRequestWhenParametersAreMalformed() {
        var hank = node.client().register("pubhank", "password123");
        assertThat(node.client().get(CLIENT + "/publicRooms?since=garbage").errcode()).isEqualTo("M_INVALID_PARAM");
        assertThat(node.client().get(CLIENT + "/publicRooms?limit=ten").errcode()).isEqualTo("M_INVALID_PARAM");
        assertThat(node.client().get(CLIENT + "/publicRooms?limit=-1").errcode()).isEqualTo("M_INVALID_PARAM");
        assertThat(query(hank.accessToken(), Json.object().put("limit", "ten")).errcode()).isEqualTo("M_BAD_JSON");
        assertThat(query(hank.accessToken(), Json.object().put("filter", "gardens")).errcode()).isEqualTo("M_BAD_JSON");
        ObjectNode badTypes = Json.object();
        badTypes.putObject("filter").put("room_types", "m.space");
        assertThat(query(hank.accessToken(), badTypes).errcode()).isEqualTo("M_BAD_JSON");
    }

    @Test
    void queryPublicRoomsShouldNeedAnAccessTokenAndAllowGuests() {
        assertThat(query(null, Json.object()).status()).isEqualTo(401);
        var guest = node.client().post(CLIENT + "/register?kind=guest", null, Json.object());
        assertThat(guest.status()).as(guest.body()).isEqualTo(200);
        assertThat(query(guest.json().path("access_token").asText(), Json.object()).status()).isEqualTo(200);
    }
}

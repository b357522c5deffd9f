package org.lightweb.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lightweb.core.Json;
import org.lightweb.it.TestClient.Account;
import org.lightweb.it.TestClient.Response;

/** POST /user_directory/search: room mates and members of public rooms, by name or id; nobody else. */
class UserDirectoryIT {
    private static final String SEARCH = "/_matrix/client/v3/user_directory/search";

    @RegisterExtension
    static final TestNode node = TestNode.create();

    private final RoomSteps rooms = new RoomSteps(node.client());

    private Response search(Account who, String term, Integer limit) {
        var body = Json.object().put("search_term", term);
        if (limit != null) body.put("limit", limit);
        return node.client().post(SEARCH, who == null ? null : who.accessToken(), body);
    }

    private List<String> found(Account who, String term) {
        Response res = search(who, term, null);
        assertThat(res.status()).as(res.body()).isEqualTo(200);
        return res.json().path("results").findValuesAsText("user_id");
    }

    private void setName(Account who, String name) {
        var res = node.client().put("/_matrix/client/v3/profile/" + who.userId() + "/displayname", who.accessToken(),
                Json.object().put("displayname", name));
        assertThat(res.status()).as(res.body()).isEqualTo(200);
    }

    @Test
    void searchShouldFindARoomMateByDisplayNameAndUserIdInAnyCase() {
        Account me = node.client().register("udme", "password123");
        Account mate = node.client().register("udmate", "password123");
        String room = rooms.createRoom(me, "private_chat");
        rooms.invite(me, room, mate);
        rooms.join(mate, room);
        setName(mate, "Hortensia Blackwood");

        assertThat(found(me, "BLACKW")).containsExactly(mate.userId());
        assertThat(found(me, "hort black")).containsExactly(mate.userId());
        assertThat(found(me, "udmat")).containsExactly(mate.userId());
        JsonNode entry = search(me, "hortensia", null).json().path("results").get(0);
        assertThat(entry.path("display_name").asText()).isEqualTo("Hortensia Blackwood");
        assertThat(search(me, "hortensia", null).json().path("limited").asBoolean()).isFalse();
    }

    @Test
    void searchShouldNotFindAUserWhoSharesNoRoomAndIsInNoPublicRoom() {
        Account me = node.client().register("udlonely", "password123");
        Account hidden = node.client().register("udhidden", "password123");
        rooms.createRoom(me, "private_chat");
        rooms.createRoom(hidden, "private_chat");
        setName(hidden, "Ignatius Hidden");

        assertThat(found(me, "ignatius")).isEmpty();
        assertThat(found(me, "udhidden")).isEmpty();
    }

    @Test
    void searchShouldFindAMemberOfAPublicRoomWithoutSharingARoom() {
        Account me = node.client().register("udseeker", "password123");
        Account open = node.client().register("udopen", "password123");
        String room = rooms.createRoom(open, "public_chat");
        setName(open, "Philippa Open");

        assertThat(found(me, "philippa")).containsExactly(open.userId());

        rooms.setState(open, room, "m.room.join_rules", "", Json.object().put("join_rule", "invite"));
        assertThat(found(me, "philippa")).isEmpty();
    }

    @Test
    void searchShouldNotFindADeactivatedUser() {
        Account me = node.client().register("udstay", "password123");
        Account leaving = node.client().register("udgone", "password123");
        String room = rooms.createRoom(me, "public_chat");
        rooms.join(leaving, room);
        setName(leaving, "Octavia Leaving");
        assertThat(found(me, "octavia")).containsExactly(leaving.userId());

        var body = Json.object();
        body.putObject("auth").put("type", "m.login.password").put("password", "password123")
                .putObject("identifier").put("type", "m.id.user").put("user", "udgone");
        assertThat(node.client().post("/_matrix/client/v3/account/deactivate", leaving.accessToken(), body).status())
                .isEqualTo(200);

        assertThat(found(me, "octavia")).isEmpty();
    }

    @Test
    void searchShouldSayLimitedWhenMoreUsersMatch() {
        Account me = node.client().register("udcount", "password123");
        String room = rooms.createRoom(me, "public_chat");
        for (int i = 0; i < 3; i++) {
            Account u = node.client().register("udmany" + i, "password123");
            rooms.join(u, room);
        }

        Response res = search(me, "udmany", 2);
        assertThat(res.json().path("results")).hasSize(2);
        assertThat(res.json().path("limited").asBoolean()).isTrue();
    }

    @Test
    void searchShouldRefuseBadRequests() {
        Account me = node.client().register("udbad", "password123");
        assertThat(node.client().post(SEARCH, me.accessToken(), Json.object()).errcode()).isEqualTo("M_BAD_JSON");
        assertThat(node.client().post(SEARCH, me.accessToken(), Json.object().put("search_term", "x").put("limit", "ten"))
                .errcode()).isEqualTo("M_BAD_JSON");
        assertThat(search(null, "x", null).status()).isEqualTo(401);
    }
}

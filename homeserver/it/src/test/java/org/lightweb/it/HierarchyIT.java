package org.lightweb.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lightweb.core.Json;
import org.lightweb.it.TestClient.Account;
import org.lightweb.it.TestClient.Response;

/** GET /_matrix/client/v1/rooms/{roomId}/hierarchy: the walk, its order, paging, and who may see what. */
class HierarchyIT {
    @RegisterExtension
    static final TestNode node = TestNode.create();

    private final RoomSteps rooms = new RoomSteps(node.client());

    private String space(Account who, String preset, String name) {
        ObjectNode body = Json.object().put("preset", preset).put("name", name);
        body.putObject("creation_content").put("type", "m.space");
        return rooms.createRoom(who, body);
    }

    private String room(Account who, String preset, String name) {
        return rooms.createRoom(who, Json.object().put("preset", preset).put("name", name));
    }

    private void addChild(Account who, String parent, String child, String order, boolean suggested) {
        ObjectNode content = Json.object();
        content.putArray("via").add(child.substring(child.indexOf(':') + 1));
        if (order != null) content.put("order", order);
        if (suggested) content.put("suggested", true);
        rooms.setState(who, parent, "m.space.child", child, content);
    }

    private Response hierarchy(Account who, String roomId, String query) {
        return node.client().get("/_matrix/client/v1/rooms/" + roomId + "/hierarchy" + (query == null ? "" : "?" + query),
                who.accessToken());
    }

    private static List<String> names(Response res) {
        assertThat(res.status()).as(res.body()).isEqualTo(200);
        return res.json().path("rooms").findValuesAsText("name");
    }

    /** Space "top": children a (order "b"), b (order "a", itself a space with child d), c (no order). */
    private record Tree(String top, String a, String b, String c, String d) {}

    private Tree tree(Account owner, String prefix) {
        String top = space(owner, "public_chat", prefix + "top");
        String a = room(owner, "public_chat", prefix + "a");
        String b = space(owner, "public_chat", prefix + "b");
        String c = room(owner, "public_chat", prefix + "c");
        String d = room(owner, "public_chat", prefix + "d");
        addChild(owner, top, c, null, false);
        addChild(owner, top, a, "b", true);
        addChild(owner, top, b, "a", false);
        addChild(owner, b, d, null, false);
        return new Tree(top, a, b, c, d);
    }

    @Test
    void hierarchyShouldWalkDepthFirstInTheSpecsChildOrder() {
        Account owner = node.client().register("hiowner", "password123");
        Tree t = tree(owner, "w-");

        Response res = hierarchy(owner, t.top(), null);

        assertThat(names(res)).containsExactly("w-top", "w-b", "w-d", "w-a", "w-c");
        JsonNode top = res.json().path("rooms").get(0);
        assertThat(top.path("room_type").asText()).isEqualTo("m.space");
        assertThat(top.path("join_rule").asText()).isEqualTo("public");
        assertThat(top.path("num_joined_members").asInt()).isEqualTo(1);
        assertThat(top.path("children_state")).hasSize(3);
        assertThat(top.path("children_state").get(0).path("state_key").asText()).isEqualTo(t.b());
        assertThat(top.path("children_state").get(0).path("origin_server_ts").isNumber()).isTrue();
        assertThat(res.json().has("next_batch")).isFalse();
    }

    @Test
    void hierarchyShouldStopAtMaxDepthAndKeepOnlySuggestedWhenAsked() {
        Account owner = node.client().register("hidepth", "password123");
        Tree t = tree(owner, "m-");

        assertThat(names(hierarchy(owner, t.top(), "max_depth=1"))).containsExactly("m-top", "m-b", "m-a", "m-c");
        assertThat(names(hierarchy(owner, t.top(), "max_depth=0"))).containsExactly("m-top");
        assertThat(names(hierarchy(owner, t.top(), "suggested_only=true"))).containsExactly("m-top", "m-a");
    }

    @Test
    void hierarchyShouldPageWithNextBatchAndRefuseChangedParameters() {
        Account owner = node.client().register("hipage", "password123");
        Tree t = tree(owner, "p-");

        Response first = hierarchy(owner, t.top(), "limit=2");
        assertThat(names(first)).containsExactly("p-top", "p-b");
        String next = first.json().path("next_batch").asText();
        assertThat(next).isNotEmpty();

        Response changed = hierarchy(owner, t.top(), "limit=2&max_depth=1&from=" + next);
        assertThat(changed.status()).isEqualTo(400);
        assertThat(changed.errcode()).isEqualTo("M_INVALID_PARAM");

        Response second = hierarchy(owner, t.top(), "limit=2&from=" + next);
        assertThat(names(second)).containsExactly("p-d", "p-a");
        Response third = hierarchy(owner, t.top(), "limit=2&from=" + second.json().path("next_batch").asText());
        assertThat(names(third)).containsExactly("p-c");
        assertThat(third.json().has("next_batch")).isFalse();

        assertThat(hierarchy(owner, t.top(), "from=bogus").errcode()).isEqualTo("M_INVALID_PARAM");
    }

    @Test
    void hierarchyShouldLeaveOutRoomsTheUserMayNotSeeAndRoomsUnknownHere() {
        Account owner = node.client().register("hihide", "password123");
        Account visitor = node.client().register("hivisit", "password123");
        String top = space(owner, "public_chat", "h-top");
        String secret = room(owner, "private_chat", "h-secret");
        String open = room(owner, "public_chat", "h-open");
        addChild(owner, top, secret, "1", false);
        addChild(owner, top, open, "2", false);
        addChild(owner, top, "!elsewhere:remote.example", "3", false);

        assertThat(names(hierarchy(visitor, top, null))).containsExactly("h-top", "h-open");
        assertThat(names(hierarchy(owner, top, null))).containsExactly("h-top", "h-secret", "h-open");

        rooms.invite(owner, secret, visitor);
        assertThat(names(hierarchy(visitor, top, null))).containsExactly("h-top", "h-secret", "h-open");
    }

    @Test
    void hierarchyShouldBeForbiddenWhenTheUserCannotSeeTheRoot() {
        Account owner = node.client().register("hiprivate", "password123");
        Account outsider = node.client().register("hioutsider", "password123");
        String privateSpace = space(owner, "private_chat", "x-private");

        Response res = hierarchy(outsider, privateSpace, null);
        assertThat(res.status()).isEqualTo(403);
        assertThat(res.errcode()).isEqualTo("M_FORBIDDEN");
        assertThat(hierarchy(outsider, "!unknown:localhost", null).status()).isEqualTo(403);
        assertThat(names(hierarchy(owner, privateSpace, null))).containsExactly("x-private");
        assertThat(hierarchy(owner, privateSpace, "limit=0").errcode()).isEqualTo("M_INVALID_PARAM");
        assertThat(hierarchy(owner, privateSpace, "max_depth=-1").errcode()).isEqualTo("M_INVALID_PARAM");
        assertThat(node.client().get("/_matrix/client/v1/rooms/" + privateSpace + "/hierarchy").status()).isEqualTo(401);
    }
}

package org.lightweb.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lightweb.it.RelationSteps.ids;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lightweb.core.Json;

/** GET /_matrix/client/v1/rooms/{roomId}/relations/{eventId}[/{relType}[/{eventType}]]: filters, paging, recursion, refusals. */
class RelationsIT {
    @RegisterExtension
    static final TestNode node = TestNode.create();

    private final RoomSteps rooms = new RoomSteps(node.client());
    private final RelationSteps rel = new RelationSteps(node.client());

    private TestClient.Account user(String name) {
        return node.client().register(name, "password123");
    }

    @Test
    void relationsShouldListChildrenNewestFirstAndFilterByRelTypeAndEventType() {
        var ana = user("relana");
        var bea = user("relbea");
        String room = rooms.createRoom(ana, "public_chat");
        rooms.join(bea, room);
        String root = rooms.send(ana, room, "root");
        String reply = rel.threadReply(bea, room, root, "reply");
        String reaction = rel.react(bea, room, root, "👍");
        String ref = rel.reference(ana, room, root);

        assertThat(ids(rel.relations(bea, room, root))).containsExactly(ref, reaction, reply);
        assertThat(ids(rel.relations(bea, room, root + "?dir=f"))).containsExactly(reply, reaction, ref);
        assertThat(ids(rel.relations(bea, room, root + "/m.annotation"))).containsExactly(reaction);
        assertThat(ids(rel.relations(bea, room, root + "/m.annotation/m.reaction"))).containsExactly(reaction);
        assertThat(ids(rel.relations(bea, room, root + "/m.annotation/m.room.message"))).isEmpty();
        JsonNode page = rel.relations(bea, room, root + "/m.thread");
        assertThat(ids(page)).containsExactly(reply);
        assertThat(page.path("chunk").get(0).path("content").path("body").asText()).isEqualTo("reply");
        assertThat(page.has("recursion_depth")).isFalse();
        assertThat(page.has("next_batch")).isFalse();
    }

    @Test
    void relationsShouldPageWithNextBatchUntilTheEnd() {
        var cal = user("relcal");
        String room = rooms.createRoom(cal, "private_chat");
        String root = rooms.send(cal, room, "root");
        String r1 = rel.react(cal, room, root, "a");
        String r2 = rel.react(cal, room, root, "b");
        String r3 = rel.react(cal, room, root, "c");
        JsonNode first = rel.relations(cal, room, root + "?limit=2");
        assertThat(ids(first)).containsExactly(r3, r2);
        String next = first.path("next_batch").asText();
        assertThat(next).isNotEmpty();
        JsonNode second = rel.relations(cal, room, root + "?limit=2&from=" + next);
        assertThat(ids(second)).containsExactly(r1);
        assertThat(second.has("next_batch")).isFalse();
        assertThat(second.path("prev_batch").asText()).isEqualTo(next);
        // Forwards from the first page's end, and up to a "to" token.
        JsonNode forwards = rel.relations(cal, room, root + "?dir=f&limit=5&from=" + next);
        assertThat(ids(forwards)).containsExactly(r2, r3);
        assertThat(ids(rel.relations(cal, room, root + "?to=" + next))).containsExactly(r3, r2);
    }

    @Test
    void recurseShouldFollowChildrenOfChildrenAndSayHowDeep() {
        var dan = user("reldan");
        String room = rooms.createRoom(dan, "private_chat");
        String root = rooms.send(dan, room, "root");
        String reply = rel.threadReply(dan, room, root, "reply");
        String edit = rel.edit(dan, room, reply, "reply, edited");
        String reaction = rel.react(dan, room, reply, "x");
        assertThat(ids(rel.relations(dan, room, root))).containsExactly(reply);
        JsonNode deep = rel.relations(dan, room, root + "?recurse=true");
        assertThat(ids(deep)).containsExactly(reaction, edit, reply);
        assertThat(deep.path("recursion_depth").asInt()).isEqualTo(3);
        assertThat(ids(rel.relations(dan, room, root + "/m.annotation?recurse=true"))).containsExactly(reaction);
    }

    @Test
    void redactedChildrenShouldNoLongerBeListed() {
        var eve = user("releve");
        String room = rooms.createRoom(eve, "private_chat");
        String root = rooms.send(eve, room, "root");
        String kept = rel.react(eve, room, root, "a");
        String gone = rel.react(eve, room, root, "b");
        rel.redact(eve, room, gone);
        assertThat(ids(rel.relations(eve, room, root))).containsExactly(kept);
    }

    @Test
    void relationsShouldBeRefusedWhenTheViewerCannotSeeTheParent() {
        var fay = user("relfay");
        var gus = user("relgus");
        String room = rooms.createRoom(fay, "private_chat");
        String root = rooms.send(fay, room, "secret");
        rel.react(fay, room, root, "a");
        // Not a member: 404, whether or not the event exists.
        assertThat(rel.relationsRaw(gus, room, root).status()).isEqualTo(404);
        assertThat(rel.relationsRaw(gus, room, root).errcode()).isEqualTo("M_NOT_FOUND");
        assertThat(rel.relationsRaw(fay, room, "$nothere").errcode()).isEqualTo("M_NOT_FOUND");
        // Joined later, with history visible only since joining: still hidden.
        rooms.setState(fay, room, "m.room.history_visibility", "", Json.object().put("history_visibility", "joined"));
        String hidden = rooms.send(fay, room, "before gus");
        rel.react(fay, room, hidden, "b");
        rooms.invite(fay, room, gus);
        rooms.join(gus, room);
        assertThat(rel.relationsRaw(gus, room, hidden).status()).isEqualTo(404);
        String seen = rooms.send(fay, room, "after gus");
        assertThat(rel.relationsRaw(gus, room, seen).status()).isEqualTo(200);
        // The parent's room must be the room asked.
        String other = rooms.createRoom(fay, "private_chat");
        assertThat(rel.relationsRaw(fay, other, root).status()).isEqualTo(404);
    }

    @Test
    void badParametersShouldBeRefused() {
        var hal = user("relhal");
        String room = rooms.createRoom(hal, "private_chat");
        String root = rooms.send(hal, room, "root");
        assertThat(rel.relationsRaw(hal, room, root + "?dir=x").errcode()).isEqualTo("M_INVALID_PARAM");
        assertThat(rel.relationsRaw(hal, room, root + "?limit=lots").errcode()).isEqualTo("M_INVALID_PARAM");
        assertThat(rel.relationsRaw(hal, room, root + "?from=garbage").errcode()).isEqualTo("M_INVALID_PARAM");
        assertThat(rel.relationsRaw(hal, room, root + "?recurse=maybe").errcode()).isEqualTo("M_INVALID_PARAM");
        assertThat(node.client().get(RelationSteps.v1(room, "/relations/" + root), null).status()).isEqualTo(401);
    }

    @Test
    void relationsToAnotherRoomShouldBeRefusedWhenSent() {
        var ivy = user("relivy");
        String room = rooms.createRoom(ivy, "private_chat");
        String other = rooms.createRoom(ivy, "private_chat");
        String root = rooms.send(ivy, other, "elsewhere");
        var res = rel.sendRaw(ivy, room, "m.room.message", RelationSteps.related(RelationSteps.text("x"), "m.reference", root));
        assertThat(res.status()).isEqualTo(400);
    }

    @Test
    void aSecondIdenticalReactionShouldBeRefusedUntilTheFirstIsRedacted() {
        var jo = user("reljo");
        String room = rooms.createRoom(jo, "private_chat");
        String target = rooms.send(jo, room, "react to me");
        String first = rel.react(jo, room, target, "👍");
        var again = rel.sendRaw(jo, room, "m.reaction", reaction(target, "👍"));
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.errcode()).isEqualTo("M_DUPLICATE_ANNOTATION");
        rel.react(jo, room, target, "🎉");                                  // another key is fine
        rel.redact(jo, room, first);
        assertThat(rel.sendRaw(jo, room, "m.reaction", reaction(target, "👍")).status()).isEqualTo(200);
    }

    private static com.fasterxml.jackson.databind.node.ObjectNode reaction(String target, String key) {
        var content = Json.object();
        content.putObject("m.relates_to").put("rel_type", "m.annotation").put("event_id", target).put("key", key);
        return content;
    }
}

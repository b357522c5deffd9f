package org.lightweb.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lightweb.core.Json;

/** POST /rooms/{roomId}/receipt/..., POST /rooms/{roomId}/read_markers, and m.receipt in sync. */
class ReceiptsIT {
    @RegisterExtension
    static final TestNode node = TestNode.create();

    private final RoomSteps rooms = new RoomSteps(node.client());
    private final SyncSteps syncs = new SyncSteps(node.client());

    private TestClient.Account user(String name) {
        return node.client().register(name, "password123");
    }

    private TestClient.Response receipt(TestClient.Account who, String roomId, String type, String eventId, Object body) {
        return node.client().post(RoomSteps.path(roomId, "/receipt/" + type + "/" + eventId), who.accessToken(), body);
    }

    /** receipt content of the room's m.receipt events: event -> type -> user -> {ts, thread_id?}. */
    private static JsonNode receipts(JsonNode sync, String roomId) {
        ObjectNode merged = Json.object();
        for (JsonNode e : SyncSteps.ephemeral(sync, roomId, "m.receipt")) merged.setAll((ObjectNode) e.path("content"));
        return merged;
    }

    private String threadReply(TestClient.Account who, String roomId, String root) {
        ObjectNode content = Json.object().put("msgtype", "m.text").put("body", "in thread");
        content.putObject("m.relates_to").put("rel_type", "m.thread").put("event_id", root);
        var res = node.client().put(RoomSteps.path(roomId, "/send/m.room.message/" + System.nanoTime()), who.accessToken(), content);
        assertThat(res.status()).as(res.body()).isEqualTo(200);
        return res.json().path("event_id").asText();
    }

    @Test
    void readReceiptShouldBeSeenByTheOtherMemberInIncrementalAndInitialSyncs() {
        var amy = user("rcpamy");
        var bo = user("rcpbo");
        String room = rooms.createRoom(amy, "public_chat");
        rooms.join(bo, room);
        String event = rooms.send(bo, room, "read me");
        String since = syncs.since(bo);
        var res = receipt(amy, room, "m.read", event, Json.object());
        assertThat(res.status()).as(res.body()).isEqualTo(200);
        assertThat(res.json().size()).isZero();
        JsonNode r = receipts(syncs.sync(bo, "?since=" + SyncSteps.enc(since)), room);
        assertThat(r.path(event).path("m.read").path(amy.userId()).path("ts").asLong()).isPositive();
        assertThat(r.path(event).path("m.read").path(amy.userId()).has("thread_id")).isFalse();
        assertThat(receipts(syncs.sync(bo, ""), room).path(event).path("m.read").has(amy.userId())).isTrue();
    }

    @Test
    void privateReceiptShouldBeSeenOnlyByItsSender() {
        var cy = user("rcpcy");
        var di = user("rcpdi");
        String room = rooms.createRoom(cy, "public_chat");
        rooms.join(di, room);
        String event = rooms.send(di, room, "secretly read");
        String cySince = syncs.since(cy);
        String diSince = syncs.since(di);
        assertThat(receipt(cy, room, "m.read.private", event, Json.object()).status()).isEqualTo(200);
        assertThat(receipts(syncs.sync(di, "?since=" + SyncSteps.enc(diSince)), room).toString()).doesNotContain(cy.userId());
        assertThat(receipts(syncs.sync(di, ""), room).toString()).doesNotContain(cy.userId());
        JsonNode own = receipts(syncs.sync(cy, "?since=" + SyncSteps.enc(cySince)), room);
        assertThat(own.path(event).path("m.read.private").has(cy.userId())).isTrue();
    }

    @Test
    void receiptShouldNotMoveBackWhenSentForAnEarlierEvent() {
        var ed = user("rcped");
        String room = rooms.createRoom(ed, "public_chat");
        String first = rooms.send(ed, room, "one");
        String second = rooms.send(ed, room, "two");
        receipt(ed, room, "m.read", second, Json.object());
        String since = syncs.since(ed);
        assertThat(receipt(ed, room, "m.read", first, Json.object()).status()).isEqualTo(200);
        assertThat(SyncSteps.ephemeral(syncs.sync(ed, "?since=" + SyncSteps.enc(since)), room, "m.receipt")).isEmpty();
        JsonNode all = receipts(syncs.sync(ed, ""), room);
        assertThat(all.path(second).path("m.read").has(ed.userId())).isTrue();
        assertThat(all.has(first)).isFalse();
    }

    @Test
    void threadedReceiptsShouldCarryTheirThreadAndBeCheckedAgainstIt() {
        var fi = user("rcpfi");
        String room = rooms.createRoom(fi, "public_chat");
        String root = rooms.send(fi, room, "root");
        String reply = threadReply(fi, room, root);
        assertThat(receipt(fi, room, "m.read", reply, Json.object().put("thread_id", root)).status()).isEqualTo(200);
        assertThat(receipt(fi, room, "m.read", root, Json.object().put("thread_id", "main")).status()).isEqualTo(200);
        assertThat(receipt(fi, room, "m.read", root, Json.object().put("thread_id", root)).status()).isEqualTo(200);
        JsonNode r = receipts(syncs.sync(fi, ""), room);
        assertThat(r.path(reply).path("m.read").path(fi.userId()).path("thread_id").asText()).isEqualTo(root);
        assertThat(r.path(root).path("m.read").path(fi.userId()).path("thread_id").asText()).isIn("main", root);

        assertThat(receipt(fi, room, "m.read", reply, Json.object().put("thread_id", "main")).errcode()).isEqualTo("M_INVALID_PARAM");
        assertThat(receipt(fi, room, "m.read", root, Json.object().put("thread_id", reply)).errcode()).isEqualTo("M_INVALID_PARAM");
        assertThat(receipt(fi, room, "m.read", root, Json.object().put("thread_id", "")).errcode()).isEqualTo("M_INVALID_PARAM");
        assertThat(receipt(fi, room, "m.read", root, Json.object().put("thread_id", 5)).errcode()).isEqualTo("M_INVALID_PARAM");
        assertThat(receipt(fi, room, "m.fully_read", root, Json.object().put("thread_id", "main")).errcode())
                .isEqualTo("M_INVALID_PARAM");
    }

    @Test
    void receiptsShouldBeRefusedForUnknownTypesAndEventsTheUserCannotSee() {
        var gi = user("rcpgi");
        var hu = user("rcphu");
        String room = rooms.createRoom(gi, "private_chat");
        String other = rooms.createRoom(hu, "private_chat");
        String event = rooms.send(gi, room, "private");
        String elsewhere = rooms.send(hu, other, "elsewhere");
        assertThat(receipt(gi, room, "m.seen", event, Json.object()).errcode()).isEqualTo("M_INVALID_PARAM");
        assertThat(receipt(gi, room, "m.read", elsewhere, Json.object()).status()).isEqualTo(404);
        assertThat(receipt(hu, room, "m.read", event, Json.object()).status()).isEqualTo(404);
        assertThat(receipt(gi, room, "m.read", "not-an-event", Json.object()).errcode()).isEqualTo("M_INVALID_PARAM");
        assertThat(receipt(gi, "not-a-room", "m.read", event, Json.object()).errcode()).isEqualTo("M_INVALID_PARAM");
        assertThat(node.client().post(RoomSteps.path(room, "/receipt/m.read/" + event), null, Json.object()).status()).isEqualTo(401);
    }

    @Test
    void fullyReadShouldBeRoomAccountDataSetOnlyThroughTheReadMarkerApis() {
        var jo = user("rcpjo");
        var ka = user("rcpka");
        String room = rooms.createRoom(jo, "public_chat");
        rooms.join(ka, room);
        String first = rooms.send(ka, room, "first");
        String second = rooms.send(ka, room, "second");
        String accountData = "/_matrix/client/v3/user/" + jo.userId() + "/rooms/" + room + "/account_data/m.fully_read";
        assertThat(receipt(jo, room, "m.fully_read", first, Json.object()).status()).isEqualTo(200);
        assertThat(node.client().get(accountData, jo.accessToken()).json().path("event_id").asText()).isEqualTo(first);

        String since = syncs.since(ka);
        String joSince = syncs.since(jo);
        ObjectNode markers = Json.object().put("m.fully_read", second).put("m.read", second).put("m.read.private", second);
        assertThat(node.client().post(RoomSteps.path(room, "/read_markers"), jo.accessToken(), markers).status()).isEqualTo(200);
        assertThat(node.client().get(accountData, jo.accessToken()).json().path("event_id").asText()).isEqualTo(second);
        JsonNode joSync = syncs.sync(jo, "?since=" + SyncSteps.enc(joSince));
        JsonNode roomData = joSync.path("rooms").path("join").path(room).path("account_data").path("events");
        assertThat(roomData.findValuesAsText("type")).contains("m.fully_read");
        assertThat(receipts(joSync, room).path(second).path("m.read.private").has(jo.userId())).isTrue();
        JsonNode kaReceipts = receipts(syncs.sync(ka, "?since=" + SyncSteps.enc(since)), room);
        assertThat(kaReceipts.path(second).path("m.read").has(jo.userId())).isTrue();
        assertThat(kaReceipts.path(second).has("m.read.private")).isFalse();
        assertThat(kaReceipts.toString()).doesNotContain("m.fully_read");

        assertThat(node.client().put(accountData, jo.accessToken(), Json.object().put("event_id", first)).errcode()).isEqualTo("M_BAD_JSON");
        assertThat(node.client().post(RoomSteps.path(room, "/read_markers"), jo.accessToken(),
                Json.object().put("m.fully_read", 12)).errcode()).isEqualTo("M_BAD_JSON");
        assertThat(node.client().post(RoomSteps.path(room, "/read_markers"), jo.accessToken(),
                Json.object().put("m.read", "$nope:localhost")).status()).isEqualTo(404);
        assertThat(node.client().post(RoomSteps.path(room, "/read_markers"), jo.accessToken(), List.of()).errcode())
                .isEqualTo("M_BAD_JSON");
    }
}

package org.lightweb.server.federation.send;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lightweb.server.federation.send.EduFixture.fresh;
import static org.lightweb.server.federation.send.EduFixture.user;
import static org.lightweb.storage.testing.TestStorage.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.lightweb.core.Json;
import org.lightweb.core.UserId;
import org.lightweb.server.http.Requester;

class EduProducerTest {
    private final EduFixture f = new EduFixture();
    private final EduProducer producer = f.producer();
    private final String room = "!" + fresh("r") + ":kaslo.test";
    private final UserId alice = f.localUserWithDevice("ALICEDEV");

    EduProducerTest() {
        f.member(room, alice.toString(), "join");
        f.member(room, user(fresh("bob"), "nelson.test"), "join");
        f.member(room, user(fresh("carol"), "third.test"), "join");
        f.member(room, user(fresh("dan"), "gone.test"), "leave");
    }

    @AfterEach
    void close() { f.close(); }

    /** Waits (bounded) until {@code n} EDUs of {@code type} were queued. */
    private List<EduFixture.Sent> awaitEdus(String type, int n) {
        for (int i = 0; i < 500 && f.sender.edusOf(type).size() < n; i++) {
            await(f.storage.vertx().timer(10));
        }
        return f.sender.edusOf(type);
    }

    @Test
    void typingShouldGoToTheRoomsOtherServersWhenALocalUserTypes() {
        await(f.typing.setTyping(alice, alice, room, true, 10_000L));
        var sent = awaitEdus("m.typing", 2);
        assertThat(sent).extracting(EduFixture.Sent::destination).containsExactlyInAnyOrder("nelson.test", "third.test");
        JsonNode c = sent.get(0).content();
        assertThat(c.path("room_id").asText()).isEqualTo(room);
        assertThat(c.path("user_id").asText()).isEqualTo(alice.toString());
        assertThat(c.path("typing").asBoolean()).isTrue();
    }

    @Test
    void publicReceiptsShouldGoOutAndPrivateOnesNeverWhenALocalUserReads() {
        producer.receipt(room, "m.read", alice.toString(), null, "$ev", 77);
        producer.receipt(room, "m.read.private", alice.toString(), null, "$private", 78);
        producer.receipt(room, "m.read", user("bob", "nelson.test"), null, "$remote", 79);
        var sent = awaitEdus("m.receipt", 2);
        assertThat(sent).hasSize(2);
        JsonNode r = sent.get(0).content().path(room).path("m.read").path(alice.toString());
        assertThat(r.path("event_ids").get(0).asText()).isEqualTo("$ev");
        assertThat(r.path("data").path("ts").asLong()).isEqualTo(77);
        assertThat(Json.write(f.sender.edus)).doesNotContain("$private").doesNotContain("$remote");
    }

    @Test
    void presenceShouldGoToServersSharingARoomWhenALocalUserChangesIt() {
        await(f.presence.setPresence(alice, alice, "online", "coding"));
        var sent = awaitEdus("m.presence", 2);
        assertThat(sent).extracting(EduFixture.Sent::destination).containsExactlyInAnyOrder("nelson.test", "third.test");
        JsonNode p = sent.get(0).content().path("push").get(0);
        assertThat(p.path("user_id").asText()).isEqualTo(alice.toString());
        assertThat(p.path("presence").asText()).isEqualTo("online");
        assertThat(p.path("status_msg").asText()).isEqualTo("coding");
        assertThat(p.has("currently_active")).isTrue();
    }

    @Test
    void toDeviceMessagesForRemoteUsersShouldGoToTheirServerWithAMessageId() {
        String bob = user("bob", "nelson.test");
        ObjectNode content = Json.object().put("secret", "s");
        await(f.toDevice.send(new Requester(alice, "ALICEDEV", false, false, "h"), "m.room_key_request", fresh("txn"),
                Map.of(bob, Map.of("BOBDEV", content))));
        var sent = awaitEdus("m.direct_to_device", 1);
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).destination()).isEqualTo("nelson.test");
        JsonNode c = sent.get(0).content();
        assertThat(c.path("sender").asText()).isEqualTo(alice.toString());
        assertThat(c.path("type").asText()).isEqualTo("m.room_key_request");
        assertThat(c.path("message_id").asText()).isNotBlank();
        assertThat(c.path("messages").path(bob).path("BOBDEV").path("secret").asText()).isEqualTo("s");
    }

    @Test
    void deviceListUpdatesShouldChainStreamIdsWhenDevicesAndKeysChange() {
        String keys = Json.write(Json.object().put("user_id", alice.toString()).put("device_id", "ALICEDEV"));
        await(f.keys.setDeviceKeys(alice.toString(), "ALICEDEV", keys, 1));
        await(f.deviceLists.changed(List.of(alice.toString())));
        await(producer.idle());
        var first = awaitEdus("m.device_list_update", 2);
        assertThat(first).extracting(EduFixture.Sent::destination).containsExactlyInAnyOrder("nelson.test", "third.test");
        JsonNode u1 = first.get(0).content();
        assertThat(u1.path("user_id").asText()).isEqualTo(alice.toString());
        assertThat(u1.path("device_id").asText()).isEqualTo("ALICEDEV");
        assertThat(u1.path("prev_id")).isEmpty();
        assertThat(u1.path("deleted").asBoolean()).isFalse();
        assertThat(u1.path("keys").path("device_id").asText()).isEqualTo("ALICEDEV");
        assertThat(u1.path("device_display_name").asText()).isEqualTo("Phone");

        await(f.deviceLists.changed(List.of(alice.toString())));   // nothing changed: nothing sent
        await(producer.idle());
        assertThat(f.sender.edusOf("m.device_list_update")).hasSize(2);

        await(f.devices.deleteDevices(alice, List.of("ALICEDEV")));
        await(f.deviceLists.changed(List.of(alice.toString())));
        await(producer.idle());
        var all = awaitEdus("m.device_list_update", 4);
        JsonNode u2 = all.get(2).content();
        assertThat(u2.path("deleted").asBoolean()).isTrue();
        assertThat(u2.path("stream_id").asLong()).isGreaterThan(u1.path("stream_id").asLong());
        assertThat(u2.path("prev_id").get(0).asLong()).isEqualTo(u1.path("stream_id").asLong());
    }

    @Test
    void signingKeyUpdatesShouldCarryMasterAndSelfSigningButNeverUserSigning() {
        String master = Json.write(Json.object().put("user_id", alice.toString()).put("k", "master"));
        String self = Json.write(Json.object().put("user_id", alice.toString()).put("k", "self"));
        String userSigning = Json.write(Json.object().put("user_id", alice.toString()).put("k", "user-signing"));
        await(f.keys.setCrossSigningKeys(alice.toString(), Map.of("master", master, "self_signing", self,
                "user_signing", userSigning), 1));
        await(f.deviceLists.changed(List.of(alice.toString())));
        await(producer.idle());
        var sent = awaitEdus("m.signing_key_update", 2);
        assertThat(sent).hasSize(2);
        JsonNode c = sent.get(0).content();
        assertThat(c.path("master_key").path("k").asText()).isEqualTo("master");
        assertThat(c.path("self_signing_key").path("k").asText()).isEqualTo("self");
        assertThat(Json.write(c)).doesNotContain("user-signing");
    }
}

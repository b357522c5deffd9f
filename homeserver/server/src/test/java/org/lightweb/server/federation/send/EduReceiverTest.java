package org.lightweb.server.federation.send;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lightweb.server.federation.send.EduFixture.fresh;
import static org.lightweb.server.federation.send.EduFixture.user;
import static org.lightweb.storage.testing.TestStorage.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.lightweb.core.Json;
import org.lightweb.core.UserId;
import org.lightweb.storage.sync.PresenceRepository;
import org.lightweb.storage.sync.ReceiptRepository;

class EduReceiverTest {
    private static final long ALL = Long.MAX_VALUE;
    private final EduFixture f = new EduFixture();
    private final EduReceiver receiver = f.receiver();
    private final String room = "!" + fresh("r") + ":kaslo.test";
    private final UserId alice = f.localUserWithDevice("ALICEDEV");
    private final String bob = user(fresh("bob"), "nelson.test");

    EduReceiverTest() {
        f.member(room, alice.toString(), "join");
        f.member(room, bob, "join");
    }

    @AfterEach
    void close() { f.close(); }

    private void edu(String origin, String type, ObjectNode content) {
        await(receiver.onEdu(origin, type, content));
    }

    @Test
    void typingShouldReachLocalSyncsWhenTheUserIsJoinedAndFromTheOrigin() {
        edu("nelson.test", "m.typing", Json.object().put("room_id", room).put("user_id", bob).put("typing", true));
        assertThat(f.typing.typingIn(room)).containsExactly(bob);
        edu("nelson.test", "m.typing", Json.object().put("room_id", room).put("user_id", bob).put("typing", false));
        assertThat(f.typing.typingIn(room)).isEmpty();
    }

    @Test
    void typingShouldBeDroppedWhenSpoofedOrNotJoined() {
        edu("evil.test", "m.typing", Json.object().put("room_id", room).put("user_id", bob).put("typing", true));
        String stranger = user(fresh("s"), "nelson.test");
        edu("nelson.test", "m.typing", Json.object().put("room_id", room).put("user_id", stranger).put("typing", true));
        assertThat(f.typing.typingIn(room)).isEmpty();
    }

    private static ObjectNode receipt(String room, String user, String eventId) {
        ObjectNode c = Json.object();
        ObjectNode u = c.putObject(room).putObject("m.read").putObject(user);
        u.putArray("event_ids").add(eventId);
        u.putObject("data").put("ts", 1234);
        return c;
    }

    @Test
    void receiptsShouldBeStoredWhereSyncReadsThemWhenFromTheOrigin() {
        edu("nelson.test", "m.receipt", receipt(room, bob, "$read"));
        edu("evil.test", "m.receipt", receipt(room, user("mallory", "nelson.test"), "$spoof"));
        var seen = await(f.receiptRepo.changedFor(alice.toString(), 0, ALL, "m.read.private"));
        assertThat(seen).extracting(ReceiptRepository.Receipt::userId, ReceiptRepository.Receipt::eventId,
                ReceiptRepository.Receipt::type).containsExactly(org.assertj.core.groups.Tuple.tuple(bob, "$read", "m.read"));
        assertThat(f.heads.current().receipts()).isPositive();
    }

    @Test
    void presenceShouldReachUsersSharingARoomWhenFromTheOrigin() {
        ObjectNode c = Json.object();
        c.putArray("push").addObject().put("user_id", bob).put("presence", "online").put("last_active_ago", 1000)
                .put("currently_active", true).put("status_msg", "hi");
        edu("nelson.test", "m.presence", c);
        ObjectNode spoof = Json.object();
        spoof.putArray("push").addObject().put("user_id", alice.toString()).put("presence", "offline");
        edu("nelson.test", "m.presence", spoof);
        var rows = await(f.presenceRepo.changedFor(alice.toString(), 0, ALL));
        assertThat(rows).extracting(PresenceRepository.Row::userId).containsExactly(bob);
        assertThat(rows.get(0).state()).isEqualTo("online");
        assertThat(rows.get(0).statusMsg()).isEqualTo("hi");
        assertThat(rows.get(0).currentlyActive()).isTrue();
    }

    private static ObjectNode deviceUpdate(String user, String device, long streamId, Long... prev) {
        ObjectNode c = Json.object().put("user_id", user).put("device_id", device).put("stream_id", streamId)
                .put("device_display_name", "Bob's phone");
        var p = c.putArray("prev_id");
        for (Long id : prev) p.add(id);
        c.putObject("keys").put("user_id", user).put("device_id", device);
        return c;
    }

    @Test
    void deviceListUpdatesShouldShowInDeviceListsChangedAndBeKeptForARefresh() {
        edu("nelson.test", "m.device_list_update", deviceUpdate(bob, "BOBDEV", 5));
        assertThat(await(f.deviceListRepo.changedFor(alice.toString(), 0, ALL))).contains(bob);
        var list = await(f.eduRepo.remoteDeviceList(bob)).orElseThrow();
        assertThat(list.stale()).isFalse();
        assertThat(list.streamId()).isEqualTo(5);
        assertThat(await(f.eduRepo.remoteDevices(bob))).extracting(d -> d.deviceId() + "/" + d.displayName())
                .containsExactly("BOBDEV/Bob's phone");

        edu("nelson.test", "m.device_list_update", deviceUpdate(bob, "BOB2", 6, 5L));
        assertThat(await(f.eduRepo.remoteDeviceList(bob)).orElseThrow().stale()).isFalse();
        edu("nelson.test", "m.device_list_update", deviceUpdate(bob, "BOB3", 9, 8L));   // 7 and 8 were lost
        assertThat(await(f.eduRepo.remoteDeviceList(bob)).orElseThrow().stale()).isTrue();
    }

    @Test
    void aDeviceListUpdateAfterAGapShouldHaveTheWholeListFetchedBeforeSyncsHearOfIt() {
        java.util.List<String> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
        long[] before = {0};
        java.util.concurrent.atomic.AtomicReference<Boolean> toldDuringFetch = new java.util.concurrent.atomic.AtomicReference<>();
        // The fake fetch looks (without blocking whatever thread calls it) at what syncs were told so far.
        EduReceiver resyncing = f.receiver(RoomAcls.fromState(f.events), (origin, user) -> {
            asked.add(origin + " " + user);
            return f.deviceListRepo.changedFor(alice.toString(), before[0], ALL).map(changed -> {
                toldDuringFetch.set(changed.contains(bob));
                return true;
            });
        });
        edu(resyncing, deviceUpdate(bob, "BOBDEV", 5));
        assertThat(asked).as("the first update of a user, without prev_id, starts the chain").isEmpty();
        edu(resyncing, deviceUpdate(bob, "BOB2", 6, 5L));
        assertThat(asked).as("an unbroken chain").isEmpty();
        before[0] = f.heads.current().deviceLists();
        edu(resyncing, deviceUpdate(bob, "BOB3", 9, 8L));   // 7 and 8 were lost
        assertThat(asked).containsExactly("nelson.test " + bob);
        assertThat(toldDuringFetch.get()).as("syncs are told only after the fetch").isFalse();
        assertThat(await(f.deviceListRepo.changedFor(alice.toString(), before[0], ALL))).contains(bob);
    }

    private static void edu(EduReceiver r, ObjectNode deviceUpdate) {
        await(r.onEdu("nelson.test", "m.device_list_update", deviceUpdate));
    }

    @Test
    void deviceListUpdatesShouldBeDroppedWhenSpoofed() {
        String carol = user(fresh("carol"), "third.test");
        f.member(room, carol, "join");
        edu("nelson.test", "m.device_list_update", deviceUpdate(carol, "CDEV", 1));
        assertThat(await(f.eduRepo.remoteDeviceList(carol))).isEmpty();
        assertThat(await(f.deviceListRepo.changedFor(alice.toString(), 0, ALL))).doesNotContain(carol);
    }

    @Test
    void signingKeyUpdatesShouldBeKeptAndAnnouncedWhenFromTheOrigin() {
        ObjectNode c = Json.object().put("user_id", bob);
        c.putObject("master_key").put("user_id", bob).putArray("usage").add("master");
        c.putObject("self_signing_key").put("user_id", bob).putArray("usage").add("self_signing");
        edu("nelson.test", "m.signing_key_update", c);
        edu("evil.test", "m.signing_key_update", Json.object().put("user_id", bob).set("master_key",
                Json.object().put("user_id", bob).put("evil", true)));
        var stored = await(f.eduRepo.remoteCrossSigningKeys(bob));
        assertThat(stored).containsOnlyKeys("master", "self_signing");
        assertThat(stored.get("master")).doesNotContain("evil");
        assertThat(await(f.deviceListRepo.changedFor(alice.toString(), 0, ALL))).contains(bob);
    }

    private ObjectNode toDevice(String sender, String messageId, String forDevice) {
        ObjectNode c = Json.object().put("sender", sender).put("type", "m.room_key_request").put("message_id", messageId);
        c.putObject("messages").putObject(alice.toString()).putObject(forDevice).put("secret", "x");
        return c;
    }

    @Test
    void toDeviceMessagesShouldReachTheInboxOnceWhenRepeated() {
        edu("nelson.test", "m.direct_to_device", toDevice(bob, "msg1", "*"));
        edu("nelson.test", "m.direct_to_device", toDevice(bob, "msg1", "*"));   // the transaction retried
        edu("nelson.test", "m.direct_to_device", toDevice(bob, "msg2", "ALICEDEV"));
        edu("evil.test", "m.direct_to_device", toDevice(bob, "msg3", "*"));     // not evil's user
        var pending = await(f.inbox.pending(alice.toString(), "ALICEDEV", 0, ALL, 10));
        assertThat(pending).hasSize(2);
        var first = Json.parse(pending.get(0).json());
        assertThat(first.path("sender").asText()).isEqualTo(bob);
        assertThat(first.path("type").asText()).isEqualTo("m.room_key_request");
        assertThat(first.path("content").path("secret").asText()).isEqualTo("x");
    }

    @Test
    void roomEdusShouldBeDroppedWhenTheRoomsServerAclDeniesTheOrigin() {
        ObjectNode acl = Json.object();
        acl.putArray("allow").add("*");
        acl.putArray("deny").add("*.test");
        EduReceiver denying = f.receiver((roomId, server) -> io.vertx.core.Future.succeededFuture(RoomAcls.permits(acl, server)));
        await(denying.onEdu("nelson.test", "m.typing", Json.object().put("room_id", room).put("user_id", bob).put("typing", true)));
        await(denying.onEdu("nelson.test", "m.receipt", receipt(room, bob, "$denied")));
        assertThat(f.typing.typingIn(room)).isEmpty();
        assertThat(await(f.receiptRepo.changedFor(alice.toString(), 0, ALL, "m.read.private"))).isEmpty();
    }

    @Test
    void aclMatchingShouldFollowTheSpecsRules() {
        ObjectNode acl = Json.object().put("allow_ip_literals", false);
        acl.putArray("allow").add("*.example.org").add("nelson.test");
        acl.putArray("deny").add("bad.example.org");
        assertThat(RoomAcls.permits(acl, "nelson.test:8448")).isTrue();
        assertThat(RoomAcls.permits(acl, "a.example.org")).isTrue();
        assertThat(RoomAcls.permits(acl, "bad.example.org")).isFalse();
        assertThat(RoomAcls.permits(acl, "other.test")).isFalse();
        assertThat(RoomAcls.permits(acl, "1.2.3.4")).isFalse();
        assertThat(RoomAcls.permits(null, "anyone.test")).isTrue();
    }

    @Test
    void brokenOrUnknownEdusShouldNotFailTheTransaction() {
        edu("nelson.test", "m.receipt", Json.object().put(room, "not an object"));
        edu("nelson.test", "org.example.custom", Json.object());
        edu("kaslo.test", "m.typing", Json.object().put("room_id", room).put("user_id", alice.toString()).put("typing", true));
        assertThat(f.typing.typingIn(room)).isEmpty();
    }
}

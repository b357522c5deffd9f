package org.lightweb.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lightweb.core.Json;

/** PUT /sendToDevice/{eventType}/{txnId} and to_device in sync: exactly once, in bounded batches. */
class ToDeviceIT {
    @RegisterExtension
    static final TestNode node = TestNode.create(c -> c.putObject("to_device").put("max_per_sync", 3));

    private final SyncSteps syncs = new SyncSteps(node.client());

    private TestClient.Account user(String name) {
        return node.client().register(name, "password123");
    }

    /** A second device of the same account. */
    private TestClient.Account secondDevice(TestClient.Account who, String deviceId) {
        var res = node.client().login(who.userId(), who.password(), deviceId);
        assertThat(res.status()).as(res.body()).isEqualTo(200);
        return new TestClient.Account(who.userId(), res.json().path("access_token").asText(), deviceId, who.password());
    }

    private TestClient.Response send(TestClient.Account from, String type, String txn, ObjectNode messages) {
        return node.client().put("/_matrix/client/v3/sendToDevice/" + type + "/" + txn, from.accessToken(),
                Json.object().set("messages", messages));
    }

    private static ObjectNode to(String userId, String deviceId, ObjectNode content) {
        ObjectNode m = Json.object();
        m.putObject(userId).set(deviceId, content);
        return m;
    }

    private static List<String> bodies(JsonNode sync) {
        List<String> out = new ArrayList<>();
        for (JsonNode e : sync.path("to_device").path("events")) out.add(e.path("content").path("body").asText());
        return out;
    }

    @Test
    void messageShouldBeDeliveredExactlyOnceAcrossTwoSyncs() {
        var amy = user("tdamy");
        var bo = user("tdbo");
        String since = syncs.since(bo);
        assertThat(send(amy, "m.test", "t1", to(bo.userId(), bo.deviceId(), Json.object().put("body", "hi"))).status()).isEqualTo(200);
        JsonNode first = syncs.sync(bo, "?since=" + SyncSteps.enc(since));
        JsonNode event = first.path("to_device").path("events").get(0);
        assertThat(event.path("type").asText()).isEqualTo("m.test");
        assertThat(event.path("sender").asText()).isEqualTo(amy.userId());
        assertThat(event.path("content").path("body").asText()).isEqualTo("hi");
        JsonNode second = syncs.sync(bo, "?since=" + SyncSteps.enc(first.path("next_batch").asText()));
        assertThat(bodies(second)).isEmpty();
        assertThat(bodies(syncs.sync(bo, ""))).isEmpty();
    }

    @Test
    void messagesShouldComeAgainWhenTheSyncThatCarriedThemWasNotAcknowledged() {
        var cy = user("tdcy");
        var di = user("tddi");
        String since = syncs.since(di);
        send(cy, "m.test", "t1", to(di.userId(), di.deviceId(), Json.object().put("body", "again")));
        assertThat(bodies(syncs.sync(di, "?since=" + SyncSteps.enc(since)))).containsExactly("again");
        JsonNode retried = syncs.sync(di, "?since=" + SyncSteps.enc(since));   // the first answer was lost
        assertThat(bodies(retried)).containsExactly("again");
        assertThat(bodies(syncs.sync(di, "?since=" + SyncSteps.enc(retried.path("next_batch").asText())))).isEmpty();
    }

    @Test
    void sendShouldBeIdempotentPerDeviceAndTransaction() {
        var ed = user("tded");
        var fi = user("tdfi");
        ObjectNode once = to(fi.userId(), fi.deviceId(), Json.object().put("body", "once"));
        assertThat(send(ed, "m.test", "same", once).status()).isEqualTo(200);
        assertThat(send(ed, "m.test", "same", once).status()).isEqualTo(200);
        assertThat(bodies(syncs.sync(fi, ""))).containsExactly("once");
        var edPhone = secondDevice(ed, "EDPHONE");
        send(edPhone, "m.test", "same", to(fi.userId(), fi.deviceId(), Json.object().put("body", "other device")));
        assertThat(bodies(syncs.sync(fi, ""))).containsExactly("once", "other device");
    }

    @Test
    void starShouldReachEveryDeviceAndOnlyExistingDevicesShouldGetMessages() {
        var gi = user("tdgi");
        var hu = user("tdhu");
        var huPhone = secondDevice(hu, "HUPHONE");
        ObjectNode messages = Json.object();
        messages.putObject(hu.userId()).set("*", Json.object().put("body", "everyone"));
        messages.putObject("@someone:remote.example").set("DEV", Json.object().put("body", "far away"));
        assertThat(send(gi, "m.test", "star", messages).status()).isEqualTo(200);
        assertThat(bodies(syncs.sync(hu, ""))).containsExactly("everyone");
        assertThat(bodies(syncs.sync(huPhone, ""))).containsExactly("everyone");
        assertThat(send(gi, "m.test", "ghost", to(hu.userId(), "NOSUCHDEVICE", Json.object().put("body", "lost"))).status())
                .isEqualTo(200);
        assertThat(bodies(syncs.sync(hu, ""))).containsExactly("everyone");
    }

    @Test
    void longQueueShouldComeInBatchesAndTheNextSyncShouldAnswerAtOnce() {
        var jo = user("tdjo");
        var ka = user("tdka");
        String since = syncs.since(ka);
        for (int i = 0; i < 5; i++) send(jo, "m.test", "b" + i, to(ka.userId(), ka.deviceId(), Json.object().put("body", "m" + i)));
        JsonNode first = syncs.sync(ka, "?since=" + SyncSteps.enc(since));
        assertThat(bodies(first)).containsExactly("m0", "m1", "m2");
        long start = System.nanoTime();
        JsonNode second = syncs.sync(ka, "?timeout=20000&since=" + SyncSteps.enc(first.path("next_batch").asText()));
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(5_000);
        assertThat(bodies(second)).containsExactly("m3", "m4");
        assertThat(bodies(syncs.sync(ka, "?since=" + SyncSteps.enc(second.path("next_batch").asText())))).isEmpty();
    }

    @Test
    void longPollShouldWakeWhenAMessageArrives() throws Exception {
        var lu = user("tdlu");
        var mo = user("tdmo");
        String since = syncs.since(mo);
        CompletableFuture<JsonNode> poll = syncs.longPoll(mo, since, 20_000);
        Thread.sleep(300);   // let the long-poll start waiting
        long start = System.nanoTime();
        send(lu, "m.test", "wake", to(mo.userId(), mo.deviceId(), Json.object().put("body", "wake up")));
        JsonNode woken = poll.get(10, TimeUnit.SECONDS);
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(10_000);
        assertThat(bodies(woken)).containsExactly("wake up");
    }

    @Test
    void badSendsShouldBeRefused() {
        var ned = user("tdned");
        String path = "/_matrix/client/v3/sendToDevice/m.test/";
        assertThat(node.client().put(path + "x1", ned.accessToken(), Json.object()).errcode()).isEqualTo("M_MISSING_PARAM");
        assertThat(node.client().put(path + "x2", ned.accessToken(), Json.object().put("messages", "all")).errcode())
                .isEqualTo("M_BAD_JSON");
        assertThat(node.client().put(path + "x3", ned.accessToken(), Json.parse("{\"messages\":{\"@a:localhost\":{\"D\":1}}}"))
                .errcode()).isEqualTo("M_BAD_JSON");
        assertThat(node.client().put(path + "x4", null, Json.object().set("messages", Json.object())).status()).isEqualTo(401);
    }
}

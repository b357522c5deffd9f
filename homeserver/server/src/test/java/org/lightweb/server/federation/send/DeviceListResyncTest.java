package org.lightweb.server.federation.send;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lightweb.storage.testing.TestStorage.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.lightweb.core.Clock;
import org.lightweb.core.Json;
import org.lightweb.server.federation.client.FederationClient;
import org.lightweb.storage.federation.FederationEduRepository.RemoteDevice;
import org.lightweb.storage.federation.FederationEduRepository.RemoteDeviceUpdate;
import org.lightweb.storage.federation.JooqFederationEduRepository;
import org.lightweb.storage.testing.TestStorage;

class DeviceListResyncTest {
    private final TestStorage storage = TestStorage.sqlite().open();
    private final JooqFederationEduRepository repo = new JooqFederationEduRepository(storage.db());
    private final List<String> asked = new CopyOnWriteArrayList<>();
    private final String bob = "@bob:nelson.test";
    private JsonNode answer;
    private final FederationClient client = (method, destination, path, query, body) -> {
        asked.add(method + " " + destination + " " + path);
        return answer == null ? Future.failedFuture(new FederationClient.Unreachable(destination, "down", null))
                : Future.succeededFuture(answer);
    };
    private final DeviceListResync resync = new DeviceListResync(client, repo, Clock.SYSTEM);

    DeviceListResyncTest() {
        // bob's list has a gap: an update with an unknown prev_id
        await(repo.applyRemoteDeviceUpdate(new RemoteDeviceUpdate("nelson.test", bob, "OLD", "Old", "{}", false, 3,
                List.of()), 1));
        await(repo.applyRemoteDeviceUpdate(new RemoteDeviceUpdate("nelson.test", bob, "NEW", null, null, false, 9,
                List.of(7L)), 2));
    }

    @AfterEach
    void close() { storage.close(); }

    private static ObjectNode device(String user, String deviceId, String name) {
        ObjectNode d = Json.object().put("device_id", deviceId);
        if (name != null) d.put("device_display_name", name);
        d.putObject("keys").put("user_id", user).put("device_id", deviceId).putArray("algorithms").add("m.olm.v1.curve25519-aes-sha2");
        return d;
    }

    @Test
    void theWholeListShouldReplaceWhatIsKeptWithoutDevicesOfOthers() {
        ObjectNode body = Json.object().put("user_id", bob).put("stream_id", 11);
        var devices = body.putArray("devices");
        devices.add(device(bob, "NEW", "Laptop"));
        devices.add(device(bob, "PHONE", null));
        devices.add(device("@mallory:nelson.test", "EVIL", null));
        ObjectNode spoofed = device(bob, "LIAR", null);
        ((ObjectNode) spoofed.get("keys")).put("device_id", "OTHER");
        devices.add(spoofed);
        body.putObject("master_key").put("user_id", bob).putArray("usage").add("master");
        body.putObject("self_signing_key").put("user_id", "@mallory:nelson.test");
        answer = body;

        assertThat(await(resync.resync("nelson.test", bob))).isTrue();
        assertThat(asked).containsExactly("GET nelson.test /_matrix/federation/v1/user/devices/%40bob%3Anelson.test");
        assertThat(await(repo.remoteDevices(bob))).extracting(RemoteDevice::deviceId, RemoteDevice::displayName)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("NEW", "Laptop"),
                        org.assertj.core.groups.Tuple.tuple("PHONE", null));
        assertThat(Json.parse(await(repo.remoteDevices(bob)).get(1).keysJson()).path("device_id").asText()).isEqualTo("PHONE");
        var list = await(repo.remoteDeviceList(bob)).orElseThrow();
        assertThat(list.stale()).isFalse();
        assertThat(list.streamId()).isEqualTo(11);
        assertThat(await(repo.remoteCrossSigningKeys(bob))).containsOnlyKeys("master");
    }

    @Test
    void anAnswerAboutAnotherUserShouldLeaveTheListStale() {
        answer = Json.object().put("user_id", "@mallory:nelson.test").put("stream_id", 11).set("devices", Json.MAPPER.createArrayNode());
        assertThat(await(resync.resync("nelson.test", bob))).isFalse();
        assertThat(await(repo.remoteDeviceList(bob)).orElseThrow().stale()).isTrue();
        assertThat(await(repo.remoteDevices(bob))).extracting(RemoteDevice::deviceId).containsExactly("NEW", "OLD");
    }

    @Test
    void anUnreachableServerShouldLeaveTheListStaleWithoutFailing() {
        answer = null;
        assertThat(await(resync.resync("nelson.test", bob))).isFalse();
        assertThat(await(repo.remoteDeviceList(bob)).orElseThrow().stale()).isTrue();
    }
}

package org.lightweb.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lightweb.core.Json;

/**
 * Sync's device_lists, with changes recorded straight through the node's DeviceLists (the API's own changes, key
 * uploads and device deletion, are covered by E2eeKeysIT).
 */
class DeviceListsIT {
    @RegisterExtension
    static final TestNode node = TestNode.create();

    private final RoomSteps rooms = new RoomSteps(node.client());
    private final SyncSteps syncs = new SyncSteps(node.client());

    private TestClient.Account user(String name) {
        return node.client().register(name, "password123");
    }

    private void deviceListChanged(String userId) throws Exception {
        node.node().wiring().deviceLists().changed(List.of(userId)).toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
    }

    @Test
    void changedShouldListRoomMatesAndSelfButNotStrangers() throws Exception {
        var amy = user("dlamy");
        var bo = user("dlbo");
        var stranger = user("dlstranger");
        String room = rooms.createRoom(amy, "public_chat");
        rooms.join(bo, room);
        JsonNode initial = syncs.sync(amy, "");
        assertThat(initial.path("device_lists").path("changed").size()).isZero();
        String since = initial.path("next_batch").asText();
        deviceListChanged(bo.userId());
        deviceListChanged(amy.userId());
        deviceListChanged(stranger.userId());
        JsonNode lists = syncs.sync(amy, "?since=" + SyncSteps.enc(since)).path("device_lists");
        assertThat(Json.MAPPER.convertValue(lists.path("changed"), List.class)).containsExactlyInAnyOrder(bo.userId(), amy.userId());
        assertThat(lists.path("left").size()).isZero();
    }

    @Test
    void leftShouldListWhoNoLongerSharesARoom() {
        var cy = user("dlcy");
        var di = user("dldi");
        var ed = user("dled");
        String room = rooms.createRoom(cy, "public_chat");
        String other = rooms.createRoom(cy, "public_chat");
        rooms.join(di, room);
        rooms.join(ed, room);
        rooms.join(ed, other);
        String since = syncs.since(cy);
        node.client().post(RoomSteps.path(room, "/leave"), di.accessToken(), Json.object());
        node.client().post(RoomSteps.path(room, "/leave"), ed.accessToken(), Json.object());
        JsonNode lists = syncs.sync(cy, "?since=" + SyncSteps.enc(since)).path("device_lists");
        assertThat(Json.MAPPER.convertValue(lists.path("left"), List.class)).containsExactly(di.userId());
    }
}

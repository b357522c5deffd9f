package org.lightweb.storage.federation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lightweb.storage.federation.FederationEduRepository.DeviceUpdate;
import org.lightweb.storage.federation.FederationEduRepository.RemoteDeviceUpdate;
import org.lightweb.storage.testing.StorageContract;
import org.lightweb.storage.testing.TestStorage;

/** What EDUs keep: to-device dedupe, announced device lists, remote devices and cross-signing keys. */
public interface FederationEduRepositoryContract extends StorageContract {
    default FederationEduRepository edus() { return new JooqFederationEduRepository(storage().db()); }

    private static String user() { return "@" + TestStorage.freshName("u") + ":nelson.test"; }

    @Test
    default void aToDeviceMessageIdShouldCountOncePerOrigin() {
        var r = edus();
        String id = TestStorage.freshName("m");
        assertThat(await(r.firstToDevice("nelson.test", id, 1))).isTrue();
        assertThat(await(r.firstToDevice("nelson.test", id, 2))).isFalse();
        assertThat(await(r.firstToDevice("third.test", id, 2))).isTrue();
        await(r.forgetToDevice("nelson.test", id));
        assertThat(await(r.firstToDevice("nelson.test", id, 3))).isTrue();
    }

    @Test
    default void announcedDevicesShouldYieldChainedUpdatesForWhatChanged() {
        var r = edus();
        String u = user();
        List<DeviceUpdate> first = await(r.announceDevices(u, Map.of("A", "a1", "B", "b1")));
        assertThat(first).extracting(DeviceUpdate::deviceId).containsExactly("A", "B");
        assertThat(first.get(0).prevId()).isNull();
        assertThat(first.get(1).prevId()).isEqualTo(first.get(0).streamId());
        assertThat(await(r.announceDevices(u, Map.of("A", "a1", "B", "b1")))).isEmpty();
        List<DeviceUpdate> second = await(r.announceDevices(u, Map.of("A", "a2")));
        assertThat(second).extracting(DeviceUpdate::deviceId, DeviceUpdate::deleted)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("A", false), org.assertj.core.groups.Tuple.tuple("B", true));
        assertThat(second.get(0).prevId()).isEqualTo(first.get(1).streamId());
        assertThat(await(r.announceDevices(u, Map.of("A", "a2")))).as("a deleted device is announced once").isEmpty();

        assertThat(await(r.announceCrossSigning(u, "x"))).isTrue();
        assertThat(await(r.announceCrossSigning(u, "x"))).isFalse();
        assertThat(await(r.announceCrossSigning(u, "y"))).isTrue();
    }

    @Test
    default void remoteDeviceListsShouldTurnStaleWhenAnUpdateIsMissed() {
        var r = edus();
        String u = user();
        assertThat(await(r.applyRemoteDeviceUpdate(new RemoteDeviceUpdate("nelson.test", u, "D1", "Phone", "{}", false, 3,
                List.of()), 1))).isFalse();
        assertThat(await(r.applyRemoteDeviceUpdate(new RemoteDeviceUpdate("nelson.test", u, "D1", "Phone 2", null, false, 4,
                List.of(3L)), 2))).isFalse();
        assertThat(await(r.applyRemoteDeviceUpdate(new RemoteDeviceUpdate("nelson.test", u, "D1", "old", null, false, 2,
                List.of()), 3))).as("an old update changes nothing").isFalse();
        assertThat(await(r.remoteDevices(u))).extracting(FederationEduRepository.RemoteDevice::displayName)
                .containsExactly("Phone 2");
        assertThat(await(r.applyRemoteDeviceUpdate(new RemoteDeviceUpdate("nelson.test", u, "D2", null, null, true, 9,
                List.of(7L)), 4))).isTrue();
        assertThat(await(r.remoteDeviceList(u)).orElseThrow().stale()).isTrue();

        String stranger = user();
        assertThat(await(r.applyRemoteDeviceUpdate(new RemoteDeviceUpdate("nelson.test", stranger, "D", null, null, false, 9,
                List.of(8L)), 1))).as("the first update heard of a user with history").isTrue();
    }

    @Test
    default void theLastAnnouncedDeviceStreamShouldFollowTheUpdatesButNotCrossSigning() {
        var r = edus();
        String u = user();
        assertThat(await(r.announcedDeviceStream(u))).isZero();
        var first = await(r.announceDevices(u, Map.of("A", "a1", "B", "b1")));
        assertThat(await(r.announcedDeviceStream(u))).isEqualTo(first.get(first.size() - 1).streamId());
        await(r.announceCrossSigning(u, "x1"));
        var gone = await(r.announceDevices(u, Map.of("A", "a1")));
        assertThat(await(r.announcedDeviceStream(u))).isEqualTo(gone.get(0).streamId());
    }

    @Test
    default void aFetchedWholeListShouldReplaceTheKeptDevicesAndEndTheStaleness() {
        var r = edus();
        String u = user();
        await(r.applyRemoteDeviceUpdate(new RemoteDeviceUpdate("nelson.test", u, "GONE", "Old", "{}", false, 3, List.of()), 1));
        assertThat(await(r.applyRemoteDeviceUpdate(new RemoteDeviceUpdate("nelson.test", u, "D2", null, null, false, 9,
                List.of(7L)), 2))).isTrue();
        await(r.replaceRemoteDevices("nelson.test", u, 12, List.of(
                new FederationEduRepository.RemoteDevice(u, "D2", "Laptop", "{\"k\":2}", false, 12),
                new FederationEduRepository.RemoteDevice(u, "D3", null, null, false, 12)), 3));
        assertThat(await(r.remoteDevices(u))).extracting(d -> d.deviceId() + "/" + d.displayName() + "/" + d.keysJson())
                .containsExactly("D2/Laptop/{\"k\":2}", "D3/null/null");
        var list = await(r.remoteDeviceList(u)).orElseThrow();
        assertThat(list.stale()).isFalse();
        assertThat(list.streamId()).isEqualTo(12);
        assertThat(await(r.applyRemoteDeviceUpdate(new RemoteDeviceUpdate("nelson.test", u, "D3", "Phone", null, false, 13,
                List.of(12L)), 4))).as("the chain goes on from the fetched stream_id").isFalse();
    }

    @Test
    default void remoteCrossSigningKeysShouldBeReplacedByType() {
        var r = edus();
        String u = user();
        await(r.putRemoteCrossSigningKeys(u, Map.of("master", "{\"m\":1}", "self_signing", "{\"s\":1}"), 1));
        await(r.putRemoteCrossSigningKeys(u, Map.of("master", "{\"m\":2}"), 2));
        assertThat(await(r.remoteCrossSigningKeys(u))).containsEntry("master", "{\"m\":2}").containsEntry("self_signing", "{\"s\":1}");
    }
}

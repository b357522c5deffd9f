package org.lightweb.server.federation.send;

import static org.lightweb.storage.jooq.Tables.ROOM_MEMBERSHIPS;
import static org.lightweb.storage.testing.TestStorage.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.lightweb.core.Clock;
import org.lightweb.core.ServerName;
import org.lightweb.core.UserId;
import org.lightweb.server.rooms.EventVisibility;
import org.lightweb.server.rooms.RoomReads;
import org.lightweb.server.sync.LocalNotifier;
import org.lightweb.server.sync.StreamHeads;
import org.lightweb.server.sync.devicelists.DeviceLists;
import org.lightweb.server.sync.presence.PresenceRules;
import org.lightweb.server.sync.presence.PresenceService;
import org.lightweb.server.sync.receipts.ReceiptService;
import org.lightweb.server.sync.todevice.ToDeviceService;
import org.lightweb.server.sync.typing.TypingService;
import org.lightweb.storage.accounts.DeviceRepository;
import org.lightweb.storage.accounts.JooqAccountRepository;
import org.lightweb.storage.accounts.JooqDeviceRepository;
import org.lightweb.storage.accounts.NewAccount;
import org.lightweb.storage.accounts.NewSession;
import org.lightweb.storage.e2ee.JooqE2eKeyRepository;
import org.lightweb.storage.federation.JooqFederationEduRepository;
import org.lightweb.storage.rooms.JooqEventRepository;
import org.lightweb.storage.rooms.JooqRoomRepository;
import org.lightweb.storage.rooms.RoomCaches;
import org.lightweb.storage.rooms.StateGroups;
import org.lightweb.storage.sync.JooqDeviceInboxRepository;
import org.lightweb.storage.sync.JooqDeviceListRepository;
import org.lightweb.storage.sync.JooqPresenceRepository;
import org.lightweb.storage.sync.JooqReceiptRepository;
import org.lightweb.storage.testing.TestStorage;

/**
 * The real services EDUs come from and land in, over a temp SQLite database, with memberships written straight
 * into {@code room_memberships} (what every membership reader reads) and a sender that records what it is given.
 */
final class EduFixture implements AutoCloseable {
    static final ServerName US = ServerName.parse("kaslo.test").orElseThrow();

    record Sent(String destination, String type, JsonNode content) {}

    /** A FederationSender that records. */
    static final class RecordingSender implements FederationSender {
        final List<Sent> edus = new CopyOnWriteArrayList<>();
        final List<Sent> pdus = new CopyOnWriteArrayList<>();

        @Override
        public void sendPdu(Collection<String> destinations, ObjectNode pdu) {
            destinations.forEach(d -> pdus.add(new Sent(d, pdu.path("type").asText(), pdu)));
        }

        @Override
        public void sendEdu(String destination, String eduType, JsonNode content) {
            edus.add(new Sent(destination, eduType, content));
        }

        List<Sent> edusOf(String type) { return edus.stream().filter(s -> s.type().equals(type)).toList(); }
    }

    final TestStorage storage = TestStorage.sqlite().open();
    final StreamHeads heads = new StreamHeads();
    final LocalNotifier notifier = new LocalNotifier(storage.vertx(), heads);
    final JooqRoomRepository rooms = new JooqRoomRepository(storage.db(), RoomCaches.none());
    final JooqEventRepository events = new JooqEventRepository(storage.db(), Clock.SYSTEM, new StateGroups(10, 100), 100);
    final DeviceRepository devices = new JooqDeviceRepository(storage.db(), Clock.SYSTEM);
    final JooqAccountRepository accounts = new JooqAccountRepository(storage.db(), Clock.SYSTEM);
    final JooqReceiptRepository receiptRepo = new JooqReceiptRepository(storage.db());
    final JooqPresenceRepository presenceRepo = new JooqPresenceRepository(storage.db());
    final JooqDeviceListRepository deviceListRepo = new JooqDeviceListRepository(storage.db());
    final JooqDeviceInboxRepository inbox = new JooqDeviceInboxRepository(storage.db());
    final JooqE2eKeyRepository keys = new JooqE2eKeyRepository(storage.db());
    final JooqFederationEduRepository eduRepo = new JooqFederationEduRepository(storage.db());
    final TypingService typing = new TypingService(storage.vertx(), rooms, heads, notifier, Clock.SYSTEM, 30_000);
    final ReceiptService receipts = new ReceiptService(receiptRepo,
            new RoomReads(events, rooms, new EventVisibility(events)), events, heads, notifier, Clock.SYSTEM);
    final PresenceService presence = new PresenceService(true, new PresenceRules(300_000, 1_800_000, 60_000),
            presenceRepo, rooms, heads, notifier, Clock.SYSTEM, storage.vertx());
    final DeviceLists deviceLists = new DeviceLists(deviceListRepo, rooms, heads, notifier);
    final ToDeviceService toDevice = new ToDeviceService(US, devices, inbox, heads, notifier);
    final RecordingSender sender = new RecordingSender();

    EduReceiver receiver() {
        return receiver(RoomAcls.fromState(events));
    }

    EduReceiver receiver(RoomAcls acls) {
        return receiver(acls, DeviceListResync.Resync.NEVER);
    }

    EduReceiver receiver(RoomAcls acls, DeviceListResync.Resync resync) {
        return new EduReceiver(US, rooms, typing, receipts, presence, deviceLists, toDevice, eduRepo, 60_000, Clock.SYSTEM,
                acls, resync);
    }

    EduProducer producer() {
        EduProducer p = new EduProducer(US, rooms, devices, keys, eduRepo, sender, Clock.SYSTEM);
        typing.addListener(p);
        receipts.addListener(p);
        presence.addListener(p);
        deviceLists.addListener(p);
        toDevice.setRemoteSender(p);
        return p;
    }

    static String user(String localpart, String server) { return "@" + localpart + ":" + server; }

    static String fresh(String prefix) { return TestStorage.freshName(prefix); }

    void member(String roomId, String userId, String membership) {
        await(storage.db().write(tx -> tx.insertInto(ROOM_MEMBERSHIPS).set(ROOM_MEMBERSHIPS.ROOM_ID, roomId)
                .set(ROOM_MEMBERSHIPS.USER_ID, userId).set(ROOM_MEMBERSHIPS.MEMBERSHIP, membership)
                .set(ROOM_MEMBERSHIPS.EVENT_ID, "$" + fresh("m")).set(ROOM_MEMBERSHIPS.STREAM_ORDERING, 1L)
                .onConflict(ROOM_MEMBERSHIPS.ROOM_ID, ROOM_MEMBERSHIPS.USER_ID).doUpdate()
                .set(ROOM_MEMBERSHIPS.MEMBERSHIP, membership).execute()));
    }

    /** A registered local user with one device. */
    UserId localUserWithDevice(String deviceId) {
        UserId u = UserId.of(fresh("u"), US);
        await(accounts.register(new NewAccount(u, "$argon2id$test", false, false, null, null, null, Optional.empty(),
                Optional.empty(), Optional.of(new NewSession(deviceId, "Phone", fresh("at"), null, null, "192.0.2.1", "t")))));
        return u;
    }

    @Override
    public void close() {
        typing.close();
        presence.close();
        storage.close();
    }
}

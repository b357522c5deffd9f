package org.lightweb.storage.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lightweb.storage.jooq.Tables.EVENTS;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.lightweb.core.UserId;
import org.lightweb.storage.push.PusherRepository.Pusher;
import org.lightweb.storage.testing.StorageContract;
import org.lightweb.storage.testing.TestStorage;

/** Pushers: set and update, append and the uniqueness of (app_id, pushkey), deletion with the device, delivery position. */
public interface PusherRepositoryContract extends StorageContract {
    default PusherRepository pushers() { return new JooqPusherRepository(storage().db()); }

    /** A registered user logged in on device "D1". */
    private UserId userWithDevice() {
        UserId user = registeredUser();
        await(storage().devices().login(user, session("D1")));
        return user;
    }

    private static Pusher pusher(UserId user, String appId, String pushkey, String url) {
        return new Pusher(user.toString(), "D1", "hash", "http", appId, pushkey, "App", "Phone", null, "en",
                "{\"url\":\"" + url + "\"}", 1000, 0, null);
    }

    @Test
    default void setShouldAddThenUpdateWhenTheKeyIsTheSame() {
        UserId user = userWithDevice();
        await(pushers().set(pusher(user, "app", "key1", "https://a/_matrix/push/v1/notify"), false));
        await(pushers().set(pusher(user, "app", "key1", "https://b/_matrix/push/v1/notify"), false));
        await(pushers().set(pusher(user, "app", "key2", "https://c/_matrix/push/v1/notify"), false));
        List<Pusher> mine = await(pushers().of(user.toString()));
        assertThat(mine).extracting(Pusher::pushkey).containsExactly("key1", "key2");
        assertThat(mine.get(0).data()).contains("https://b/");
    }

    @Test
    default void setShouldRemoveOtherUsersPushersWithTheSameKeyUnlessAppending() {
        UserId ann = userWithDevice();
        UserId ben = userWithDevice();
        UserId cal = userWithDevice();
        String key = TestStorage.freshName("shared");
        await(pushers().set(pusher(ann, "app", key, "https://a/_matrix/push/v1/notify"), false));
        await(pushers().set(pusher(ben, "app", key, "https://a/_matrix/push/v1/notify"), true));
        assertThat(await(pushers().of(ann.toString()))).hasSize(1);
        assertThat(await(pushers().of(ben.toString()))).hasSize(1);
        await(pushers().set(pusher(cal, "app", key, "https://a/_matrix/push/v1/notify"), false));
        assertThat(await(pushers().of(ann.toString()))).isEmpty();
        assertThat(await(pushers().of(ben.toString()))).isEmpty();
        assertThat(await(pushers().of(cal.toString()))).hasSize(1);
    }

    @Test
    default void newPusherShouldStartAtTheEventsHeadAndAdvanceOnlyForward() {
        UserId user = userWithDevice();
        long head = 7_000_000 + System.nanoTime() % 1000;
        await(storage().db().write(tx -> tx.insertInto(EVENTS).set(EVENTS.EVENT_ID, "$head" + head)
                .set(EVENTS.ROOM_ID, "!r:example.org").set(EVENTS.STREAM_ORDERING, head).set(EVENTS.DEPTH, 1L)
                .set(EVENTS.TYPE, "m.room.message").set(EVENTS.SENDER, "@x:example.org").set(EVENTS.ORIGIN_SERVER_TS, 1L)
                .set(EVENTS.RECEIVED_TS, 1L).set(EVENTS.JSON, "{}").execute()));
        await(pushers().set(pusher(user, "app", "k", "https://a/_matrix/push/v1/notify"), false));
        Pusher p = await(pushers().find(user.toString(), "app", "k")).orElseThrow();
        assertThat(p.lastStreamOrdering()).isGreaterThanOrEqualTo(head);

        await(pushers().markFailing(user.toString(), "app", "k", 5));
        await(pushers().markFailing(user.toString(), "app", "k", 9));
        assertThat(await(pushers().find(user.toString(), "app", "k")).orElseThrow().failingSince()).isEqualTo(5L);
        assertThat(await(pushers().advance(user.toString(), "app", "k", p.lastStreamOrdering() + 5))).isTrue();
        assertThat(await(pushers().advance(user.toString(), "app", "k", p.lastStreamOrdering() + 1))).isTrue();
        Pusher after = await(pushers().find(user.toString(), "app", "k")).orElseThrow();
        assertThat(after.lastStreamOrdering()).isEqualTo(p.lastStreamOrdering() + 5);
        assertThat(after.failingSince()).isNull();

        await(pushers().set(pusher(user, "app", "k", "https://b/_matrix/push/v1/notify"), false));
        assertThat(await(pushers().find(user.toString(), "app", "k")).orElseThrow().lastStreamOrdering())
                .as("an update keeps the position").isEqualTo(p.lastStreamOrdering() + 5);
    }

    @Test
    default void pushersShouldGoWithTheirDevice() {
        UserId user = userWithDevice();
        await(storage().devices().login(user, session("D2")));
        await(pushers().set(pusher(user, "app", "k1", "https://a/_matrix/push/v1/notify"), false));
        Pusher other = pusher(user, "app", "k2", "https://a/_matrix/push/v1/notify");
        await(pushers().set(new Pusher(other.userId(), "D2", null, "http", "app", "k2", "App", "Phone", null, "en",
                other.data(), 1, 0, null), false));
        await(storage().devices().deleteDevices(user, List.of("D1")));
        assertThat(await(pushers().of(user.toString()))).extracting(Pusher::pushkey).containsExactly("k2");
    }

    @Test
    default void deleteShouldRemoveOnePusherOrAllOfAUser() {
        UserId user = userWithDevice();
        await(pushers().set(pusher(user, "app", "k1", "https://a/_matrix/push/v1/notify"), false));
        await(pushers().set(pusher(user, "app", "k2", "https://a/_matrix/push/v1/notify"), false));
        assertThat(await(pushers().delete(user.toString(), "app", "k1"))).isTrue();
        assertThat(await(pushers().delete(user.toString(), "app", "k1"))).isFalse();
        assertThat(await(pushers().ofUsers(List.of(user.toString()), "http"))).hasSize(1);
        assertThat(await(pushers().ofUsers(List.of(user.toString()), "email"))).isEmpty();
        assertThat(await(pushers().deleteAllOf(user.toString()))).isEqualTo(1);
        assertThat(await(pushers().of(user.toString()))).isEmpty();
        assertThat(await(pushers().advance(user.toString(), "app", "k2", 10))).isFalse();
    }
}

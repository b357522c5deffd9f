package org.lightweb.server.sync.presence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lightweb.server.sync.presence.PresenceState.OFFLINE;
import static org.lightweb.server.sync.presence.PresenceState.ONLINE;
import static org.lightweb.server.sync.presence.PresenceState.UNAVAILABLE;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PresenceRulesTest {
    /** Synapse's numbers: idle after 5 min, offline 30 s after the last sync, currently active for 1 min. */
    private final PresenceRules rules = new PresenceRules(300_000, 30_000, 60_000);
    private final AtomicLong clock = new AtomicLong(1_000_000_000);
    private final PresenceState nobody = PresenceState.unknown("@amy:x");

    private long now() { return clock.get(); }

    @Test
    void syncShouldMakeAnOfflineUserOnlineAndCurrentlyActiveWhenSetPresenceIsAbsent() {
        PresenceState s = rules.onSync(nobody, ONLINE, now());
        assertThat(s.presence()).isEqualTo(ONLINE);
        assertThat(s.lastActiveTs()).isEqualTo(now());
        assertThat(s.currentlyActive()).isTrue();
        assertThat(rules.shouldNotify(nobody, s)).isTrue();
    }

    @Test
    void onlineUserShouldBecomeUnavailableWhenIdleLongerThanTheIdleTimeout() {
        PresenceState online = rules.onSync(nobody, ONLINE, now());
        clock.addAndGet(300_000);
        assertThat(rules.onTimer(online, true, now()).presence()).isEqualTo(ONLINE);
        clock.addAndGet(1);
        PresenceState idle = rules.onTimer(online, true, now());
        assertThat(idle.presence()).isEqualTo(UNAVAILABLE);
        assertThat(idle.currentlyActive()).isFalse();
        assertThat(rules.shouldNotify(online, idle)).isTrue();
    }

    @Test
    void userShouldGoOfflineWhenNeitherSyncingNorActiveForTheOfflineTimeout() {
        PresenceState online = rules.onSyncEnd(rules.onSync(nobody, ONLINE, now()), now());
        clock.addAndGet(30_000);
        assertThat(rules.onTimer(online, false, now()).presence()).isEqualTo(ONLINE);
        clock.addAndGet(1);
        assertThat(rules.onTimer(online, false, now()).presence()).isEqualTo(OFFLINE);
    }

    @Test
    void userShouldStayOnlineWhenASyncIsInProgressWhateverTheTime() {
        PresenceState online = rules.onSync(nobody, ONLINE, now());
        clock.addAndGet(120_000);
        assertThat(rules.onTimer(online, true, now()).presence()).isEqualTo(ONLINE);
    }

    @Test
    void currentlyActiveShouldEndAfterTheWindowAndBeAnnounced() {
        PresenceState online = rules.onSync(nobody, ONLINE, now());
        clock.addAndGet(60_001);
        PresenceState later = rules.onTimer(online, true, now());
        assertThat(later.presence()).isEqualTo(ONLINE);
        assertThat(later.currentlyActive()).isFalse();
        assertThat(rules.shouldNotify(online, later)).isTrue();
    }

    @Test
    void activityShouldNotBeAnnouncedAgainWhenWithinTheActiveWindow() {
        PresenceState online = rules.onSync(nobody, ONLINE, now());
        clock.addAndGet(20_000);
        PresenceState again = rules.onActive(online, now());
        assertThat(again.lastActiveTs()).isEqualTo(now());
        assertThat(rules.shouldNotify(online, again)).isFalse();
    }

    @Test
    void activityShouldBringAnUnavailableUserBackOnline() {
        PresenceState away = rules.onSet(nobody, UNAVAILABLE, "lunch", now());
        clock.addAndGet(1000);
        PresenceState back = rules.onActive(away, now());
        assertThat(back.presence()).isEqualTo(ONLINE);
        assertThat(back.statusMsg()).isEqualTo("lunch");
        assertThat(rules.shouldNotify(away, back)).isTrue();
    }

    @Test
    void offlineUserShouldStayOfflineWhenActiveOrWhenTimersRun() {
        assertThat(rules.onActive(nobody, now()).presence()).isEqualTo(OFFLINE);
        clock.addAndGet(10_000_000);
        assertThat(rules.onTimer(nobody, false, now())).isEqualTo(nobody);
    }

    @Test
    void setPresenceShouldReplaceTheStatusMessageWhenItIsAbsent() {
        PresenceState busy = rules.onSet(nobody, ONLINE, "busy", now());
        PresenceState plain = rules.onSet(busy, ONLINE, null, now());
        assertThat(plain.statusMsg()).isNull();
        assertThat(rules.shouldNotify(busy, plain)).isTrue();
    }

    @Test
    void syncShouldKeepTheStatusMessageWhenSettingPresence() {
        PresenceState away = rules.onSet(nobody, UNAVAILABLE, "brb", now());
        PresenceState synced = rules.onSync(away, ONLINE, now());
        assertThat(synced.statusMsg()).isEqualTo("brb");
        assertThat(synced.presence()).isEqualTo(ONLINE);
    }

    @Test
    void contentShouldCarryLastActiveAgoAndCurrentlyActiveOnlyWhenOnline() {
        PresenceState online = rules.onSet(nobody, ONLINE, "here", now());
        clock.addAndGet(1500);
        ObjectNode c = PresenceRules.content(online, now());
        assertThat(c.path("presence").asText()).isEqualTo(ONLINE);
        assertThat(c.path("last_active_ago").asLong()).isEqualTo(1500);
        assertThat(c.path("currently_active").asBoolean()).isTrue();
        assertThat(c.path("status_msg").asText()).isEqualTo("here");
        ObjectNode off = PresenceRules.content(nobody, now());
        assertThat(off.has("currently_active")).isFalse();
        assertThat(off.has("last_active_ago")).isFalse();
    }
}

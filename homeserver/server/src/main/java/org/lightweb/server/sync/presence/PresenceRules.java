package org.lightweb.server.sync.presence;

import static org.lightweb.server.sync.presence.PresenceState.OFFLINE;
import static org.lightweb.server.sync.presence.PresenceState.ONLINE;
import static org.lightweb.server.sync.presence.PresenceState.UNAVAILABLE;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import org.lightweb.core.Json;

/**
 * How presence changes, after Synapse's synapse/handlers/presence.py ({@code set_state},
 * {@code bump_presence_active_time}, {@code handle_timeout}, {@code handle_update}, {@code should_notify},
 * {@code format_user_presence_state}), for one state per user rather than per device. Pure: the time is an
 * argument. The three timings are config keys (presence.idle_after, presence.offline_after,
 * presence.active_window) whose defaults are Synapse's IDLE_TIMER (5 min), SYNC_ONLINE_TIMEOUT (30 s) and
 * LAST_ACTIVE_GRANULARITY (1 min).
 */
public record PresenceRules(long idleAfterMs, long offlineAfterMs, long activeWindowMs) {

    /** A sync with {@code set_presence} (never offline: that sync leaves presence alone) starts. */
    public PresenceState onSync(PresenceState prev, String presence, long now) {
        PresenceState next = prev.withPresence(presence).withLastSync(now);
        return settle(ONLINE.equals(presence) ? next.withLastActive(now) : next, now);
    }

    /** A sync ended: the user was connected until now. */
    public PresenceState onSyncEnd(PresenceState prev, long now) {
        return prev.withLastSync(now);
    }

    /** PUT /presence/{userId}/status: the status message is replaced too (cleared when absent), as in Synapse. */
    public PresenceState onSet(PresenceState prev, String presence, String statusMsg, long now) {
        PresenceState next = prev.withPresence(presence).withStatusMsg(statusMsg);
        return settle(ONLINE.equals(presence) ? next.withLastActive(now) : next, now);
    }

    /** Activity (sending, typing, receipts): last active is now, and an unavailable user is back online. */
    public PresenceState onActive(PresenceState prev, long now) {
        PresenceState next = prev.withLastActive(now);
        return settle(UNAVAILABLE.equals(prev.presence()) ? next.withPresence(ONLINE) : next, now);
    }

    /**
     * What the timers make of a state at {@code now}: online and idle too long becomes unavailable; nobody
     * syncing and neither synced nor active for too long becomes offline. Unchanged when nothing is due.
     */
    public PresenceState onTimer(PresenceState state, boolean syncing, long now) {
        if (OFFLINE.equals(state.presence())) return state;
        PresenceState next = state;
        if (ONLINE.equals(next.presence()) && now - next.lastActiveTs() > idleAfterMs) next = next.withPresence(UNAVAILABLE);
        if (!syncing && now - Math.max(next.lastSyncTs(), next.lastActiveTs()) > offlineAfterMs) next = next.withPresence(OFFLINE);
        return settle(next, now);
    }

    /** Sets currently_active: online and active within the window. */
    PresenceState settle(PresenceState s, long now) {
        return s.withCurrentlyActive(ONLINE.equals(s.presence()) && now - s.lastActiveTs() < activeWindowMs);
    }

    /** Whether a change is worth a new stream position and telling everyone (Synapse's should_notify). */
    public boolean shouldNotify(PresenceState old, PresenceState next) {
        if (!Objects.equals(old.statusMsg(), next.statusMsg())) return true;
        if (!old.presence().equals(next.presence())) return true;
        boolean bumped = next.lastActiveTs() - old.lastActiveTs() > activeWindowMs;
        if (ONLINE.equals(old.presence())) {
            if (old.currentlyActive() != next.currentlyActive()) return true;
            return bumped && !next.currentlyActive();
        }
        return bumped;
    }

    /** The content of m.presence (and of GET /presence/{userId}/status). */
    public static ObjectNode content(PresenceState s, long now) {
        ObjectNode c = Json.object().put("presence", s.presence());
        if (s.lastActiveTs() > 0) c.put("last_active_ago", Math.max(0, now - s.lastActiveTs()));
        if (s.statusMsg() != null && !s.statusMsg().isEmpty()) c.put("status_msg", s.statusMsg());
        if (ONLINE.equals(s.presence())) c.put("currently_active", s.currentlyActive());
        return c;
    }
}

package org.lightweb.server.sync.presence;

/**
 * One user's presence as the node tracks it. {@code lastSyncTs} lives in memory only; the rest is what
 * {@code m.presence} shows and what the presence table stores.
 */
public record PresenceState(String userId, String presence, String statusMsg, long lastActiveTs, long lastSyncTs,
                            boolean currentlyActive) {
    public static final String ONLINE = "online";
    public static final String UNAVAILABLE = "unavailable";
    public static final String OFFLINE = "offline";

    /** Someone the node knows nothing about: offline, never active. */
    public static PresenceState unknown(String userId) {
        return new PresenceState(userId, OFFLINE, null, 0, 0, false);
    }

    public static boolean valid(String presence) {
        return ONLINE.equals(presence) || UNAVAILABLE.equals(presence) || OFFLINE.equals(presence);
    }

    public PresenceState withPresence(String p) {
        return new PresenceState(userId, p, statusMsg, lastActiveTs, lastSyncTs, currentlyActive);
    }

    public PresenceState withStatusMsg(String msg) {
        return new PresenceState(userId, presence, msg, lastActiveTs, lastSyncTs, currentlyActive);
    }

    public PresenceState withLastActive(long ts) {
        return new PresenceState(userId, presence, statusMsg, ts, lastSyncTs, currentlyActive);
    }

    public PresenceState withLastSync(long ts) {
        return new PresenceState(userId, presence, statusMsg, lastActiveTs, ts, currentlyActive);
    }

    public PresenceState withCurrentlyActive(boolean active) {
        return new PresenceState(userId, presence, statusMsg, lastActiveTs, lastSyncTs, active);
    }
}

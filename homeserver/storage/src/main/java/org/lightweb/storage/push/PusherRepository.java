package org.lightweb.storage.push;

import io.vertx.core.Future;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Pushers (table pushers): where a user's notifications go. A pusher is named by (user, app_id, pushkey) and belongs
 * to the device that set it; deleting the device deletes it. Each keeps its delivery position
 * ({@code lastStreamOrdering}), so delivery survives restarts.
 */
public interface PusherRepository {
    record Pusher(String userId, String deviceId, String accessTokenHash, String kind, String appId, String pushkey,
                  String appDisplayName, String deviceDisplayName, String profileTag, String lang, String data,
                  long pushkeyTs, long lastStreamOrdering, Long failingSince) {}

    /**
     * Adds the pusher or updates the user's pusher of the same app_id and pushkey (keeping its delivery position).
     * A new pusher starts at the events stream head. Unless {@code append}, pushers of other users with the same
     * app_id and pushkey are deleted (spec: set pusher, {@code append}). The given {@code lastStreamOrdering} and
     * {@code failingSince} are ignored.
     */
    Future<Void> set(Pusher pusher, boolean append);

    /** Deletes the user's pusher; false when there was none. */
    Future<Boolean> delete(String userId, String appId, String pushkey);

    /** Deletes every pusher of the user (deactivation); answers how many there were. */
    Future<Integer> deleteAllOf(String userId);

    Future<List<Pusher>> of(String userId);

    /** The pushers of these users with this kind. */
    Future<List<Pusher>> ofUsers(Collection<String> userIds, String kind);

    /** Every pusher of this kind (to resume delivery at start). */
    Future<List<Pusher>> all(String kind);

    Future<Optional<Pusher>> find(String userId, String appId, String pushkey);

    /**
     * Moves the delivery position forward to {@code streamOrdering} (never back) and clears the failure mark; false
     * when the pusher is gone.
     */
    Future<Boolean> advance(String userId, String appId, String pushkey, long streamOrdering);

    /** Records when delivery of the current notification first failed (kept when already set). */
    Future<Void> markFailing(String userId, String appId, String pushkey, long since);
}

package org.lightweb.storage.e2ee;

import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;

/** Server-side key backup: a user's backup versions and the encrypted room keys in them (opaque to the server). */
public interface KeyBackupRepository {
    /** A backup version with the number of keys it holds and its etag. */
    record Version(long version, String algorithm, String authData, long etag, long count) {}

    /** One backed-up room key. */
    record RoomKey(String roomId, String sessionId, long firstMessageIndex, long forwardedCount, boolean isVerified,
                   String sessionData) {}

    /** Creates the user's next version, which becomes the current one; answers its number. */
    Future<Long> create(String userId, String algorithm, String authData);

    /** A version that is not deleted, or the current (highest) one when {@code version} is empty. */
    Future<Optional<Version>> find(String userId, Optional<Long> version);

    /** Replaces a live version's auth_data; false when there is no such version. */
    Future<Boolean> update(String userId, long version, String authData);

    /** Deletes a version and its keys; false when there is no such version. */
    Future<Boolean> delete(String userId, long version);

    /** Keys of a version, all or of one room ({@code roomId}) or one session ({@code sessionId} too). */
    Future<List<RoomKey>> keys(String userId, long version, String roomId, String sessionId);

    /**
     * Stores keys, each replacing the stored key of its session only when better (Synapse's rule: verified beats
     * unverified, then the lower first_message_index, then the lower forwarded_count); the etag moves when any
     * key changed.
     */
    Future<Void> put(String userId, long version, List<RoomKey> keys);

    /** Deletes keys (all, of a room, or one session) and moves the etag. */
    Future<Void> deleteKeys(String userId, long version, String roomId, String sessionId);

    /** Deletes every backed-up key of a deactivated user; their versions are kept as deleted, so no number is reused. */
    Future<Void> deleteAllOf(String userId);
}

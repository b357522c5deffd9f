package org.lightweb.storage.media;

import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;

/**
 * Which media ids name which stored bytes (table media), and the cached thumbnails (media_thumbnails). The bytes
 * themselves are on disk, named by their SHA-256; this repository never touches the disk.
 */
public interface MediaRepository {
    /**
     * One media id. {@code sha256} is null while the id is pending (created, content not yet uploaded).
     * {@code restricted}: only the authenticated endpoints serve it.
     */
    record Media(String serverName, String mediaId, String userId, String contentType, String uploadName, Long size,
                 String sha256, long createdTs, Long unusedExpiresAt, Long lastAccessTs, boolean restricted) {
        public boolean uploaded() { return sha256 != null; }
    }

    /** The content of an upload, as the store saw it. */
    record Content(String contentType, String uploadName, long size, String sha256) {}

    record Thumbnail(int width, int height, String method, String contentType, long size, String sha256) {}

    /** Records a finished upload under a new id. */
    Future<Void> addUploaded(String serverName, String mediaId, String userId, Content content, long nowTs,
                             boolean restricted);

    /** Records a pending id (POST /create) that its creator may fill until {@code unusedExpiresAt}. */
    Future<Void> addPending(String serverName, String mediaId, String userId, long nowTs, long unusedExpiresAt,
                            boolean restricted);

    /**
     * Fills a pending id with its content. False when the id was filled already (by a concurrent upload too):
     * only one upload ever wins.
     */
    Future<Boolean> fillPending(String serverName, String mediaId, Content content, long nowTs);

    Future<Optional<Media>> find(String serverName, String mediaId);

    /** Bytes of the uploaded media of a user (the quota counts every upload, even of identical bytes). */
    Future<Long> bytesUploadedBy(String userId);

    /** Pending ids of a user that have not expired at {@code nowTs}. */
    Future<Integer> pendingCount(String userId, long nowTs);

    /** Whether any media or thumbnail row still names these bytes. */
    Future<Boolean> isReferenced(String sha256);

    Future<Void> touch(String serverName, String mediaId, long nowTs);

    Future<Optional<Thumbnail>> thumbnail(String serverName, String mediaId, int width, int height, String method);

    /** Records a generated thumbnail; a concurrent identical one is ignored. */
    Future<Void> addThumbnail(String serverName, String mediaId, Thumbnail thumbnail);

    /** Deletes pending ids whose unused_expires_at has passed at {@code nowTs}; answers how many went. */
    Future<Integer> deleteExpiredPending(long nowTs);

    /**
     * Deletes the uploaded media of {@code serverName} last accessed (or, never accessed, created) before
     * {@code cutoffTs}, with their thumbnails; answers the SHA-256s those rows named, for the caller to delete the
     * files no other row still names.
     */
    Future<List<String>> deleteUnusedSince(String serverName, long cutoffTs);

    /**
     * Records another server's media fetched over federation (its {@code userId} is empty: no local user uploaded
     * it, and no quota counts it). Fills a row {@link #addRemoteStub} made; a row that has content already (a
     * concurrent fetch won) is kept. Answers the row as it is now.
     */
    Future<Media> addRemote(String serverName, String mediaId, Content content, long nowTs, boolean restricted);

    /**
     * Records that remote media exists, before (or without) its content: a row without sha256 for its cached
     * thumbnails to hang on. Nothing when the row exists.
     */
    Future<Void> addRemoteStub(String serverName, String mediaId, long nowTs, boolean restricted);

    /**
     * Deletes the cached media of every server but {@code localServerName} last accessed (or, never accessed,
     * fetched) before {@code cutoffTs}, with their thumbnails; answers the SHA-256s those rows named.
     */
    Future<List<String>> deleteRemoteUnusedSince(String localServerName, long cutoffTs);

    /** Quarantines media (local or remote, known or not): downloads and thumbnails answer 404. False when it was already. */
    Future<Boolean> quarantine(String serverName, String mediaId, String byUser, long nowTs);

    /** Lifts a quarantine; false when there was none. */
    Future<Boolean> unquarantine(String serverName, String mediaId);

    Future<Boolean> isQuarantined(String serverName, String mediaId);

    /**
     * Deletes one media id with its thumbnails; answers the SHA-256s the rows named (empty when there was no such
     * media), for the caller to delete the files no other row still names.
     */
    Future<Optional<List<String>>> delete(String serverName, String mediaId);
}

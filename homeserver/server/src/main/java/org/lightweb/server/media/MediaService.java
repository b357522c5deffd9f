package org.lightweb.server.media;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.lightweb.core.Clock;
import org.lightweb.core.ErrCode;
import org.lightweb.core.MatrixException;
import org.lightweb.core.ServerName;
import org.lightweb.core.UserId;
import org.lightweb.server.config.HomeserverConfig;
import org.lightweb.storage.media.MediaRepository;
import org.lightweb.storage.media.MediaRepository.Content;
import org.lightweb.storage.media.MediaRepository.Media;

/** The rules of local media: uploads (direct and created-then-uploaded), quotas, and finding content to serve. */
public final class MediaService {
    static final String DEFAULT_CONTENT_TYPE = "application/octet-stream";

    /** An upload's body and what the request said about it; {@code cancelled} completes when the client goes away. */
    public record Upload(String contentType, String filename, Long declaredLength, ReadStream<Buffer> body,
                         Future<Void> cancelled) {}

    public record Created(String contentUri, long unusedExpiresAt) {}

    /** Content ready to serve. */
    public record Found(String serverName, String mediaId, Path file, String contentType, String uploadName, long size) {}

    private final ServerName serverName;
    private final MediaRepository repo;
    private final BlobStore blobs;
    private final RemoteMedia remote;
    private final HomeserverConfig.Media limits;
    private final Clock clock;
    private final io.vertx.core.Vertx vertx;
    /** Downloads waiting (timeout_ms) for created ids to get their content, by media id. */
    private final Map<String, List<io.vertx.core.Promise<Void>>> waiting = new java.util.concurrent.ConcurrentHashMap<>();

    public MediaService(io.vertx.core.Vertx vertx, ServerName serverName, MediaRepository repo, BlobStore blobs,
                        RemoteMedia remote, HomeserverConfig.Media limits, Clock clock) {
        this.vertx = vertx;
        this.serverName = serverName;
        this.repo = repo;
        this.blobs = blobs;
        this.remote = remote;
        this.limits = limits;
        this.clock = clock;
    }

    public long maxUploadBytes() { return limits.maxUploadBytes(); }

    /** Whether {@code server} is this node (else its media is remote). */
    public boolean isLocal(ServerName server) { return server.equals(serverName); }

    private String mxc(String mediaId) { return "mxc://" + serverName.value() + "/" + mediaId; }

    /** Told of each local upload once it is stored (thumbnail pre-generation); runs on its own, never failing it. */
    public void onUploaded(java.util.function.Consumer<String> listener) { this.uploaded = listener; }

    private volatile java.util.function.Consumer<String> uploaded = mediaId -> {};

    private String uploaded(String mediaId) {
        try {
            uploaded.accept(mediaId);
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(MediaService.class).warn("upload listener failed [media: {}]", mediaId, e);
        }
        return mxc(mediaId);
    }

    /** POST /_matrix/media/v3/upload: stores the body under a new id and answers its mxc:// URI. */
    public Future<String> upload(UserId user, Upload upload) {
        String mediaId = MediaIds.generate();
        return receive(user, upload).compose(content -> repo.addUploaded(serverName.value(), mediaId, user.toString(),
                content, clock.millis(), limits.legacyUnauthenticatedFreeze())
                .onComplete(done -> blobs.release(content.sha256()))).map(v -> uploaded(mediaId));
    }

    /** POST /_matrix/media/v1/create: a new id its creator fills later. 429 when they hold too many pending ones. */
    public Future<Created> create(UserId user) {
        long now = clock.millis();
        return repo.pendingCount(user.toString(), now).compose(pending -> {
            if (pending >= limits.maxPendingUploads()) {
                return Future.failedFuture(new MatrixException(429, ErrCode.M_LIMIT_EXCEEDED,
                        "Too many pending uploads; upload or let some expire first"));
            }
            String mediaId = MediaIds.generate();
            long expires = now + limits.unusedExpiry().toMillis();
            return repo.addPending(serverName.value(), mediaId, user.toString(), now, expires,
                    limits.legacyUnauthenticatedFreeze()).map(v -> new Created(mxc(mediaId), expires));
        });
    }

    /**
     * PUT /_matrix/media/v3/upload/{serverName}/{mediaId}: fills an id made by {@link #create}. Only its creator may,
     * once (409 M_CANNOT_OVERWRITE_MEDIA), before it expires (404). Checked before the body is read.
     */
    public Future<Void> uploadTo(UserId user, ServerName server, String mediaId, Upload upload) {
        if (!server.equals(serverName)) return Future.failedFuture(MatrixException.notFound("Unknown media ID"));
        return repo.find(server.value(), mediaId).compose(found -> {
            Media m = found.orElse(null);
            if (m == null || (!m.uploaded() && m.unusedExpiresAt() != null && m.unusedExpiresAt() <= clock.millis())) {
                return Future.failedFuture(MatrixException.notFound("Unknown media ID"));
            }
            if (!m.userId().equals(user.toString())) {
                return Future.failedFuture(MatrixException.forbidden("You did not create this media ID"));
            }
            if (m.uploaded()) return Future.failedFuture(cannotOverwrite());
            return receive(user, upload).compose(content -> repo.fillPending(server.value(), mediaId, content, clock.millis())
                            .onComplete(done -> blobs.release(content.sha256())))
                    .compose(filled -> filled ? Future.<Void>succeededFuture() : Future.failedFuture(cannotOverwrite()))
                    .onSuccess(v -> {
                        uploaded(mediaId);
                        List<io.vertx.core.Promise<Void>> waiters = waiting.remove(mediaId);
                        if (waiters != null) waiters.forEach(io.vertx.core.Promise::tryComplete);
                    });
        });
    }

    private static MatrixException cannotOverwrite() {
        return new MatrixException(409, ErrCode.M_CANNOT_OVERWRITE_MEDIA, "Media already uploaded");
    }

    /** Stores bytes the node fetched itself (a URL preview's image) as the user's media; answers its mxc:// URI. */
    public Future<String> storeFetched(UserId user, byte[] bytes, String contentType) {
        String mediaId = MediaIds.generate();
        return blobs.write(bytes).compose(stored -> repo.addUploaded(serverName.value(), mediaId, user.toString(),
                new Content(contentType, null, stored.size(), stored.sha256()), clock.millis(),
                limits.legacyUnauthenticatedFreeze()).onComplete(done -> blobs.release(stored.sha256())))
                .map(v -> mxc(mediaId));
    }

    /** Quota and size checks around streaming the body to the blob store. */
    private Future<Content> receive(UserId user, Upload upload) {
        long max = limits.maxUploadBytes();
        if (upload.declaredLength() != null && upload.declaredLength() > max) {
            return Future.failedFuture(MatrixException.tooLarge("Upload is larger than the limit of " + max + " bytes"));
        }
        long declared = upload.declaredLength() == null ? 0 : upload.declaredLength();
        return repo.bytesUploadedBy(user.toString()).compose(used -> {
            if (used + declared > limits.userQuotaBytes()) return Future.failedFuture(quotaExceeded());
            return blobs.write(upload.body(), max, upload.cancelled()).compose(stored -> {
                if (used + stored.size() > limits.userQuotaBytes()) {
                    blobs.release(stored.sha256());
                    return Future.failedFuture(quotaExceeded());
                }
                String type = upload.contentType() == null || upload.contentType().isBlank()
                        ? DEFAULT_CONTENT_TYPE : upload.contentType();
                return Future.succeededFuture(new Content(type, upload.filename(), stored.size(), stored.sha256()));
            });
        });
    }

    private static MatrixException quotaExceeded() {
        return new MatrixException(403, ErrCode.M_RESOURCE_LIMIT_EXCEEDED, "You have used up your media quota");
    }

    /**
     * The content of {@code mxc://server/mediaId}. 404 M_NOT_FOUND when unknown or expired, 504 M_NOT_YET_UPLOADED
     * while a created id waits for its content. {@code legacy}: the unauthenticated endpoints, which do not see
     * media uploaded while they were frozen.
     */
    public Future<Found> find(ServerName server, String mediaId, boolean legacy) {
        return find(server, mediaId, legacy, 0);
    }

    /**
     * Like {@link #find(ServerName, String, boolean)}, but a created id still waiting for its content is waited for up
     * to {@code waitMs} (the request's timeout_ms, capped by {@code media.max_upload_wait}) before 504.
     */
    public Future<Found> find(ServerName server, String mediaId, boolean legacy, long waitMs) {
        long wait = Math.max(0, Math.min(waitMs, limits.maxUploadWait().toMillis()));
        if (wait == 0 || !server.equals(serverName)) return findNow(server, mediaId, legacy);
        return findNow(server, mediaId, legacy).recover(err -> err instanceof MatrixException e
                && e.errcode() == ErrCode.M_NOT_YET_UPLOADED
                ? uploadOf(mediaId, wait).compose(v -> findNow(server, mediaId, legacy)) : Future.failedFuture(err));
    }

    /** Completes when the created id gets its content, fails with 504 M_NOT_YET_UPLOADED after {@code waitMs}. */
    private Future<Void> uploadOf(String mediaId, long waitMs) {
        io.vertx.core.Promise<Void> promise = io.vertx.core.Promise.promise();
        List<io.vertx.core.Promise<Void>> list = waiting.computeIfAbsent(mediaId,
                k -> new java.util.concurrent.CopyOnWriteArrayList<>());
        list.add(promise);
        long timer = vertx.setTimer(waitMs, t -> promise.tryFail(notYetUploaded()));
        // The content may have arrived between the first look and the registration above.
        repo.find(serverName.value(), mediaId).onSuccess(row -> {
            if (row.map(Media::uploaded).orElse(false)) promise.tryComplete();
        });
        return promise.future().onComplete(done -> {
            vertx.cancelTimer(timer);
            list.remove(promise);
            if (list.isEmpty()) waiting.remove(mediaId, list);
        });
    }

    private static MatrixException notYetUploaded() {
        return new MatrixException(504, ErrCode.M_NOT_YET_UPLOADED, "Content has not yet been uploaded");
    }

    private Future<Found> findNow(ServerName server, String mediaId, boolean legacy) {
        // Quarantined media is gone for every reader, local or remote (Synapse answers 404 too).
        return repo.isQuarantined(server.value(), mediaId).compose(quarantined -> quarantined
                ? Future.failedFuture(MatrixException.notFound("Unknown media ID"))
                : findUnquarantined(server, mediaId, legacy));
    }

    private Future<Found> findUnquarantined(ServerName server, String mediaId, boolean legacy) {
        if (!server.equals(serverName)) {
            return remote.download(server, mediaId, legacy).map(c -> new Found(server.value(), mediaId, c.file(), c.contentType(),
                    c.uploadName(), c.size()));
        }
        return repo.find(server.value(), mediaId).compose(found -> {
            Media m = found.orElse(null);
            if (m == null || (legacy && m.restricted())) return Future.failedFuture(MatrixException.notFound("Unknown media ID"));
            if (!m.uploaded()) {
                if (m.unusedExpiresAt() != null && m.unusedExpiresAt() <= clock.millis()) {
                    return Future.failedFuture(MatrixException.notFound("Unknown media ID"));
                }
                return Future.failedFuture(notYetUploaded());
            }
            repo.touch(m.serverName(), m.mediaId(), clock.millis());
            return Future.succeededFuture(new Found(m.serverName(), m.mediaId(), blobs.path(m.sha256()), m.contentType(),
                    m.uploadName(), m.size()));
        });
    }
}

package org.lightweb.server.federation.media;

import io.vertx.core.Future;
import java.io.InterruptedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.lightweb.core.Clock;
import org.lightweb.core.ErrCode;
import org.lightweb.core.MatrixException;
import org.lightweb.core.ServerName;
import org.lightweb.server.config.HomeserverConfig;
import org.lightweb.server.federation.client.FederationClient;
import org.lightweb.server.media.BlobStore;
import org.lightweb.server.media.RemoteMedia;
import org.lightweb.storage.media.MediaRepository;
import org.lightweb.storage.media.MediaRepository.Content;
import org.lightweb.storage.media.MediaRepository.Media;
import org.lightweb.storage.media.MediaRepository.Thumbnail;

/**
 * Other servers' media, fetched over federation and cached: {@code GET /_matrix/federation/v1/media/download|thumbnail}
 * (signed), the multipart answer's bytes streamed into the {@link BlobStore} (or fetched with a plain GET from its
 * {@code Location}), then a {@code media} row under the origin's name (and a {@code media_thumbnails} row for a
 * thumbnail), so the next request is served from disk. Every fetch is bounded by {@code media.max_upload_bytes} and
 * {@code media.remote_fetch_timeout}; concurrent requests for the same content share one fetch.
 *
 * <p>Failures as Synapse answers them: the origin's 404 is 404 M_NOT_FOUND; unreachable, refused, malformed or
 * oversized answers are 502; a fetch past its timeout is 504.
 */
public final class FederatedRemoteMedia implements RemoteMedia {
    private static final String DEFAULT_TYPE = "application/octet-stream";

    private final FederationClient client;
    private final MediaRepository repo;
    private final BlobStore blobs;
    private final HomeserverConfig.Media config;
    private final Clock clock;
    /** Fetches under way, by what they fetch: a second request for the same content waits for the first. */
    private final Map<String, Future<Cached>> inflight = new ConcurrentHashMap<>();

    public FederatedRemoteMedia(FederationClient client, MediaRepository repo, BlobStore blobs, HomeserverConfig.Media config,
                                Clock clock) {
        this.client = client;
        this.repo = repo;
        this.blobs = blobs;
        this.config = config;
        this.clock = clock;
    }

    @Override
    public Future<Cached> download(ServerName origin, String mediaId, boolean legacy) {
        return repo.find(origin.value(), mediaId).compose(row -> {
            Optional<Future<Cached>> answered = fromCache(row, legacy);
            if (answered.isPresent()) return answered.get();
            if (row.isPresent() && row.get().uploaded()) {
                repo.touch(origin.value(), mediaId, clock.millis());
                return Future.succeededFuture(cached(row.get()));
            }
            return once("download " + origin.value() + "/" + mediaId, () -> fetch(origin, mediaId));
        });
    }

    /**
     * The answer the cache row alone decides: 404 for legacy requests of media cached while frozen, or (nothing
     * cached) while frozen now; empty when the caller goes on.
     */
    private Optional<Future<Cached>> fromCache(Optional<Media> row, boolean legacy) {
        if (row.isPresent() && legacy && row.get().restricted()) return Optional.of(notFound());
        if (row.isEmpty() && legacy && config.legacyUnauthenticatedFreeze()) return Optional.of(notFound());
        return Optional.empty();
    }

    @Override
    public Future<Cached> thumbnail(ServerName origin, String mediaId, int width, int height, String method, boolean legacy) {
        return repo.find(origin.value(), mediaId).compose(row -> {
            Optional<Future<Cached>> answered = fromCache(row, legacy);
            if (answered.isPresent()) return answered.get();
            return repo.thumbnail(origin.value(), mediaId, width, height, method).compose(cached -> {
                if (cached.isPresent()) {
                    repo.touch(origin.value(), mediaId, clock.millis());
                    Thumbnail t = cached.get();
                    return Future.succeededFuture(new Cached(blobs.path(t.sha256()), t.contentType(), null, t.size()));
                }
                return once("thumbnail " + origin.value() + "/" + mediaId + " " + width + "x" + height + " " + method,
                        () -> fetchThumbnail(origin, mediaId, width, height, method));
            });
        });
    }

    private Cached cached(Media m) {
        return new Cached(blobs.path(m.sha256()), m.contentType(), m.uploadName(), m.size());
    }

    private static <T> Future<T> notFound() {
        return Future.failedFuture(MatrixException.notFound("Unknown media ID"));
    }

    /** Runs {@code fetch} unless the same one is under way, whose result is then shared. */
    private Future<Cached> once(String key, Supplier<Future<Cached>> fetch) {
        Future<Cached>[] started = new Future[1];
        Future<Cached> f = inflight.computeIfAbsent(key, k -> started[0] = fetch.get());
        if (f == started[0]) f.onComplete(done -> inflight.remove(key, f));
        return f;
    }

    private Future<Cached> fetch(ServerName origin, String mediaId) {
        return fetchContent(origin, "/_matrix/federation/v1/media/download/" + mediaId, Map.of())
                .compose(c -> repo.addRemote(origin.value(), mediaId,
                                new Content(c.contentType(), c.fileName(), c.stored().size(), c.stored().sha256()),
                                clock.millis(), config.legacyUnauthenticatedFreeze())
                        .onComplete(done -> blobs.release(c.stored().sha256())))
                .map(this::cached)
                .recover(err -> Future.failedFuture(matrixError(origin, err)));
    }

    private Future<Cached> fetchThumbnail(ServerName origin, String mediaId, int width, int height, String method) {
        Map<String, String> query = Map.of("width", Integer.toString(width), "height", Integer.toString(height),
                "method", method, "animated", "false");
        return fetchContent(origin, "/_matrix/federation/v1/media/thumbnail/" + mediaId, query).compose(c -> {
            if (!c.contentType().toLowerCase(java.util.Locale.ROOT).startsWith("image/")) {
                blobs.release(c.stored().sha256());
                return Future.failedFuture(MultipartMixed.malformed("a thumbnail that is not an image"));
            }
            Thumbnail t = new Thumbnail(width, height, method, c.contentType(), c.stored().size(), c.stored().sha256());
            return repo.addRemoteStub(origin.value(), mediaId, clock.millis(), config.legacyUnauthenticatedFreeze())
                    .compose(v -> repo.addThumbnail(origin.value(), mediaId, t))
                    .onComplete(done -> blobs.release(t.sha256()))
                    .map(v -> new Cached(blobs.path(t.sha256()), t.contentType(), null, t.size()));
        }).recover(err -> Future.failedFuture(matrixError(origin, err)));
    }

    /** The signed request, its multipart answer read into the blob store, and a Location followed if it has one. */
    private Future<MultipartMixed.Content<BlobStore.Stored>> fetchContent(ServerName origin, String path,
                                                                         Map<String, String> query) {
        long max = config.maxUploadBytes();
        return client.getStreamed(origin.value(), path, query, config.remoteFetchTimeout(),
                        (type, body) -> MultipartMixed.read(type, body, max, blobs::writeBlocking))
                .compose(answer -> {
                    if (answer instanceof MultipartMixed.Content<BlobStore.Stored> content) {
                        return Future.succeededFuture(content);
                    }
                    String location = ((MultipartMixed.Redirect<BlobStore.Stored>) answer).location();
                    return client.fetchUrl(location, config.remoteMaxRedirects(), config.remoteFetchTimeout(),
                            (type, body) -> new MultipartMixed.Content<>(type == null || type.isBlank() ? DEFAULT_TYPE : type,
                                    null, blobs.writeBlocking(body, max)));
                });
    }

    /** What a client sees of a failed fetch. */
    static MatrixException matrixError(ServerName origin, Throwable err) {
        if (err instanceof FederationClient.RemoteError remote) {
            if (remote.status() == 404) return MatrixException.notFound("Remote media not found");
            return new MatrixException(502, ErrCode.M_UNKNOWN, "Failed to fetch remote media: " + origin.value()
                    + " answered " + remote.status());
        }
        if (err instanceof FederationClient.Unreachable) {
            if (err.getCause() instanceof InterruptedIOException) {
                return new MatrixException(504, ErrCode.M_UNKNOWN, "Timed out fetching remote media from " + origin.value());
            }
            return new MatrixException(502, ErrCode.M_UNKNOWN, "Failed to fetch remote media: " + err.getMessage());
        }
        if (err instanceof MatrixException m) {
            if (m.status() == 413) {
                return new MatrixException(502, ErrCode.M_TOO_LARGE, "Remote media is larger than media.max_upload_bytes");
            }
            return m;
        }
        return new MatrixException(502, ErrCode.M_UNKNOWN, "Failed to fetch remote media from " + origin.value());
    }
}

package org.lightweb.server.media;

import io.vertx.core.Future;
import java.nio.file.Path;
import org.lightweb.core.MatrixException;
import org.lightweb.core.ServerName;

/**
 * Media of other servers, fetched over federation ({@code /_matrix/federation/v1/media/download|thumbnail}) and cached
 * with its origin (see {@code federation.media.FederatedRemoteMedia}). {@link #NONE} answers 404 for every remote id.
 */
public interface RemoteMedia {
    /** Remote content, cached on this node's disk. */
    record Cached(Path file, String contentType, String uploadName, long size) {}

    /**
     * The content of {@code mxc://origin/mediaId}: from the cache, else fetched. {@code legacy}: asked through the
     * unauthenticated endpoints, which do not see media cached while they were frozen (nor fetch it while frozen).
     */
    Future<Cached> download(ServerName origin, String mediaId, boolean legacy);

    /**
     * A thumbnail of remote media whose original is not cached here: from the thumbnail cache, else the origin's
     * own thumbnail. {@code width} and {@code height} are already checked and capped.
     */
    Future<Cached> thumbnail(ServerName origin, String mediaId, int width, int height, String method, boolean legacy);

    RemoteMedia NONE = new RemoteMedia() {
        @Override
        public Future<Cached> download(ServerName origin, String mediaId, boolean legacy) {
            return Future.failedFuture(MatrixException.notFound("Remote media is not available"));
        }

        @Override
        public Future<Cached> thumbnail(ServerName origin, String mediaId, int width, int height, String method,
                                        boolean legacy) {
            return download(origin, mediaId, legacy);
        }
    };
}

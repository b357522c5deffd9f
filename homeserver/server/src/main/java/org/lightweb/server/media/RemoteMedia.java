package org.lightweb.server.media;

import io.vertx.core.Future;
import java.nio.file.Path;
import org.lightweb.core.MatrixException;
import org.lightweb.core.ServerName;

/**
 * Media of other servers, fetched over federation ({@code /_matrix/federation/v1/media/download}) and cached with
 * its origin. The seam the federation issue fills; until then {@link #NONE} answers 404 for every remote id.
 */
public interface RemoteMedia {
    /** Remote content, cached on this node's disk. */
    record Cached(Path file, String contentType, String uploadName, long size) {}

    Future<Cached> download(ServerName origin, String mediaId);

    RemoteMedia NONE = (origin, mediaId) -> Future.failedFuture(MatrixException.notFound("Remote media is not available"));
}

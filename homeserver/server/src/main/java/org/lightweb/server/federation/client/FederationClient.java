package org.lightweb.server.federation.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Map;

/**
 * Outbound server-server requests: resolves the destination (server discovery), signs the request with X-Matrix,
 * sends it over TLS and answers the parsed JSON body. Never blocks an event loop.
 *
 * <p>Failures: {@link RemoteError} when the destination answered with a non-2xx status (its Matrix error, if any, is
 * kept); {@link Unreachable} when it could not be reached at all (discovery, connection, TLS, timeout). Private and
 * loopback destinations are refused (as {@link Unreachable}) unless {@code federation.allow_private_destinations}.
 */
public interface FederationClient {
    /**
     * @param method      GET, PUT or POST
     * @param destination the server name, as in user IDs
     * @param path        the path, each parameter already percent-encoded, e.g. {@code /_matrix/federation/v1/event/%24abc}
     *                    (it may end in an encoded query string for repeated parameters, e.g. make_join's
     *                    {@code ?ver=10&ver=11}, to which {@code query} is added)
     * @param query       query parameters (not encoded; repeated parameters: not needed by the API we call), may be empty
     * @param body        the JSON body, or null for none
     */
    Future<JsonNode> request(String method, String destination, String path, Map<String, String> query, JsonNode body);

    default Future<JsonNode> get(String destination, String path, Map<String, String> query) {
        return request("GET", destination, path, query, null);
    }

    default Future<JsonNode> put(String destination, String path, JsonNode body) {
        return request("PUT", destination, path, Map.of(), body);
    }

    default Future<JsonNode> post(String destination, String path, JsonNode body) {
        return request("POST", destination, path, Map.of(), body);
    }

    /** Reads a 2xx answer that is not JSON (media), on an I/O thread: it may block. */
    @FunctionalInterface
    interface BodyReader<T> {
        /**
         * @param contentType the answer's Content-Type, or null
         * @param body        the body as it arrives; reading past {@code timeout} fails with an IOException
         */
        T read(String contentType, InputStream body) throws IOException;
    }

    /**
     * A signed GET (as {@link #get}) whose 2xx answer {@code reader} consumes as it streams in, the whole call bounded
     * by {@code timeout}. Non-2xx answers are {@link RemoteError}, transport failures {@link Unreachable}; what the
     * reader throws unchecked fails the future as it is. Added for media (multipart/mixed answers).
     */
    default <T> Future<T> getStreamed(String destination, String path, Map<String, String> query, Duration timeout,
                                      BodyReader<T> reader) {
        return Future.failedFuture(new UnsupportedOperationException("streamed federation requests"));
    }

    /**
     * A plain, unsigned GET of an {@code https} URL another server pointed us to (a media {@code Location}), following
     * at most {@code maxRedirects} redirects, each hop held to the same address rules as federation requests.
     */
    default <T> Future<T> fetchUrl(String url, int maxRedirects, Duration timeout, BodyReader<T> reader) {
        return Future.failedFuture(new UnsupportedOperationException("plain fetches"));
    }

    /** The destination answered with an error status. */
    final class RemoteError extends RuntimeException {
        private final int status;
        private final String errcode;

        public RemoteError(String destination, int status, String errcode, String message) {
            super(destination + " answered " + status + (errcode == null ? "" : " " + errcode)
                    + (message == null ? "" : ": " + message), null, false, false);
            this.status = status;
            this.errcode = errcode;
        }

        public int status() { return status; }

        /** The Matrix errcode of the body, or null when it had none. */
        public String errcode() { return errcode; }
    }

    /** The destination could not be reached (or is not allowed). Retrying later may help. */
    final class Unreachable extends RuntimeException {
        public Unreachable(String destination, String why, Throwable cause) {
            super(destination + " unreachable: " + why, cause, false, false);
        }
    }
}

package org.lightweb.plugin;

import org.pf4j.ExtensionPoint;

/**
 * A plugin's HTTP routes, registered once per start. Paths are relative to {@code /_lightweb/<pluginId>}, with
 * {@code {name}} for one path segment and a final {@code {*name}} for the rest of the path:
 *
 * <pre>{@code
 * @Extension
 * public class BlobRoutes implements HttpRoutes {
 *     public void register(RouteRegistry routes) {
 *         routes.client("GET", "/v1/blobs/{id}", (req, user) -> HttpResponse.json(200, Map.of("id", req.pathParam("id"))));
 *         routes.server("PUT", "/v1/replica/{id}", (req, origin) -> HttpResponse.json(200, Map.of()));
 *         routes.wellKnown("GET", "/.well-known/carddav", req -> HttpResponse.redirect(301, "/_lightweb/contacts/dav/"));
 *     }
 * }
 * }</pre>
 *
 * Handlers run on the plugin's own threads and may block; each has {@code plugins.request_timeout} to answer, after
 * which the client gets 504 M_UNKNOWN. A handler that throws {@link MatrixError} answers that error; anything else
 * thrown answers 500 M_UNKNOWN and is logged.
 */
public interface HttpRoutes extends ExtensionPoint {
    void register(RouteRegistry routes);

    /** Where routes are registered. Methods are HTTP method names in upper case, WebDAV's too (PROPFIND, REPORT). */
    interface RouteRegistry {
        /**
         * A route for Matrix clients on the client listener: the request must carry a valid access token (else 401
         * M_MISSING_TOKEN / M_UNKNOWN_TOKEN) and the handler gets the user and device.
         */
        void client(String method, String path, ClientHandler handler);

        /**
         * A route for other homeservers on the federation listener: the request must be signed with X-Matrix (else
         * 401 M_UNAUTHORIZED) and the handler gets the origin server name. Bodies are JSON, covered by the signature.
         */
        void server(String method, String path, ServerHandler handler);

        /**
         * A route on the client listener that the node does not authenticate: the handler does (HTTP Basic with an
         * app password, say) or it is public.
         */
        void open(String method, String path, OpenHandler handler);

        /**
         * An open route at an absolute path under {@code /.well-known/} on the client listener, such as
         * {@code /.well-known/carddav}. Paths the node serves itself ({@code /.well-known/matrix/...}) are refused.
         */
        void wellKnown(String method, String path, OpenHandler handler);
    }

    @FunctionalInterface
    interface ClientHandler {
        HttpResponse handle(HttpRequest request, MatrixUser user) throws Exception;
    }

    @FunctionalInterface
    interface ServerHandler {
        HttpResponse handle(HttpRequest request, String originServer) throws Exception;
    }

    @FunctionalInterface
    interface OpenHandler {
        HttpResponse handle(HttpRequest request) throws Exception;
    }

    /** The user and device behind a client request. */
    record MatrixUser(String userId, String deviceId, boolean admin) {}
}

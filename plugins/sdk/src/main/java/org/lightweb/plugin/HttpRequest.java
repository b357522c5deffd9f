package org.lightweb.plugin;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A request to a plugin route, with its body already read (up to {@code plugins.max_request_body}). */
public interface HttpRequest {
    String method();

    /** The full path, as sent ({@code /_lightweb/example/v1/greet/alice}), percent-decoded. */
    String path();

    /** A path parameter ({@code {name}} or {@code {*rest}} in the route), or null. */
    String pathParam(String name);

    /** The first value of a query parameter. */
    Optional<String> query(String name);

    /** Every value of a query parameter. */
    List<String> queryAll(String name);

    /** A header (names are case-insensitive). */
    Optional<String> header(String name);

    /** The address of the client, or of the proxy in front of the node. */
    String remoteAddress();

    /** The body; empty when there is none. */
    byte[] body();

    /** The body as UTF-8 text. */
    default String bodyText() { return new String(body(), java.nio.charset.StandardCharsets.UTF_8); }

    /**
     * The body as a JSON object: strings, Booleans, Long or Double numbers, Lists and Maps.
     *
     * @throws MatrixError 400 M_NOT_JSON when it is not JSON, M_BAD_JSON when it is not an object
     */
    Map<String, Object> json();
}

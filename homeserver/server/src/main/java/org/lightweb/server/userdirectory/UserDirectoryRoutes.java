package org.lightweb.server.userdirectory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.lightweb.core.Json;
import org.lightweb.core.MatrixException;
import org.lightweb.server.http.Authenticator;
import org.lightweb.server.http.Bodies;
import org.lightweb.server.http.Requester;
import org.lightweb.server.http.Respond;
import org.lightweb.server.http.RouteGroup;
import org.lightweb.storage.search.SearchWords;
import org.lightweb.storage.search.UserDirectoryRepository;

/**
 * POST /_matrix/client/v3/user_directory/search (spec: User Directory). Like Synapse without search_all_users:
 * the users who share a room with the searcher and the members of public rooms, by a word prefix of the display
 * name or the user id, in any case.
 */
public final class UserDirectoryRoutes implements RouteGroup {
    private static final int DEFAULT_LIMIT = 10;
    private static final int MAX_WORDS = 8;

    private final UserDirectoryRepository directory;
    private final Authenticator auth;
    private final int maxLimit;

    public UserDirectoryRoutes(UserDirectoryRepository directory, Authenticator auth, int maxLimit) {
        this.directory = directory;
        this.auth = auth;
        this.maxLimit = maxLimit;
    }

    @Override
    public void mount(Router router) {
        router.post("/_matrix/client/v3/user_directory/search").handler(auth.user())
                .handler(Respond.json(this::searchUserDirectory));
    }

    /** POST /user_directory/search (operationId searchUserDirectory). */
    Future<ObjectNode> searchUserDirectory(RoutingContext ctx) {
        Requester who = Requester.of(ctx);
        ObjectNode body = Bodies.json(ctx);
        JsonNode term = body.get("search_term");
        if (term == null || !term.isTextual()) throw MatrixException.badJson("search_term must be a string");
        JsonNode limitNode = body.get("limit");
        int limit = DEFAULT_LIMIT;
        if (limitNode != null && !limitNode.isNull()) {
            if (!limitNode.isIntegralNumber() || limitNode.asLong() < 0) throw MatrixException.badJson("limit must be a non-negative integer");
            limit = (int) Math.min(limitNode.asLong(), maxLimit);
        }
        return directory.search(who.userId().toString(), SearchWords.of(term.asText(), MAX_WORDS), limit).map(found -> {
            ObjectNode out = Json.object();
            ArrayNode results = out.putArray("results");
            for (var u : found.users()) {
                ObjectNode r = results.addObject();
                r.put("user_id", u.userId());
                if (u.displayName() != null) r.put("display_name", u.displayName());
                if (u.avatarUrl() != null) r.put("avatar_url", u.avatarUrl());
            }
            out.put("limited", found.limited());
            return out;
        });
    }
}

package org.lightweb.plugin.example.greeter;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.lightweb.plugin.HttpResponse;
import org.lightweb.plugin.HttpRoutes;
import org.lightweb.plugin.MatrixError;
import org.lightweb.plugin.PluginContext;
import org.lightweb.plugin.Users;
import org.pf4j.Extension;

/**
 * The greeter's HTTP routes, one of each kind, under {@code /_lightweb/example-greeter}:
 * <ul>
 *   <li>client {@code GET /v1/greet/{name}}: the greeting, and who asked;</li>
 *   <li>client {@code POST /v1/guestbook} {@code {"message": "..."}} and {@code GET /v1/guestbook?limit=10};</li>
 *   <li>server {@code GET /v1/hello}: which server asked (X-Matrix), and which answers;</li>
 *   <li>open {@code GET /v1/stats}: the counts;</li>
 *   <li>well-known {@code GET /.well-known/example-greeter}: where the plugin lives.</li>
 * </ul>
 */
@Extension
public class GreeterRoutes implements HttpRoutes {
    /** The longest guestbook message, in characters. */
    public static final int MAX_MESSAGE = 1000;

    private final PluginContext ctx;
    private final GreeterSettings settings;
    private final GuestbookStore store;

    public GreeterRoutes(PluginContext ctx) {
        this.ctx = ctx;
        this.settings = GreeterSettings.from(ctx.config());
        this.store = new GuestbookStore(ctx.database());
    }

    @Override
    public void register(RouteRegistry routes) {
        routes.client("GET", "/v1/greet/{name}", (req, user) -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("greeting", settings.greeting() + ", " + req.pathParam("name"));
            body.put("from", user.userId());
            body.put("displayname", ctx.users().find(user.userId()).map(Users.User::displayName).orElse(null));
            return HttpResponse.json(200, body);
        });

        routes.client("POST", "/v1/guestbook", (req, user) -> {
            Object message = req.json().get("message");
            if (!(message instanceof String text)) throw MatrixError.badJson("'message' must be a string");
            if (text.length() > MAX_MESSAGE) throw MatrixError.tooLarge("'message' is longer than " + MAX_MESSAGE + " characters");
            GuestbookStore.Entry e = store.add(user.userId(), text, ctx.clock().millis());
            return HttpResponse.json(200, Map.of("id", e.id(), "created_ts", e.createdTs()));
        });

        routes.client("GET", "/v1/guestbook", (req, user) -> {
            int limit = limit(req.query("limit").orElse(null));
            List<Map<String, Object>> entries = new ArrayList<>();
            for (GuestbookStore.Entry e : store.newest(limit)) {
                entries.add(Map.of("id", e.id(), "user_id", e.userId(), "message", e.message(), "created_ts", e.createdTs()));
            }
            return HttpResponse.json(200, Map.of("entries", entries));
        });

        routes.server("GET", "/v1/hello", (req, origin) ->
                HttpResponse.json(200, Map.of("origin", origin, "server", ctx.serverName())));

        routes.open("GET", "/v1/stats", req -> HttpResponse.json(200, stats(ctx, store)));

        routes.wellKnown("GET", "/.well-known/example-greeter", req ->
                HttpResponse.json(200, Map.of("plugin", ctx.pluginId(), "base", "/_lightweb/" + ctx.pluginId())));
    }

    /** The counts, as the stats route and the greet-stats command give them. */
    static Map<String, Object> stats(PluginContext ctx, GuestbookStore store) throws Exception {
        GreeterCounters counters = GreeterCounters.of(ctx);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("events_seen", counters.events());
        out.put("messages_seen", counters.messages());
        out.put("ticks", store.ticks());
        out.put("guestbook_entries", store.count());
        return out;
    }

    private static int limit(String param) {
        if (param == null) return 10;
        try {
            int n = Integer.parseInt(param);
            if (n >= 1 && n <= 100) return n;
        } catch (NumberFormatException e) {
            // answered below
        }
        throw MatrixError.invalidParam("'limit' must be a whole number from 1 to 100");
    }
}

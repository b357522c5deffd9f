package org.lightweb.server.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.lightweb.core.MatrixException;
import org.lightweb.plugin.AdminCommand;
import org.lightweb.server.http.Authenticator;
import org.lightweb.server.http.Bodies;
import org.lightweb.server.http.Requester;
import org.lightweb.server.http.Respond;
import org.lightweb.server.http.RouteGroup;

/**
 * The plugin admin API, for server admins (and the admin bot): list the plugins, enable, disable and reload one, list
 * and run their admin commands. Synapse has no such API, so it lives under the node's own prefix.
 */
public final class PluginAdminRoutes implements RouteGroup {
    private static final String BASE = "/_lightweb/admin/v1/plugins";

    private final PluginHost host;
    private final Authenticator auth;

    public PluginAdminRoutes(PluginHost host, Authenticator auth) {
        this.host = host;
        this.auth = auth;
    }

    @Override
    public void mount(Router router) {
        router.get(BASE).handler(auth.admin()).handler(Respond.json(this::list));
        router.get(BASE + "/commands").handler(auth.admin()).handler(Respond.json(this::commands));
        router.post(BASE + "/commands/:name").handler(auth.admin()).handler(Respond.json(this::runCommand));
        router.get(BASE + "/:pluginId").handler(auth.admin()).handler(Respond.json(this::get));
        router.post(BASE + "/:pluginId/enable").handler(auth.admin()).handler(Respond.json(ctx -> host.enable(id(ctx)).map(this::render)));
        router.post(BASE + "/:pluginId/disable").handler(auth.admin()).handler(Respond.json(ctx -> host.disable(id(ctx)).map(this::render)));
        router.post(BASE + "/:pluginId/reload").handler(auth.admin()).handler(Respond.json(ctx -> host.reload(id(ctx)).map(this::render)));
    }

    private static String id(RoutingContext ctx) { return ctx.pathParam("pluginId"); }

    /** GET /_lightweb/admin/v1/plugins: every plugin in the directory, started or not, and why not. */
    Future<Map<String, Object>> list(RoutingContext ctx) {
        return Future.succeededFuture(Map.of("plugins", host.list().stream().map(this::render).toList()));
    }

    Future<Map<String, Object>> get(RoutingContext ctx) {
        return Future.succeededFuture(render(host.info(id(ctx)).orElseThrow(() -> MatrixException.notFound("No plugin " + id(ctx)))));
    }

    /** GET /_lightweb/admin/v1/plugins/commands: the admin commands running plugins offer. */
    Future<Map<String, Object>> commands(RoutingContext ctx) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (PluginHost.Command c : host.commands()) {
            out.add(Map.of("name", c.name(), "usage", c.usage(), "help", c.help(), "plugin", c.pluginId()));
        }
        return Future.succeededFuture(Map.of("commands", out));
    }

    /** POST /_lightweb/admin/v1/plugins/commands/{name} {"args": [...], "room_id": optional}: runs it, answers the reply. */
    Future<Map<String, Object>> runCommand(RoutingContext ctx) {
        ObjectNode body = Bodies.jsonOrEmpty(ctx);
        List<String> args = new ArrayList<>();
        JsonNode a = body.get("args");
        if (a != null && !a.isNull()) {
            if (!a.isArray()) throw MatrixException.badJson("'args' must be a list of strings");
            for (JsonNode x : a) {
                if (!x.isTextual()) throw MatrixException.badJson("'args' must be a list of strings");
                args.add(x.asText());
            }
        }
        String roomId = Bodies.optString(body, "room_id");
        return host.runCommand(ctx.pathParam("name"), Requester.of(ctx).userId().toString(), roomId, args).map(this::render);
    }

    private Map<String, Object> render(AdminCommand.Reply reply) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("text", reply.text());
        if (reply.html() != null) out.put("html", reply.html());
        return out;
    }

    private Map<String, Object> render(PluginHost.Info i) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", i.id());
        out.put("version", i.version());
        if (i.description() != null) out.put("description", i.description());
        if (i.provider() != null) out.put("provider", i.provider());
        out.put("requires", i.requires());
        out.put("path", i.path());
        out.put("state", i.state().name().toLowerCase(java.util.Locale.ROOT));
        if (i.error() != null) out.put("error", i.error());
        out.put("routes", i.routes());
        out.put("event_listeners", i.listeners());
        out.put("event_vetoes", i.vetoes());
        out.put("commands", i.commands());
        out.put("jobs", i.jobs());
        out.put("dropped_events", i.droppedEvents());
        out.put("failures", i.failures());
        return out;
    }
}

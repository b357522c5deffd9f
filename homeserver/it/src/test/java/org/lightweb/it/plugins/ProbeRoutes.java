package org.lightweb.it.plugins;

import java.util.LinkedHashMap;
import java.util.Map;
import org.lightweb.plugin.HttpResponse;
import org.lightweb.plugin.HttpRoutes;
import org.lightweb.plugin.PluginContext;
import org.lightweb.plugin.RoomEvent;

/** Routes that show what the node's services answer a plugin: rooms, state, members, users, aliases. */
public class ProbeRoutes implements HttpRoutes {
    private final PluginContext ctx;

    public ProbeRoutes(PluginContext ctx) { this.ctx = ctx; }

    @Override
    public void register(RouteRegistry routes) {
        routes.client("GET", "/rooms/{roomId}", (req, user) -> {
            String roomId = req.pathParam("roomId");
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("exists", ctx.rooms().exists(roomId));
            out.put("state_types", ctx.rooms().state(roomId).stream().map(RoomEvent::type).sorted().toList());
            out.put("name", ctx.rooms().stateEvent(roomId, "m.room.name", "").map(e -> e.content().get("name")).orElse(null));
            out.put("members", ctx.rooms().joinedMembers(roomId));
            out.put("callers_rooms", ctx.rooms().joinedRooms(user.userId()));
            out.put("caller", ctx.users().find(user.userId()).map(u -> Map.of("admin", u.admin(), "bot", u.bot())).orElse(null));
            return HttpResponse.json(200, out);
        });
        routes.client("GET", "/alias/{alias}", (req, user) ->
                HttpResponse.json(200, Map.of("room_id", ctx.rooms().resolveAlias(req.pathParam("alias")).orElse(""))));
    }
}

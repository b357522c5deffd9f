package org.lightweb.server.rooms.hierarchy;

import org.lightweb.server.http.Authenticator;
import org.lightweb.server.http.RouteGroup;
import org.lightweb.storage.rooms.EventRepository;
import org.lightweb.storage.rooms.RoomRepository;

/** Builds GET /hierarchy over local rooms; {@code remote} is where federation plugs in. */
public final class HierarchyFeature {
    private HierarchyFeature() {}

    public static RouteGroup routes(EventRepository events, RoomRepository rooms, RemoteHierarchy remote,
                                    Authenticator auth, int maxLimit, int maxDepth) {
        return new HierarchyRoutes(new HierarchyService(new RoomSummaries(events, rooms), remote), auth, maxLimit, maxDepth);
    }
}

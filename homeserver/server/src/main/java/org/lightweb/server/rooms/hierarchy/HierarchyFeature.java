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

    /** The federation listener's GET /_matrix/federation/v1/hierarchy/{roomId}: the local part of a space. */
    public static RouteGroup federationRoutes(EventRepository events, RoomRepository rooms) {
        return new FederationHierarchyRoutes(new RoomSummaries(events, rooms));
    }
}

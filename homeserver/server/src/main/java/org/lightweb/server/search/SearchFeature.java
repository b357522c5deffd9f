package org.lightweb.server.search;

import org.lightweb.server.config.HomeserverConfig;
import org.lightweb.server.http.Authenticator;
import org.lightweb.server.http.RouteGroup;
import org.lightweb.server.rooms.ClientEvents;
import org.lightweb.server.rooms.EventVisibility;
import org.lightweb.storage.Db;
import org.lightweb.storage.rooms.EventRepository;
import org.lightweb.storage.rooms.RoomRepository;
import org.lightweb.storage.search.SearchIndex;
import org.lightweb.storage.search.TimelineNeighbours;

/** Builds POST /search: the index of the node's database, the service and the routes. */
public final class SearchFeature {
    private SearchFeature() {}

    public static RouteGroup routes(Db db, EventRepository events, RoomRepository rooms, ClientEvents format,
                                    EventVisibility visibility, Authenticator auth, HomeserverConfig.Search limits) {
        SearchService service = new SearchService(SearchIndex.forDatabase(db), events, rooms, visibility, limits.maxScanned());
        SearchContexts contexts = new SearchContexts(new TimelineNeighbours(db), events, visibility, format);
        return new SearchRoutes(service, contexts, format, events, auth, limits.maxLimit(), limits.maxContext());
    }
}

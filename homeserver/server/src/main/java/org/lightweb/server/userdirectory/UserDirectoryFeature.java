package org.lightweb.server.userdirectory;

import io.vertx.core.Future;
import org.lightweb.core.ServerName;
import org.lightweb.server.http.Authenticator;
import org.lightweb.server.http.RouteGroup;
import org.lightweb.server.profile.ProfileService;
import org.lightweb.server.rooms.RoomEvents;
import org.lightweb.storage.Db;
import org.lightweb.storage.rooms.EventRepository;
import org.lightweb.storage.search.JooqUserDirectoryRepository;
import org.lightweb.storage.search.UserDirectoryRepository;

/** Builds the user directory: its table, the updater that listens to rooms and profiles, and the route. */
public final class UserDirectoryFeature {
    private final UserDirectoryUpdater updater;
    private final RouteGroup routes;

    private UserDirectoryFeature(UserDirectoryUpdater updater, RouteGroup routes) {
        this.updater = updater;
        this.routes = routes;
    }

    public RouteGroup routes() { return routes; }

    /** What must run before the node answers: filling the directory of a node that had rooms before it. */
    public Future<Void> start() { return updater.rebuildIfEmpty(); }

    public static UserDirectoryFeature wire(Db db, ServerName serverName, RoomEvents roomEvents, EventRepository events,
                                  ProfileService profiles, Authenticator auth, int maxLimit) {
        UserDirectoryRepository directory = new JooqUserDirectoryRepository(db);
        UserDirectoryUpdater updater = new UserDirectoryUpdater(serverName, directory, events, profiles);
        roomEvents.addProcessor(updater);
        profiles.addListener(updater);
        return new UserDirectoryFeature(updater, new UserDirectoryRoutes(directory, auth, maxLimit));
    }
}

package org.lightweb.server.relations;

import org.lightweb.server.messages.IgnoredUsers;
import org.lightweb.storage.rooms.RoomCaches;

import org.lightweb.server.config.HomeserverConfig;
import org.lightweb.server.http.Authenticator;
import org.lightweb.server.rooms.ClientEvents;
import org.lightweb.server.rooms.EventVisibility;
import org.lightweb.server.rooms.RoomEvents;
import org.lightweb.server.rooms.RoomReads;
import org.lightweb.storage.Db;
import org.lightweb.storage.relations.JooqRelationRepository;
import org.lightweb.storage.relations.RelationRepository;
import org.lightweb.storage.rooms.EventRepository;

/**
 * Builds the relations feature for {@code Wiring}: the bundler {@link ClientEvents} is built with (before), then
 * the send checks and the routes (after, as they need the formatter).
 */
public final class RelationsModule {
    private final RelationRepository repository;
    private final EventRepository events;
    private final IgnoredUsers ignoredUsers;

    public RelationsModule(Db db, EventRepository events, IgnoredUsers ignoredUsers, RoomCaches caches) {
        this.repository = new JooqRelationRepository(db, caches);
        this.events = events;
        this.ignoredUsers = ignoredUsers;
    }

    public ClientEvents.Bundler bundler() {
        return new BundledAggregations(repository, events, ignoredUsers);
    }

    /** Adds the send checks and returns the routes. */
    public RelationRoutes routes(RoomEvents roomEvents, RoomReads reads, ClientEvents format, EventVisibility visibility,
                                 Authenticator auth, HomeserverConfig.Relations config) {
        roomEvents.addCheck(new RelationChecks(events, repository));
        return new RelationRoutes(new RelationsService(repository, events, reads, visibility, format,
                ignoredUsers, config.recursionDepth()), auth, config.defaultLimit(), config.maxLimit());
    }
}

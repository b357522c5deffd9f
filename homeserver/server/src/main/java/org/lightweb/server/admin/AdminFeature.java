package org.lightweb.server.admin;

import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import org.lightweb.core.Clock;
import org.lightweb.core.MatrixException;
import org.lightweb.core.ServerName;
import org.lightweb.server.Version;
import org.lightweb.server.accounts.AccountService;
import org.lightweb.server.config.HomeserverConfig;
import org.lightweb.server.http.Authenticator;
import org.lightweb.server.http.Respond;
import org.lightweb.server.http.RouteGroup;
import org.lightweb.server.media.MediaFeature;
import org.lightweb.server.profile.ProfileService;
import org.lightweb.server.rooms.MembershipService;
import org.lightweb.server.rooms.RoomCreation;
import org.lightweb.server.rooms.RoomEvents;
import org.lightweb.storage.Db;
import org.lightweb.storage.accounts.DeviceRepository;
import org.lightweb.storage.accounts.ThreepidRepository;
import org.lightweb.storage.admin.AdminRepository;
import org.lightweb.storage.admin.JooqAdminRepository;
import org.lightweb.storage.rooms.EventRepository;
import org.lightweb.storage.rooms.RoomCaches;
import org.lightweb.storage.rooms.RoomRepository;

/**
 * Synapse's admin API subset (docs/admin-api.md): server version, users, rooms and media, beside the registration
 * tokens and shared-secret registration of {@link AdminRoutes}. Blocked rooms refuse local joins from here on.
 */
public final class AdminFeature {
    /** What the admin API stands on. */
    public record Parts(Db db, ServerName serverName, HomeserverConfig.AdminApi config, AccountService accounts,
                        ProfileService profiles, ThreepidRepository threepids, DeviceRepository devices,
                        RoomRepository rooms, EventRepository events, RoomEvents roomEvents, RoomCreation creation,
                        MembershipService memberships, RoomCaches caches, MediaFeature media, Authenticator auth,
                        Clock clock) {}

    private final List<RouteGroup> routes;

    public AdminFeature(Parts p) {
        AdminRepository repo = new JooqAdminRepository(p.db());
        p.memberships().setJoinGuard((user, roomId) -> repo.blockedBy(roomId).compose(by -> by.isEmpty()
                ? Future.succeededFuture()
                : Future.failedFuture(MatrixException.forbidden("This room has been blocked on this server"))));
        RoomShutdown shutdown = new RoomShutdown(p.serverName(), repo, p.rooms(), p.memberships(), p.creation(),
                p.roomEvents(), p.caches(), p.clock(), p.config().deleteStatusesKept());
        RouteGroup version = router -> router.get("/_synapse/admin/v1/server_version").handler(p.auth().admin())
                .handler(Respond.json(ctx -> Future.succeededFuture(Map.of("server_version", Version.VERSION))));
        routes = List.of(version,
                new AdminUserRoutes(p.serverName(), repo, p.accounts(), p.profiles(), p.threepids(), p.devices(),
                        p.auth(), p.clock(), p.config().maxLimit()),
                new AdminRoomRoutes(p.serverName(), repo, p.rooms(), p.events(), shutdown, p.auth(), p.clock(),
                        p.config().maxLimit()),
                new AdminMediaRoutes(p.serverName(), p.media().repository(), p.media().blobs(), repo, p.auth(), p.clock()));
    }

    /** The client listener's admin routes. */
    public List<RouteGroup> routes() { return routes; }
}

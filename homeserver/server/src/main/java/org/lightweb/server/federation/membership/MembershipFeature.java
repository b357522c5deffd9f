package org.lightweb.server.federation.membership;

import org.lightweb.core.Clock;
import org.lightweb.core.ServerName;
import org.lightweb.federation.protocol.SigningKey;
import org.lightweb.server.federation.client.FederationClient;
import org.lightweb.server.federation.events.FederationEvents;
import org.lightweb.server.federation.keys.KeyRing;
import org.lightweb.server.http.RouteGroup;
import org.lightweb.server.rooms.MembershipService;
import org.lightweb.server.rooms.RoomEvents;
import org.lightweb.server.rooms.directory.AliasService;
import org.lightweb.storage.Db;
import org.lightweb.storage.rooms.OutOfBandMemberships;
import org.lightweb.storage.rooms.RoomCaches;
import org.lightweb.storage.rooms.RoomRepository;

/**
 * Membership over federation, built in one place: the resident side's make/send handshakes and invites (routes of
 * the federation listener) and the joining side's (installed into {@link MembershipService} and
 * {@link AliasService}, so the client API's join, knock, leave and invite reach other servers).
 */
public final class MembershipFeature {
    private final InboundMemberships inbound;
    private final FederatedMemberships remote;

    public MembershipFeature(ServerName serverName, SigningKey key, Db db, RoomCaches caches, Clock clock,
                             RoomEvents roomEvents, RoomRepository rooms, MembershipService memberships,
                             AliasService aliases, FederationClient client, FederationEvents federationEvents,
                             KeyRing keyRing) {
        OutOfBandMemberships outOfBand = new OutOfBandMemberships(db, clock, caches);
        inbound = new InboundMemberships(serverName, key, roomEvents, rooms, memberships, keyRing, federationEvents, outOfBand);
        remote = new FederatedMemberships(serverName, key, client, federationEvents, keyRing, roomEvents, outOfBand,
                inbound, clock);
        memberships.setRemote(remote);
        aliases.setRemote(remote);
    }

    /** The federation listener's membership routes. */
    public RouteGroup routes() {
        return new MembershipFederationRoutes(inbound);
    }

    public InboundMemberships inbound() { return inbound; }

    public FederatedMemberships remote() { return remote; }
}

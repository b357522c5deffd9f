package org.lightweb.storage.federation;

import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What the federation admin API reads and the server block list: destinations, shared rooms, blocked servers. */
public interface FederationAdminRepository {
    /** A room shared with a destination: the room and the newest stream position of its joined members' events there. */
    record SharedRoom(String roomId, long streamOrdering) {}

    /** The servers of the users joined to this server's rooms, other than {@code ownServer}. */
    Future<Set<String>> serversInRooms(String ownServer);

    /** The rooms where users of {@code server} are joined, ordered by room id. */
    Future<List<SharedRoom>> roomsSharedWith(String server);

    /** Blocked servers: name -> when. */
    Future<Map<String, Long>> blockedServers();

    /** Blocks a server; false when it was blocked already. */
    Future<Boolean> block(String server, String by, long now);

    /** Unblocks a server; false when it was not blocked. */
    Future<Boolean> unblock(String server);
}

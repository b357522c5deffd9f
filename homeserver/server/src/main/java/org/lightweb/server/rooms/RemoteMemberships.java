package org.lightweb.server.rooms;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import java.util.List;
import org.lightweb.core.MatrixException;
import org.lightweb.core.UserId;
import org.lightweb.federation.protocol.Pdu;

/**
 * Membership changes that need another server (federation: "Joining Rooms", "Inviting to a room", "Leaving
 * Rooms", "Knocking"). {@link MembershipService} decides when a change is remote; this carries it out.
 */
public interface RemoteMemberships {
    /** What a room alias of another server points at. */
    record Resolved(String roomId, List<String> servers) {}

    /** Joins a room this server is not in through one of {@code via}; answers the room ID. */
    Future<String> join(UserId user, String roomId, List<String> via, ObjectNode content);

    /** Knocks on a room this server is not in through one of {@code via}. */
    Future<String> knock(UserId user, String roomId, List<String> via, ObjectNode content);

    /**
     * Leaves a room this server is not in (rejects an invite received over federation, withdraws a knock) through
     * the servers that know it, then records the leave here.
     */
    Future<Void> leave(UserId user, String roomId, ObjectNode content);

    /** Has the invitee's server sign an invite built here; answers the event signed by both servers. */
    Future<ObjectNode> countersignInvite(Pdu invite);

    /** Resolves an alias of another server through its directory ({@code /query/directory}). */
    Future<Resolved> resolveAlias(String alias);

    /** No federation: every remote change is refused. */
    RemoteMemberships NONE = new RemoteMemberships() {
        private <T> Future<T> refuse() {
            return Future.failedFuture(MatrixException.notFound("This server does not federate with other servers"));
        }

        @Override public Future<String> join(UserId user, String roomId, List<String> via, ObjectNode content) { return refuse(); }

        @Override public Future<String> knock(UserId user, String roomId, List<String> via, ObjectNode content) { return refuse(); }

        @Override public Future<Void> leave(UserId user, String roomId, ObjectNode content) { return refuse(); }

        @Override public Future<ObjectNode> countersignInvite(Pdu invite) {
            return Future.failedFuture(MatrixException.forbidden("Inviting users of other servers needs federation"));
        }

        @Override public Future<Resolved> resolveAlias(String alias) {
            return Future.failedFuture(MatrixException.notFound("Room alias " + alias + " is on another server, and this "
                    + "server does not do federation"));
        }
    };
}

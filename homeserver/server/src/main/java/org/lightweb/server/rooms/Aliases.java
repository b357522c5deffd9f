package org.lightweb.server.rooms;

import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.lightweb.core.Clock;
import org.lightweb.core.ErrCode;
import org.lightweb.core.MatrixException;
import org.lightweb.core.ServerName;
import org.lightweb.core.UserId;
import org.lightweb.storage.rooms.RoomRepository;

/** Room aliases of this server (spec: Room aliases; appendices: Room Aliases). */
public final class Aliases {
    private final ServerName serverName;
    private final RoomRepository rooms;
    private final Clock clock;

    public Aliases(ServerName serverName, RoomRepository rooms, Clock clock) {
        this.serverName = serverName;
        this.rooms = rooms;
        this.clock = clock;
    }

    /** {@code #name:server} for a local part given by a client; 400 M_INVALID_PARAM when it cannot be one. */
    public String localAlias(String localpart) {
        if (localpart.isEmpty() || localpart.chars().anyMatch(c -> c == ':' || c == 0 || Character.isWhitespace(c))) {
            throw MatrixException.invalidParam("Invalid characters in room alias");
        }
        String alias = "#" + localpart + ":" + serverName.value();
        if (alias.getBytes(StandardCharsets.UTF_8).length > 255) throw MatrixException.invalidParam("Room alias is too long");
        return alias;
    }

    /** Parses a full alias; 400 M_INVALID_PARAM when it is not one. */
    public static String parse(String alias) {
        int colon = alias.indexOf(':');
        if (!alias.startsWith("#") || colon < 2 || alias.getBytes(StandardCharsets.UTF_8).length > 255
                || alias.indexOf('\u0000') >= 0 || !ServerName.isValid(alias.substring(colon + 1))) {
            throw MatrixException.invalidParam("Invalid room alias: " + alias);
        }
        return alias;
    }

    public boolean isLocal(String alias) {
        return alias.substring(alias.indexOf(':') + 1).equals(serverName.value());
    }

    /** Aliases appservices hold exclusively: (alias, creator) -> whether the creator may not take it. */
    private volatile java.util.function.BiPredicate<String, UserId> reserved = (alias, creator) -> false;

    public void setReserved(java.util.function.BiPredicate<String, UserId> reserved) { this.reserved = reserved; }

    /** Fails with 400 M_EXCLUSIVE when an appservice holds the alias and {@code creator} is not one of its users. */
    public Future<Void> checkFree(String alias, UserId creator) {
        if (reserved.test(alias, creator)) {
            return Future.failedFuture(new MatrixException(400, ErrCode.M_EXCLUSIVE, "This room alias is reserved by an application service."));
        }
        return checkFree(alias);
    }

    /** Fails with 400 M_ROOM_IN_USE when the alias is taken. */
    public Future<Void> checkFree(String alias) {
        return rooms.alias(alias).compose(a -> a.isPresent()
                ? Future.failedFuture(new MatrixException(400, ErrCode.M_ROOM_IN_USE, "Room alias already taken"))
                : Future.succeededFuture());
    }

    public Future<Void> create(String alias, String roomId, UserId creator) {
        if (reserved.test(alias, creator)) {
            return Future.failedFuture(new MatrixException(400, ErrCode.M_EXCLUSIVE, "This room alias is reserved by an application service."));
        }
        return rooms.createAlias(alias, roomId, creator.toString(), clock.millis()).compose(created -> created
                ? Future.<Void>succeededFuture()
                : Future.failedFuture(new MatrixException(409, ErrCode.M_UNKNOWN, "Room alias " + alias + " already exists")));
    }

    public Future<Optional<RoomRepository.Alias>> find(String alias) {
        return rooms.alias(alias);
    }

    public Future<List<String>> of(String roomId) {
        return rooms.aliasesOf(roomId);
    }
}

package org.lightweb.storage.federation;

import static org.lightweb.storage.jooq.Tables.BLOCKED_SERVERS;
import static org.lightweb.storage.jooq.Tables.ROOM_MEMBERSHIPS;

import io.vertx.core.Future;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.lightweb.storage.Db;

public final class JooqFederationAdminRepository implements FederationAdminRepository {
    private final Db db;

    public JooqFederationAdminRepository(Db db) {
        this.db = db;
    }

    /** The server part of a user id: everything after the first ':' (it may carry a port). */
    static String serverOf(String userId) {
        int colon = userId.indexOf(':');
        return colon < 0 ? "" : userId.substring(colon + 1);
    }

    @Override
    public Future<Set<String>> serversInRooms(String ownServer) {
        return db.read(ctx -> {
            Set<String> servers = new TreeSet<>();
            for (String user : ctx.selectDistinct(ROOM_MEMBERSHIPS.USER_ID).from(ROOM_MEMBERSHIPS)
                    .where(ROOM_MEMBERSHIPS.MEMBERSHIP.eq("join"), ROOM_MEMBERSHIPS.USER_ID.notLike("%:" + ownServer))
                    .fetch(ROOM_MEMBERSHIPS.USER_ID)) {
                String s = serverOf(user);
                if (!s.isEmpty() && !s.equals(ownServer)) servers.add(s);
            }
            return servers;
        });
    }

    @Override
    public Future<List<SharedRoom>> roomsSharedWith(String server) {
        return db.read(ctx -> ctx.select(ROOM_MEMBERSHIPS.ROOM_ID, org.jooq.impl.DSL.max(ROOM_MEMBERSHIPS.STREAM_ORDERING))
                .from(ROOM_MEMBERSHIPS)
                .where(ROOM_MEMBERSHIPS.MEMBERSHIP.eq("join"), ROOM_MEMBERSHIPS.USER_ID.like("%:" + server))
                .groupBy(ROOM_MEMBERSHIPS.ROOM_ID).orderBy(ROOM_MEMBERSHIPS.ROOM_ID)
                .fetch(r -> new SharedRoom(r.value1(), r.value2() == null ? 0 : r.value2())))
                .map(rooms -> rooms);
    }

    @Override
    public Future<Map<String, Long>> blockedServers() {
        return db.read(ctx -> {
            Map<String, Long> out = new LinkedHashMap<>();
            ctx.selectFrom(BLOCKED_SERVERS).orderBy(BLOCKED_SERVERS.SERVER_NAME)
                    .forEach(r -> out.put(r.getServerName(), r.getBlockedTs()));
            return out;
        });
    }

    @Override
    public Future<Boolean> block(String server, String by, long now) {
        return db.write(ctx -> ctx.insertInto(BLOCKED_SERVERS).set(BLOCKED_SERVERS.SERVER_NAME, server)
                .set(BLOCKED_SERVERS.BLOCKED_BY, by).set(BLOCKED_SERVERS.BLOCKED_TS, now).onConflictDoNothing().execute() == 1);
    }

    @Override
    public Future<Boolean> unblock(String server) {
        return db.write(ctx -> ctx.deleteFrom(BLOCKED_SERVERS).where(BLOCKED_SERVERS.SERVER_NAME.eq(server)).execute() == 1);
    }
}

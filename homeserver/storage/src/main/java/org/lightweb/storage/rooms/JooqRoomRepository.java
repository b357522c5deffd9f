package org.lightweb.storage.rooms;

import static org.lightweb.storage.jooq.Tables.EVENTS;
import static org.lightweb.storage.jooq.Tables.ROOMS;
import static org.lightweb.storage.jooq.Tables.ROOM_ALIASES;
import static org.lightweb.storage.jooq.Tables.ROOM_MEMBERSHIPS;

import io.vertx.core.Future;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jooq.Record1;
import org.jooq.Select;
import org.jooq.impl.DSL;
import org.lightweb.storage.Db;
import org.lightweb.storage.jooq.tables.records.RoomMembershipsRecord;

public final class JooqRoomRepository implements RoomRepository {
    private final Db db;
    private final RoomCaches caches;

    public JooqRoomRepository(Db db) {
        this(db, RoomCaches.none());
    }

    /** @param caches shared with the event repository, which keeps them up to date */
    public JooqRoomRepository(Db db, RoomCaches caches) {
        this.db = db;
        this.caches = caches;
    }

    @Override
    public Future<Optional<RoomRecord>> room(String roomId) {
        return db.read(ctx -> room(ctx, roomId));
    }

    /** The room's row, in plain SQL (see Jdbc): every send reads it. */
    static Optional<RoomRecord> room(org.jooq.DSLContext ctx, String roomId) {
        return Optional.ofNullable(org.lightweb.storage.Jdbc.first(ctx, "SELECT room_id, room_version, creator, "
                + "created_ts, is_public, state_group FROM rooms WHERE room_id = ?", rs -> new RoomRecord(rs.getString(1),
                rs.getString(2), rs.getString(3), rs.getLong(4), rs.getBoolean(5),
                org.lightweb.storage.Jdbc.nullableLong(rs, "state_group")), roomId));
    }

    private static Membership toMembership(RoomMembershipsRecord r) {
        return new Membership(r.getRoomId(), r.getUserId(), r.getMembership(), r.getEventId(), r.getStreamOrdering(),
                r.getForgotten());
    }

    @Override
    public Future<Optional<Membership>> membership(String roomId, String userId) {
        List<Membership> known = caches.memberships().getIfPresent(userId);
        if (known != null) return Future.succeededFuture(known.stream().filter(m -> m.roomId().equals(roomId)).findFirst());
        return db.read(ctx -> ctx.selectFrom(ROOM_MEMBERSHIPS)
                .where(ROOM_MEMBERSHIPS.ROOM_ID.eq(roomId), ROOM_MEMBERSHIPS.USER_ID.eq(userId))
                .fetchOptional().map(JooqRoomRepository::toMembership));
    }

    @Override
    public Future<List<Membership>> membershipsOf(String userId) {
        return caches.memberships().get(userId, () -> db.read(ctx -> List.copyOf(ctx.selectFrom(ROOM_MEMBERSHIPS)
                .where(ROOM_MEMBERSHIPS.USER_ID.eq(userId))
                .orderBy(ROOM_MEMBERSHIPS.STREAM_ORDERING).fetch(JooqRoomRepository::toMembership))));
    }

    @Override
    public Future<List<Membership>> roomsOf(String userId, String membership) {
        return membershipsOf(userId).map(all -> all.stream().filter(m -> m.membership().equals(membership)).toList());
    }

    @Override
    public Future<List<Membership>> members(String roomId) {
        return caches.members().get(roomId, () -> db.read(ctx -> List.copyOf(ctx.selectFrom(ROOM_MEMBERSHIPS)
                .where(ROOM_MEMBERSHIPS.ROOM_ID.eq(roomId))
                .orderBy(ROOM_MEMBERSHIPS.USER_ID).fetch(JooqRoomRepository::toMembership))));
    }

    /** The users joined to a room that {@code userId} is joined to, as a subquery. */
    public static Select<Record1<String>> roomMatesOf(String userId) {
        var me = ROOM_MEMBERSHIPS.as("me");
        var other = ROOM_MEMBERSHIPS.as("other");
        return DSL.selectDistinct(other.USER_ID).from(me).join(other).on(other.ROOM_ID.eq(me.ROOM_ID))
                .where(me.USER_ID.eq(userId), me.MEMBERSHIP.eq("join"), other.MEMBERSHIP.eq("join"));
    }

    @Override
    public Future<Set<String>> roomMates(String userId) {
        return db.read(ctx -> new HashSet<>(ctx.fetch(roomMatesOf(userId)).getValues(0, String.class)));
    }

    @Override
    public Future<Boolean> shareRoom(String userId, String otherUserId) {
        var me = ROOM_MEMBERSHIPS.as("me");
        var other = ROOM_MEMBERSHIPS.as("other");
        return db.read(ctx -> ctx.fetchExists(DSL.selectOne().from(me).join(other).on(other.ROOM_ID.eq(me.ROOM_ID))
                .where(me.USER_ID.eq(userId), me.MEMBERSHIP.eq("join"), other.USER_ID.eq(otherUserId),
                        other.MEMBERSHIP.eq("join"))));
    }

    @Override
    public Future<Boolean> forget(String roomId, String userId) {
        return db.write(tx -> tx.update(ROOM_MEMBERSHIPS).set(ROOM_MEMBERSHIPS.FORGOTTEN, true)
                .where(ROOM_MEMBERSHIPS.ROOM_ID.eq(roomId), ROOM_MEMBERSHIPS.USER_ID.eq(userId),
                        ROOM_MEMBERSHIPS.MEMBERSHIP.in("leave", "ban"))
                .execute() > 0).onSuccess(changed -> caches.membershipChanged(roomId, userId));
    }

    @Override
    public Future<Void> setPublic(String roomId, boolean isPublic) {
        return db.write(tx -> {
            tx.update(ROOMS).set(ROOMS.IS_PUBLIC, isPublic).where(ROOMS.ROOM_ID.eq(roomId)).execute();
            return null;
        });
    }

    @Override
    public Future<List<PublicRoom>> publicRooms() {
        var joined = DSL.count(ROOM_MEMBERSHIPS.USER_ID).filterWhere(ROOM_MEMBERSHIPS.MEMBERSHIP.eq("join"));
        return db.read(ctx -> ctx.select(ROOMS.ROOM_ID, joined).from(ROOMS)
                .leftJoin(ROOM_MEMBERSHIPS).on(ROOM_MEMBERSHIPS.ROOM_ID.eq(ROOMS.ROOM_ID))
                .where(ROOMS.IS_PUBLIC.isTrue())
                .groupBy(ROOMS.ROOM_ID)
                .orderBy(joined.desc(), ROOMS.ROOM_ID)
                .fetch(r -> new PublicRoom(r.value1(), r.value2())));
    }

    @Override
    public Future<Boolean> createAlias(String alias, String roomId, String creator, long now) {
        return db.write(tx -> {
            if (tx.fetchExists(ROOM_ALIASES, ROOM_ALIASES.ROOM_ALIAS.eq(alias))) return false;
            tx.insertInto(ROOM_ALIASES).set(ROOM_ALIASES.ROOM_ALIAS, alias).set(ROOM_ALIASES.ROOM_ID, roomId)
                    .set(ROOM_ALIASES.CREATOR, creator).set(ROOM_ALIASES.CREATED_TS, now).execute();
            return true;
        });
    }

    @Override
    public Future<Optional<Alias>> alias(String alias) {
        return db.read(ctx -> ctx.selectFrom(ROOM_ALIASES).where(ROOM_ALIASES.ROOM_ALIAS.eq(alias)).fetchOptional()
                .map(r -> new Alias(r.getRoomAlias(), r.getRoomId(), r.getCreator())));
    }

    @Override
    public Future<Boolean> deleteAlias(String alias) {
        return db.write(tx -> tx.deleteFrom(ROOM_ALIASES).where(ROOM_ALIASES.ROOM_ALIAS.eq(alias)).execute() > 0);
    }

    @Override
    public Future<List<String>> aliasesOf(String roomId) {
        return db.read(ctx -> ctx.select(ROOM_ALIASES.ROOM_ALIAS).from(ROOM_ALIASES).where(ROOM_ALIASES.ROOM_ID.eq(roomId))
                .orderBy(ROOM_ALIASES.ROOM_ALIAS).fetch(ROOM_ALIASES.ROOM_ALIAS));
    }

    @Override
    public Future<Integer> moveAliases(String fromRoom, String toRoom) {
        return db.write(tx -> tx.update(ROOM_ALIASES).set(ROOM_ALIASES.ROOM_ID, toRoom)
                .where(ROOM_ALIASES.ROOM_ID.eq(fromRoom)).execute());
    }

    @Override
    public Future<Set<String>> roomsWithMemberChanges(long after, long upTo) {
        Set<String> known = caches.roomsWithMemberChanges(after, upTo);
        if (known != null) return Future.succeededFuture(known);
        return db.read(ctx -> new HashSet<>(ctx.selectDistinct(EVENTS.ROOM_ID).from(EVENTS)
                .where(EVENTS.STREAM_ORDERING.gt(after), EVENTS.STREAM_ORDERING.le(upTo), EVENTS.TYPE.eq("m.room.member"))
                .fetch(EVENTS.ROOM_ID)));
    }
}

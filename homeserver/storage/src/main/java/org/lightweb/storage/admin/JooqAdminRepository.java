package org.lightweb.storage.admin;

import static org.lightweb.storage.jooq.Tables.BLOCKED_ROOMS;
import static org.lightweb.storage.jooq.Tables.CURRENT_STATE;
import static org.lightweb.storage.jooq.Tables.DEVICES;
import static org.lightweb.storage.jooq.Tables.EVENTS;
import static org.lightweb.storage.jooq.Tables.EVENT_AUTH_EDGES;
import static org.lightweb.storage.jooq.Tables.EVENT_EDGES;
import static org.lightweb.storage.jooq.Tables.EVENT_TXN_IDS;
import static org.lightweb.storage.jooq.Tables.MEDIA;
import static org.lightweb.storage.jooq.Tables.PROFILES;
import static org.lightweb.storage.jooq.Tables.ROOMS;
import static org.lightweb.storage.jooq.Tables.ROOM_MEMBERSHIPS;
import static org.lightweb.storage.jooq.Tables.STATE_GROUPS;
import static org.lightweb.storage.jooq.Tables.STATE_GROUP_ENTRIES;
import static org.lightweb.storage.jooq.Tables.USERS;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SelectJoinStep;
import org.jooq.SortField;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.lightweb.core.Json;
import org.lightweb.core.UserId;
import org.lightweb.storage.Db;
import org.lightweb.storage.jooq.DefaultSchema;

public final class JooqAdminRepository implements AdminRepository {
    /** Tables with a room_id column whose rows outlive a purge: the block itself, and reports kept as evidence. */
    private static final Set<String> KEPT_ON_PURGE = Set.of("blocked_rooms", "content_reports");

    private static final org.lightweb.storage.jooq.tables.Profiles NAME = PROFILES.as("pn");
    private static final org.lightweb.storage.jooq.tables.Profiles AVATAR = PROFILES.as("pa");
    private static final Field<Long> LAST_SEEN = DSL.select(DSL.max(DEVICES.LAST_SEEN_TS)).from(DEVICES)
            .where(DEVICES.USER_ID.eq(USERS.USER_ID)).asField("last_seen_ts");

    private final Db db;

    public JooqAdminRepository(Db db) {
        this.db = db;
    }

    private static SelectJoinStep<Record> usersWithProfiles(DSLContext ctx, List<Field<?>> fields) {
        return ctx.select(fields).from(USERS)
                .leftJoin(NAME).on(NAME.USER_ID.eq(USERS.USER_ID), NAME.FIELD.eq("displayname"))
                .leftJoin(AVATAR).on(AVATAR.USER_ID.eq(USERS.USER_ID), AVATAR.FIELD.eq("avatar_url"));
    }

    private static List<Field<?>> userFields() {
        List<Field<?>> f = new ArrayList<>(List.of(USERS.fields()));
        f.add(NAME.VALUE.as("displayname"));
        f.add(AVATAR.VALUE.as("avatar_url"));
        f.add(LAST_SEEN);
        return f;
    }

    @Override
    public Future<Page<UserRow>> users(UserQuery q) {
        List<Condition> where = new ArrayList<>();
        if (!q.guests()) where.add(USERS.IS_GUEST.isFalse());
        if (!q.deactivated()) where.add(USERS.DEACTIVATED.isFalse());
        if (q.admins() != null) where.add(USERS.IS_ADMIN.eq(q.admins()));
        if (q.name() != null) {
            String needle = q.name().toLowerCase(Locale.ROOT);
            // the localpart is what comes before the first ':'; the display name is stored as a JSON string
            where.add(DSL.lower(USERS.USER_ID).like("@%" + escape(needle) + "%:%", '!')
                    .or(DSL.lower(NAME.VALUE).contains(needle)));
        } else if (q.userId() != null) {
            where.add(DSL.lower(USERS.USER_ID).contains(q.userId().toLowerCase(Locale.ROOT)));
        }
        Field<?> key = switch (q.orderBy()) {
            case "is_guest" -> USERS.IS_GUEST;
            case "admin" -> USERS.IS_ADMIN;
            case "user_type" -> USERS.USER_TYPE;
            case "deactivated" -> USERS.DEACTIVATED;
            case "displayname" -> NAME.VALUE;
            case "avatar_url" -> AVATAR.VALUE;
            case "creation_ts" -> USERS.CREATED_TS;
            case "last_seen_ts" -> LAST_SEEN;
            case "shadow_banned" -> DSL.inline(0);
            default -> USERS.USER_ID;
        };
        SortField<?> primary = q.backwards() ? key.desc().nullsLast() : key.asc().nullsFirst();
        SortField<?> tie = q.backwards() ? USERS.USER_ID.desc() : USERS.USER_ID.asc();
        return db.read(ctx -> {
            long total = usersWithProfiles(ctx, List.of(DSL.count())).where(where).fetchOne(0, Long.class);
            List<UserRow> rows = usersWithProfiles(ctx, userFields()).where(where).orderBy(primary, tie)
                    .limit(q.limit()).offset(q.from()).fetch(JooqAdminRepository::toRow);
            return new Page<>(rows, total);
        });
    }

    private static String escape(String s) {
        return s.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }

    @Override
    public Future<Optional<UserRow>> user(UserId user) {
        return db.read(ctx -> usersWithProfiles(ctx, userFields()).where(USERS.USER_ID.eq(user.toString()))
                .fetchOptional(JooqAdminRepository::toRow));
    }

    private static UserRow toRow(Record r) {
        return new UserRow(UserId.parse(r.get(USERS.USER_ID)).orElseThrow(), r.get(USERS.IS_ADMIN), r.get(USERS.IS_GUEST),
                r.get(USERS.USER_TYPE), r.get(USERS.DEACTIVATED), r.get(USERS.CREATED_TS),
                jsonString(r.get("displayname", String.class)), jsonString(r.get("avatar_url", String.class)),
                r.get(USERS.APPSERVICE_ID), r.get("last_seen_ts", Long.class));
    }

    private static String jsonString(String json) {
        if (json == null) return null;
        JsonNode n = Json.parse(json);
        return n.isTextual() ? n.asText() : null;
    }

    @Override
    public Future<Void> reactivate(UserId user, String passwordHash) {
        return db.write(tx -> {
            tx.update(USERS).set(USERS.DEACTIVATED, false).set(USERS.PASSWORD_HASH, passwordHash)
                    .where(USERS.USER_ID.eq(user.toString())).execute();
            return null;
        });
    }

    private static List<Field<?>> roomFields(String serverName) {
        var m = ROOM_MEMBERSHIPS;
        Field<Integer> joined = DSL.selectCount().from(m).where(m.ROOM_ID.eq(ROOMS.ROOM_ID), m.MEMBERSHIP.eq("join"))
                .asField("joined");
        Field<Integer> local = DSL.selectCount().from(m).where(m.ROOM_ID.eq(ROOMS.ROOM_ID), m.MEMBERSHIP.eq("join"),
                m.USER_ID.endsWith(":" + serverName)).asField("joined_local");
        Field<Integer> state = DSL.selectCount().from(CURRENT_STATE).where(CURRENT_STATE.ROOM_ID.eq(ROOMS.ROOM_ID))
                .asField("state_events");
        return List.of(ROOMS.ROOM_ID, ROOMS.ROOM_VERSION, ROOMS.CREATOR, ROOMS.IS_PUBLIC, joined, local, state);
    }

    private static RoomRow toRoom(Record r) {
        return new RoomRow(r.get(ROOMS.ROOM_ID), r.get(ROOMS.ROOM_VERSION), r.get(ROOMS.CREATOR), r.get(ROOMS.IS_PUBLIC),
                r.get("joined", Integer.class), r.get("joined_local", Integer.class), r.get("state_events", Integer.class));
    }

    @Override
    public Future<List<RoomRow>> rooms(String serverName) {
        return db.read(ctx -> ctx.select(roomFields(serverName)).from(ROOMS).orderBy(ROOMS.ROOM_ID)
                .fetch(JooqAdminRepository::toRoom));
    }

    @Override
    public Future<Optional<RoomRow>> room(String roomId, String serverName) {
        return db.read(ctx -> ctx.select(roomFields(serverName)).from(ROOMS).where(ROOMS.ROOM_ID.eq(roomId))
                .fetchOptional(JooqAdminRepository::toRoom));
    }

    @Override
    public Future<Void> block(String roomId, String byUser, long nowTs) {
        return db.write(tx -> {
            tx.deleteFrom(BLOCKED_ROOMS).where(BLOCKED_ROOMS.ROOM_ID.eq(roomId)).execute();
            tx.insertInto(BLOCKED_ROOMS).set(BLOCKED_ROOMS.ROOM_ID, roomId).set(BLOCKED_ROOMS.USER_ID, byUser)
                    .set(BLOCKED_ROOMS.BLOCKED_TS, nowTs).execute();
            return null;
        });
    }

    @Override
    public Future<Void> unblock(String roomId) {
        return db.write(tx -> {
            tx.deleteFrom(BLOCKED_ROOMS).where(BLOCKED_ROOMS.ROOM_ID.eq(roomId)).execute();
            return null;
        });
    }

    @Override
    public Future<Optional<String>> blockedBy(String roomId) {
        return db.read(ctx -> ctx.select(BLOCKED_ROOMS.USER_ID).from(BLOCKED_ROOMS)
                .where(BLOCKED_ROOMS.ROOM_ID.eq(roomId)).fetchOptional(BLOCKED_ROOMS.USER_ID));
    }

    @Override
    public Future<Integer> purgeRoom(String roomId) {
        return db.writeOrdered(tx -> {
            var roomEvents = DSL.select(EVENTS.EVENT_ID).from(EVENTS).where(EVENTS.ROOM_ID.eq(roomId));
            int rows = 0;
            rows += tx.deleteFrom(EVENT_EDGES).where(EVENT_EDGES.EVENT_ID.in(roomEvents)).execute();
            rows += tx.deleteFrom(EVENT_AUTH_EDGES).where(EVENT_AUTH_EDGES.EVENT_ID.in(roomEvents)).execute();
            rows += tx.deleteFrom(EVENT_TXN_IDS).where(EVENT_TXN_IDS.EVENT_ID.in(roomEvents)).execute();
            rows += tx.deleteFrom(STATE_GROUP_ENTRIES).where(STATE_GROUP_ENTRIES.STATE_GROUP.in(
                    DSL.select(STATE_GROUPS.STATE_GROUP).from(STATE_GROUPS).where(STATE_GROUPS.ROOM_ID.eq(roomId)))).execute();
            // Every table with a room_id column, found from the generated schema so tables added later are purged too;
            // events and rooms last, since the deletes above select from events.
            List<Table<?>> last = List.of(EVENTS, ROOMS);
            for (Table<?> t : DefaultSchema.DEFAULT_SCHEMA.getTables()) {
                if (KEPT_ON_PURGE.contains(t.getName()) || last.contains(t)) continue;
                rows += deleteRoomRows(tx, t, roomId);
            }
            for (Table<?> t : last) rows += deleteRoomRows(tx, t, roomId);
            return rows;
        });
    }

    @SuppressWarnings("unchecked")
    private static int deleteRoomRows(DSLContext tx, Table<?> t, String roomId) {
        Field<?> f = t.field("room_id");
        if (f == null || f.getType() != String.class) return 0;
        return tx.deleteFrom(t).where(((Field<String>) f).eq(roomId)).execute();
    }

    @Override
    public Future<List<List<String>>> mediaUploadedBy(String userId) {
        return db.read(ctx -> ctx.select(MEDIA.SERVER_NAME, MEDIA.MEDIA_ID).from(MEDIA).where(MEDIA.USER_ID.eq(userId))
                .orderBy(MEDIA.CREATED_TS, MEDIA.MEDIA_ID).fetch(r -> List.of(r.value1(), r.value2())));
    }

    @Override
    public Future<List<String>> eventsWithMedia(String roomId) {
        return db.read(ctx -> ctx.select(EVENTS.JSON).from(EVENTS)
                .where(EVENTS.ROOM_ID.eq(roomId), EVENTS.JSON.contains("mxc://")).fetch(EVENTS.JSON));
    }
}

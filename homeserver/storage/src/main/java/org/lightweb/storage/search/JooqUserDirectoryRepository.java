package org.lightweb.storage.search;

import static org.lightweb.storage.jooq.Tables.ROOMS;
import static org.lightweb.storage.jooq.Tables.ROOM_MEMBERSHIPS;
import static org.lightweb.storage.jooq.Tables.USERS;
import static org.lightweb.storage.jooq.Tables.USER_DIRECTORY;
import static org.lightweb.storage.jooq.Tables.USER_DIRECTORY_PUBLIC_ROOMS;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jooq.Condition;
import org.jooq.impl.DSL;
import org.lightweb.storage.Db;

/** The user directory on either database: word prefixes are matched with LIKE on search_text. */
public final class JooqUserDirectoryRepository implements UserDirectoryRepository {
    /** Words kept of a name; more would only slow LIKE down. */
    private static final int MAX_WORDS = 32;

    private final Db db;

    public JooqUserDirectoryRepository(Db db) {
        this.db = db;
    }

    /** " word word ...": the words of the display name and of the user id, each after a space. */
    static String searchText(String userId, String displayName) {
        StringBuilder out = new StringBuilder();
        for (String w : SearchWords.of(displayName, MAX_WORDS)) out.append(' ').append(w);
        for (String w : SearchWords.of(userId, MAX_WORDS)) out.append(' ').append(w);
        return out.toString();
    }

    @Override
    public Future<Void> put(String userId, String displayName, String avatarUrl) {
        var D = USER_DIRECTORY;
        String text = searchText(userId, displayName);
        return db.write(tx -> {
            tx.insertInto(D).set(D.USER_ID, userId).set(D.DISPLAY_NAME, displayName).set(D.AVATAR_URL, avatarUrl)
                    .set(D.SEARCH_TEXT, text)
                    .onConflict(D.USER_ID).doUpdate()
                    .set(D.DISPLAY_NAME, displayName).set(D.AVATAR_URL, avatarUrl).set(D.SEARCH_TEXT, text)
                    .execute();
            return null;
        });
    }

    @Override
    public Future<Void> setPublicRoom(String roomId, boolean isPublic) {
        var P = USER_DIRECTORY_PUBLIC_ROOMS;
        return db.write(tx -> {
            if (isPublic) {
                tx.insertInto(P).set(P.ROOM_ID, roomId).onConflictDoNothing().execute();
            } else {
                tx.deleteFrom(P).where(P.ROOM_ID.eq(roomId)).execute();
            }
            return null;
        });
    }

    @Override
    public Future<Boolean> isEmpty() {
        return db.read(ctx -> !ctx.fetchExists(USER_DIRECTORY));
    }

    @Override
    public Future<Map<String, String>> joinedUsers() {
        return db.read(ctx -> {
            Map<String, String> out = new HashMap<>();
            ctx.select(ROOM_MEMBERSHIPS.USER_ID, ROOM_MEMBERSHIPS.EVENT_ID).from(ROOM_MEMBERSHIPS)
                    .where(ROOM_MEMBERSHIPS.MEMBERSHIP.eq("join"))
                    .orderBy(ROOM_MEMBERSHIPS.STREAM_ORDERING)
                    .forEach(r -> out.put(r.value1(), r.value2()));     // the latest join wins
            return out;
        });
    }

    @Override
    public Future<Results> search(String searcher, List<String> words, int limit) {
        if (words.isEmpty() || limit <= 0) return Future.succeededFuture(new Results(List.of(), false));
        var D = USER_DIRECTORY;
        Condition matches = words.stream().map(w -> (Condition) D.SEARCH_TEXT.like("% " + w + "%"))
                .reduce(DSL.noCondition(), Condition::and);
        var mine = ROOM_MEMBERSHIPS.as("mine");
        var theirs = ROOM_MEMBERSHIPS.as("theirs");
        Condition sharesRoom = DSL.exists(DSL.selectOne().from(mine).join(theirs).on(theirs.ROOM_ID.eq(mine.ROOM_ID))
                .where(mine.USER_ID.eq(searcher), mine.MEMBERSHIP.eq("join"),
                        theirs.USER_ID.eq(D.USER_ID), theirs.MEMBERSHIP.eq("join")));
        var member = ROOM_MEMBERSHIPS.as("member");
        Condition inPublicRoom = DSL.exists(DSL.selectOne().from(member)
                .where(member.USER_ID.eq(D.USER_ID), member.MEMBERSHIP.eq("join"))
                .and(member.ROOM_ID.in(DSL.select(USER_DIRECTORY_PUBLIC_ROOMS.ROOM_ID).from(USER_DIRECTORY_PUBLIC_ROOMS))
                        .or(member.ROOM_ID.in(DSL.select(ROOMS.ROOM_ID).from(ROOMS).where(ROOMS.IS_PUBLIC.isTrue())))));
        Condition deactivated = DSL.exists(DSL.selectOne().from(USERS)
                .where(USERS.USER_ID.eq(D.USER_ID), USERS.DEACTIVATED.isTrue()));
        return db.read(ctx -> {
            List<Entry> found = new ArrayList<>();
            ctx.select(D.USER_ID, D.DISPLAY_NAME, D.AVATAR_URL).from(D)
                    .where(matches).and(sharesRoom.or(inPublicRoom)).andNot(deactivated)
                    .orderBy(D.DISPLAY_NAME.isNull(), DSL.lower(D.DISPLAY_NAME), D.USER_ID)
                    .limit(limit + 1)
                    .forEach(r -> found.add(new Entry(r.value1(), r.value2(), r.value3())));
            boolean limited = found.size() > limit;
            return new Results(limited ? List.copyOf(found.subList(0, limit)) : List.copyOf(found), limited);
        });
    }
}

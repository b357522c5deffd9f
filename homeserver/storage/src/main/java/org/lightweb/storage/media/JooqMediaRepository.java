package org.lightweb.storage.media;

import static org.lightweb.storage.jooq.Tables.MEDIA;
import static org.lightweb.storage.jooq.Tables.MEDIA_THUMBNAILS;
import static org.lightweb.storage.jooq.Tables.QUARANTINED_MEDIA;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.lightweb.storage.Db;

public final class JooqMediaRepository implements MediaRepository {
    private final Db db;

    public JooqMediaRepository(Db db) {
        this.db = db;
    }

    @Override
    public Future<Void> addUploaded(String serverName, String mediaId, String userId, Content c, long nowTs,
                                    boolean restricted) {
        var M = MEDIA;
        return db.write(tx -> {
            tx.insertInto(M).set(M.SERVER_NAME, serverName).set(M.MEDIA_ID, mediaId).set(M.USER_ID, userId)
                    .set(M.CONTENT_TYPE, c.contentType()).set(M.UPLOAD_NAME, c.uploadName()).set(M.SIZE, c.size())
                    .set(M.SHA256, c.sha256()).set(M.CREATED_TS, nowTs).set(M.RESTRICTED, restricted).execute();
            return null;
        });
    }

    @Override
    public Future<Void> addPending(String serverName, String mediaId, String userId, long nowTs, long unusedExpiresAt,
                                   boolean restricted) {
        var M = MEDIA;
        return db.write(tx -> {
            tx.insertInto(M).set(M.SERVER_NAME, serverName).set(M.MEDIA_ID, mediaId).set(M.USER_ID, userId)
                    .set(M.CREATED_TS, nowTs).set(M.UNUSED_EXPIRES_AT, unusedExpiresAt).set(M.RESTRICTED, restricted)
                    .execute();
            return null;
        });
    }

    @Override
    public Future<Boolean> fillPending(String serverName, String mediaId, Content c, long nowTs) {
        var M = MEDIA;
        return db.write(tx -> tx.update(M).set(M.CONTENT_TYPE, c.contentType()).set(M.UPLOAD_NAME, c.uploadName())
                .set(M.SIZE, c.size()).set(M.SHA256, c.sha256()).set(M.CREATED_TS, nowTs)
                .setNull(M.UNUSED_EXPIRES_AT)
                .where(M.SERVER_NAME.eq(serverName), M.MEDIA_ID.eq(mediaId), M.SHA256.isNull()).execute() == 1);
    }

    @Override
    public Future<Optional<Media>> find(String serverName, String mediaId) {
        var M = MEDIA;
        return db.read(tx -> tx.selectFrom(M).where(M.SERVER_NAME.eq(serverName), M.MEDIA_ID.eq(mediaId))
                .fetchOptional().map(JooqMediaRepository::toMedia));
    }

    private static Media toMedia(Record r) {
        var M = MEDIA;
        return new Media(r.get(M.SERVER_NAME), r.get(M.MEDIA_ID), r.get(M.USER_ID), r.get(M.CONTENT_TYPE),
                r.get(M.UPLOAD_NAME), r.get(M.SIZE), r.get(M.SHA256), r.get(M.CREATED_TS), r.get(M.UNUSED_EXPIRES_AT),
                r.get(M.LAST_ACCESS_TS), Boolean.TRUE.equals(r.get(M.RESTRICTED)));
    }

    @Override
    public Future<Long> bytesUploadedBy(String userId) {
        var M = MEDIA;
        return db.read(tx -> {
            Number sum = tx.select(DSL.sum(M.SIZE)).from(M).where(M.USER_ID.eq(userId), M.SHA256.isNotNull())
                    .fetchOne(0, Number.class);
            return sum == null ? 0L : sum.longValue();
        });
    }

    @Override
    public Future<Integer> pendingCount(String userId, long nowTs) {
        var M = MEDIA;
        return db.read(tx -> tx.selectCount().from(M).where(M.USER_ID.eq(userId), M.SHA256.isNull(),
                M.UNUSED_EXPIRES_AT.gt(nowTs)).fetchSingle().value1());
    }

    @Override
    public Future<Boolean> isReferenced(String sha256) {
        return db.read(tx -> tx.fetchExists(MEDIA, MEDIA.SHA256.eq(sha256))
                || tx.fetchExists(MEDIA_THUMBNAILS, MEDIA_THUMBNAILS.SHA256.eq(sha256)));
    }

    @Override
    public Future<Void> touch(String serverName, String mediaId, long nowTs) {
        var M = MEDIA;
        return db.write(tx -> {
            tx.update(M).set(M.LAST_ACCESS_TS, nowTs).where(M.SERVER_NAME.eq(serverName), M.MEDIA_ID.eq(mediaId)).execute();
            return null;
        });
    }

    @Override
    public Future<Optional<Thumbnail>> thumbnail(String serverName, String mediaId, int width, int height, String method) {
        var T = MEDIA_THUMBNAILS;
        return db.read(tx -> tx.selectFrom(T).where(T.SERVER_NAME.eq(serverName), T.MEDIA_ID.eq(mediaId),
                T.WIDTH.eq(width), T.HEIGHT.eq(height), T.METHOD.eq(method)).fetchOptional()
                .map(r -> new Thumbnail(r.getWidth(), r.getHeight(), r.getMethod(), r.getContentType(), r.getSize(),
                        r.getSha256())));
    }

    @Override
    public Future<Void> addThumbnail(String serverName, String mediaId, Thumbnail t) {
        var T = MEDIA_THUMBNAILS;
        return db.write(tx -> {
            tx.insertInto(T).set(T.SERVER_NAME, serverName).set(T.MEDIA_ID, mediaId).set(T.WIDTH, t.width())
                    .set(T.HEIGHT, t.height()).set(T.METHOD, t.method()).set(T.CONTENT_TYPE, t.contentType())
                    .set(T.SIZE, t.size()).set(T.SHA256, t.sha256()).onConflictDoNothing().execute();
            return null;
        });
    }

    @Override
    public Future<Integer> deleteExpiredPending(long nowTs) {
        var M = MEDIA;
        return db.write(tx -> tx.deleteFrom(M).where(M.SHA256.isNull(), M.UNUSED_EXPIRES_AT.le(nowTs)).execute());
    }

    @Override
    public Future<List<String>> deleteUnusedSince(String serverName, long cutoffTs) {
        var M = MEDIA;
        var T = MEDIA_THUMBNAILS;
        return db.write(tx -> {
            var stale = tx.select(M.MEDIA_ID, M.SHA256).from(M).where(M.SERVER_NAME.eq(serverName), M.SHA256.isNotNull(),
                    DSL.coalesce(M.LAST_ACCESS_TS, M.CREATED_TS).lt(cutoffTs)).fetch();
            List<String> ids = stale.map(r -> r.get(M.MEDIA_ID));
            List<String> shas = new ArrayList<>(stale.map(r -> r.get(M.SHA256)));
            if (ids.isEmpty()) return shas;
            shas.addAll(tx.select(T.SHA256).from(T).where(T.SERVER_NAME.eq(serverName), T.MEDIA_ID.in(ids)).fetch(T.SHA256));
            tx.deleteFrom(T).where(T.SERVER_NAME.eq(serverName), T.MEDIA_ID.in(ids)).execute();
            tx.deleteFrom(M).where(M.SERVER_NAME.eq(serverName), M.MEDIA_ID.in(ids)).execute();
            return shas.stream().distinct().toList();
        });
    }

    @Override
    public Future<Media> addRemote(String serverName, String mediaId, Content c, long nowTs, boolean restricted) {
        var M = MEDIA;
        return db.write(tx -> {
            int filled = tx.update(M).set(M.CONTENT_TYPE, c.contentType()).set(M.UPLOAD_NAME, c.uploadName())
                    .set(M.SIZE, c.size()).set(M.SHA256, c.sha256()).set(M.CREATED_TS, nowTs)
                    .where(M.SERVER_NAME.eq(serverName), M.MEDIA_ID.eq(mediaId), M.SHA256.isNull()).execute();
            if (filled == 0) {
                tx.insertInto(M).set(M.SERVER_NAME, serverName).set(M.MEDIA_ID, mediaId).set(M.USER_ID, "")
                        .set(M.CONTENT_TYPE, c.contentType()).set(M.UPLOAD_NAME, c.uploadName()).set(M.SIZE, c.size())
                        .set(M.SHA256, c.sha256()).set(M.CREATED_TS, nowTs).set(M.RESTRICTED, restricted)
                        .onConflictDoNothing().execute();
            }
            return toMedia(tx.selectFrom(M).where(M.SERVER_NAME.eq(serverName), M.MEDIA_ID.eq(mediaId)).fetchSingle());
        });
    }

    @Override
    public Future<Void> addRemoteStub(String serverName, String mediaId, long nowTs, boolean restricted) {
        var M = MEDIA;
        return db.write(tx -> {
            tx.insertInto(M).set(M.SERVER_NAME, serverName).set(M.MEDIA_ID, mediaId).set(M.USER_ID, "")
                    .set(M.CREATED_TS, nowTs).set(M.RESTRICTED, restricted).onConflictDoNothing().execute();
            return null;
        });
    }

    @Override
    public Future<List<String>> deleteRemoteUnusedSince(String localServerName, long cutoffTs) {
        var M = MEDIA;
        var T = MEDIA_THUMBNAILS;
        return db.write(tx -> {
            var stale = tx.select(M.SERVER_NAME, M.MEDIA_ID, M.SHA256).from(M).where(M.SERVER_NAME.ne(localServerName),
                    DSL.coalesce(M.LAST_ACCESS_TS, M.CREATED_TS).lt(cutoffTs)).fetch();
            List<String> shas = new ArrayList<>();
            for (var r : stale) {
                String server = r.get(M.SERVER_NAME);
                String id = r.get(M.MEDIA_ID);
                if (r.get(M.SHA256) != null) shas.add(r.get(M.SHA256));
                shas.addAll(tx.select(T.SHA256).from(T).where(T.SERVER_NAME.eq(server), T.MEDIA_ID.eq(id)).fetch(T.SHA256));
                tx.deleteFrom(T).where(T.SERVER_NAME.eq(server), T.MEDIA_ID.eq(id)).execute();
                tx.deleteFrom(M).where(M.SERVER_NAME.eq(server), M.MEDIA_ID.eq(id)).execute();
            }
            return shas.stream().distinct().toList();
        });
    }

    @Override
    public Future<Boolean> quarantine(String serverName, String mediaId, String byUser, long nowTs) {
        var Q = QUARANTINED_MEDIA;
        return db.write(tx -> {
            if (tx.fetchExists(Q, Q.SERVER_NAME.eq(serverName), Q.MEDIA_ID.eq(mediaId))) return false;
            tx.insertInto(Q).set(Q.SERVER_NAME, serverName).set(Q.MEDIA_ID, mediaId).set(Q.QUARANTINED_BY, byUser)
                    .set(Q.QUARANTINED_TS, nowTs).execute();
            return true;
        });
    }

    @Override
    public Future<Boolean> unquarantine(String serverName, String mediaId) {
        var Q = QUARANTINED_MEDIA;
        return db.write(tx -> tx.deleteFrom(Q).where(Q.SERVER_NAME.eq(serverName), Q.MEDIA_ID.eq(mediaId)).execute() > 0);
    }

    @Override
    public Future<Boolean> isQuarantined(String serverName, String mediaId) {
        var Q = QUARANTINED_MEDIA;
        return db.read(ctx -> ctx.fetchExists(Q, Q.SERVER_NAME.eq(serverName), Q.MEDIA_ID.eq(mediaId)));
    }

    @Override
    public Future<Optional<List<String>>> delete(String serverName, String mediaId) {
        var M = MEDIA;
        var T = MEDIA_THUMBNAILS;
        return db.write(tx -> {
            var row = tx.select(M.SHA256).from(M).where(M.SERVER_NAME.eq(serverName), M.MEDIA_ID.eq(mediaId)).fetchOptional();
            if (row.isEmpty()) return Optional.<List<String>>empty();
            List<String> shas = new ArrayList<>();
            if (row.get().value1() != null) shas.add(row.get().value1());
            shas.addAll(tx.select(T.SHA256).from(T).where(T.SERVER_NAME.eq(serverName), T.MEDIA_ID.eq(mediaId)).fetch(T.SHA256));
            tx.deleteFrom(T).where(T.SERVER_NAME.eq(serverName), T.MEDIA_ID.eq(mediaId)).execute();
            tx.deleteFrom(M).where(M.SERVER_NAME.eq(serverName), M.MEDIA_ID.eq(mediaId)).execute();
            return Optional.of(shas.stream().distinct().toList());
        });
    }
}

package org.lightweb.storage.appservice;

import static org.lightweb.storage.jooq.Tables.APPSERVICE_POSITIONS;
import static org.lightweb.storage.jooq.Tables.APPSERVICE_REGISTRATIONS;

import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;
import org.lightweb.storage.Db;

public final class JooqAppserviceRepository implements AppserviceRepository {
    private final Db db;

    public JooqAppserviceRepository(Db db) {
        this.db = db;
    }

    @Override
    public Future<List<StoredRegistration>> registrations() {
        return db.read(ctx -> ctx.selectFrom(APPSERVICE_REGISTRATIONS).orderBy(APPSERVICE_REGISTRATIONS.CREATED_TS)
                .fetch(r -> new StoredRegistration(r.getId(), r.getYaml(), r.getCreatedTs())));
    }

    @Override
    public Future<Boolean> addRegistration(String id, String yaml, long now) {
        return db.write(ctx -> ctx.insertInto(APPSERVICE_REGISTRATIONS)
                .set(APPSERVICE_REGISTRATIONS.ID, id).set(APPSERVICE_REGISTRATIONS.YAML, yaml)
                .set(APPSERVICE_REGISTRATIONS.CREATED_TS, now)
                .onConflictDoNothing().execute() == 1);
    }

    @Override
    public Future<Boolean> removeRegistration(String id) {
        return db.write(ctx -> {
            ctx.deleteFrom(APPSERVICE_POSITIONS).where(APPSERVICE_POSITIONS.APPSERVICE_ID.eq(id)).execute();
            return ctx.deleteFrom(APPSERVICE_REGISTRATIONS).where(APPSERVICE_REGISTRATIONS.ID.eq(id)).execute() == 1;
        });
    }

    @Override
    public Future<Optional<Position>> position(String appserviceId) {
        return db.read(ctx -> ctx.selectFrom(APPSERVICE_POSITIONS).where(APPSERVICE_POSITIONS.APPSERVICE_ID.eq(appserviceId))
                .fetchOptional(r -> new Position(r.getEventsPosition(), r.getLastTxnId())));
    }

    @Override
    public Future<Void> setPosition(String appserviceId, Position p) {
        return db.write(ctx -> {
            ctx.insertInto(APPSERVICE_POSITIONS)
                    .set(APPSERVICE_POSITIONS.APPSERVICE_ID, appserviceId)
                    .set(APPSERVICE_POSITIONS.EVENTS_POSITION, p.eventsPosition())
                    .set(APPSERVICE_POSITIONS.LAST_TXN_ID, p.lastTxnId())
                    .onConflict(APPSERVICE_POSITIONS.APPSERVICE_ID).doUpdate()
                    .set(APPSERVICE_POSITIONS.EVENTS_POSITION, p.eventsPosition())
                    .set(APPSERVICE_POSITIONS.LAST_TXN_ID, p.lastTxnId())
                    .execute();
            return null;
        });
    }
}

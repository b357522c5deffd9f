package org.lightweb.storage.accounts;

import static org.lightweb.storage.jooq.Tables.UI_AUTH_SESSIONS;
import static org.lightweb.storage.jooq.Tables.UI_AUTH_STAGES;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.lightweb.core.Json;
import org.lightweb.storage.Db;

public final class JooqUiAuthRepository implements UiAuthRepository {
    /** The stage whose result names a registration token that holds a pending use. */
    private static final String TOKEN_STAGE = "m.login.registration_token";

    private final Db db;

    public JooqUiAuthRepository(Db db) {
        this.db = db;
    }

    @Override
    public Future<Void> create(String sessionId, long now, String method, String uri, String clientDict) {
        return db.write(tx -> {
            tx.insertInto(UI_AUTH_SESSIONS)
                    .set(UI_AUTH_SESSIONS.SESSION_ID, sessionId).set(UI_AUTH_SESSIONS.CREATED_TS, now)
                    .set(UI_AUTH_SESSIONS.METHOD, method).set(UI_AUTH_SESSIONS.URI, uri)
                    .set(UI_AUTH_SESSIONS.CLIENTDICT, clientDict)
                    .execute();
            return null;
        });
    }

    @Override
    public Future<Optional<UiAuthSession>> find(String sessionId) {
        return db.read(ctx -> {
            var s = ctx.selectFrom(UI_AUTH_SESSIONS).where(UI_AUTH_SESSIONS.SESSION_ID.eq(sessionId)).fetchOne();
            if (s == null) return Optional.<UiAuthSession>empty();
            Map<String, String> completed = new LinkedHashMap<>();
            ctx.selectFrom(UI_AUTH_STAGES).where(UI_AUTH_STAGES.SESSION_ID.eq(sessionId))
                    .forEach(r -> completed.put(r.getStage(), r.getResult()));
            return Optional.of(new UiAuthSession(s.getSessionId(), s.getCreatedTs(), s.getMethod(), s.getUri(),
                    s.getClientdict(), completed));
        });
    }

    @Override
    public Future<Void> complete(String sessionId, String stage, String resultJson) {
        return db.write(tx -> {
            tx.insertInto(UI_AUTH_STAGES)
                    .set(UI_AUTH_STAGES.SESSION_ID, sessionId).set(UI_AUTH_STAGES.STAGE, stage)
                    .set(UI_AUTH_STAGES.RESULT, resultJson)
                    .onConflict(UI_AUTH_STAGES.SESSION_ID, UI_AUTH_STAGES.STAGE).doUpdate()
                    .set(UI_AUTH_STAGES.RESULT, resultJson)
                    .execute();
            return null;
        });
    }

    @Override
    public Future<Void> delete(String sessionId) {
        return db.write(tx -> {
            tx.deleteFrom(UI_AUTH_SESSIONS).where(UI_AUTH_SESSIONS.SESSION_ID.eq(sessionId)).execute();
            return null;
        });
    }

    @Override
    public Future<List<String>> deleteOlderThan(long cutoff) {
        return db.write(tx -> {
            List<String> tokens = new ArrayList<>();
            tx.select(UI_AUTH_STAGES.RESULT).from(UI_AUTH_STAGES).join(UI_AUTH_SESSIONS)
                    .on(UI_AUTH_SESSIONS.SESSION_ID.eq(UI_AUTH_STAGES.SESSION_ID))
                    .where(UI_AUTH_SESSIONS.CREATED_TS.lt(cutoff), UI_AUTH_STAGES.STAGE.eq(TOKEN_STAGE))
                    .forEach(r -> {
                        JsonNode result = Json.parse(r.value1());
                        if (result.hasNonNull("token")) tokens.add(result.get("token").asText());
                    });
            tx.deleteFrom(UI_AUTH_SESSIONS).where(UI_AUTH_SESSIONS.CREATED_TS.lt(cutoff)).execute();
            return tokens;
        });
    }
}

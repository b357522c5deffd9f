package org.lightweb.storage.push;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.lightweb.storage.Database;
import org.lightweb.storage.DatabaseSettings;
import org.lightweb.storage.Db;

class SqlitePushActionRepositoryTest implements PushActionRepositoryContract {
    @TempDir
    static Path dir;
    static Vertx vertx;
    static Database database;
    static Db db;
    static PushActionRepository repo;

    @BeforeAll
    static void open() {
        vertx = Vertx.vertx();
        database = Database.open(DatabaseSettings.sqlite(dir.resolve("push.db")));
        db = new Db(vertx, database);
        repo = new JooqPushActionRepository(db);
    }

    @AfterAll
    static void close() throws Exception {
        db.close();
        database.close();
        vertx.close().toCompletionStage().toCompletableFuture().get();
    }

    @Override
    public Db db() { return db; }

    @Override
    public PushActionRepository repo() { return repo; }
}

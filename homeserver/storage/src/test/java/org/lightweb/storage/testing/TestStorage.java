package org.lightweb.storage.testing;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.lightweb.storage.Database;
import org.lightweb.storage.DatabaseSettings;
import org.lightweb.storage.Db;
import org.lightweb.storage.accounts.AccountRepository;
import org.lightweb.storage.accounts.DeviceRepository;
import org.lightweb.storage.accounts.JooqAccountRepository;
import org.lightweb.storage.accounts.JooqDeviceRepository;
import org.lightweb.storage.accounts.JooqProfileRepository;
import org.lightweb.storage.accounts.JooqRegistrationTokenRepository;
import org.lightweb.storage.accounts.JooqThreepidRepository;
import org.lightweb.storage.accounts.JooqUiAuthRepository;
import org.lightweb.storage.accounts.ProfileRepository;
import org.lightweb.storage.accounts.RegistrationTokenRepository;
import org.lightweb.storage.accounts.ThreepidRepository;
import org.lightweb.storage.accounts.UiAuthRepository;

/**
 * A migrated database for storage tests, opened exactly as a node opens its own: a temp SQLite file, or a fresh
 * schema on the PostgreSQL server of {@link TestPostgres}. Registered as a static JUnit extension it opens before
 * the first test of the class and closes after the last, deleting the file or dropping the schema.
 * <pre>
 * &#64;RegisterExtension static final TestStorage storage = TestStorage.sqlite();
 * </pre>
 * Tests of one class share the database, so they use fresh ids ({@link #freshName}) rather than an empty one.
 */
public final class TestStorage implements BeforeAllCallback, AfterAllCallback, AutoCloseable {
    private static final long AWAIT_SECONDS = 10;

    private final DatabaseSettings.Type type;
    private final TestClock clock = new TestClock();
    private Path dir;
    private String schema;
    private Vertx vertx;
    private Database database;
    private Db db;

    private TestStorage(DatabaseSettings.Type type) {
        this.type = type;
    }

    /** A temp SQLite file. Nothing is opened until {@link #open()} (or the extension's beforeAll). */
    public static TestStorage sqlite() {
        return new TestStorage(DatabaseSettings.Type.SQLITE);
    }

    /** A fresh schema on the server of {@link TestPostgres}; guard the test class with the URL variable. */
    public static TestStorage postgres() {
        return new TestStorage(DatabaseSettings.Type.POSTGRES);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        open();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    /** Opens and migrates the database; for use outside JUnit's lifecycle, paired with {@link #close()}. */
    public TestStorage open() {
        if (database != null) throw new IllegalStateException("already open");
        DatabaseSettings settings;
        if (type == DatabaseSettings.Type.SQLITE) {
            try {
                dir = Files.createTempDirectory("lightweb-storage-test-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            settings = DatabaseSettings.sqlite(dir.resolve("lightweb.db"));
        } else {
            schema = TestPostgres.freshSchema();
            settings = TestPostgres.settings(schema);
        }
        vertx = Vertx.vertx();
        database = Database.open(settings);
        db = new Db(vertx, database);
        return this;
    }

    @Override
    public void close() {
        try {
            if (db != null) db.close();
            if (database != null) database.close();
            if (vertx != null) await(vertx.close());
        } finally {
            db = null;
            database = null;
            vertx = null;
            if (schema != null) TestPostgres.dropSchema(schema);
            if (dir != null) deleteRecursively(dir);
        }
    }

    public boolean isSqlite() { return type == DatabaseSettings.Type.SQLITE; }

    public Vertx vertx() { return opened(vertx); }

    public Database database() { return opened(database); }

    public Db db() { return opened(db); }

    public TestClock clock() { return clock; }

    public AccountRepository accounts() { return new JooqAccountRepository(db(), clock); }

    public DeviceRepository devices() { return new JooqDeviceRepository(db(), clock); }

    public ProfileRepository profiles() { return new JooqProfileRepository(db()); }

    public ThreepidRepository threepids() { return new JooqThreepidRepository(db()); }

    public RegistrationTokenRepository registrationTokens() { return new JooqRegistrationTokenRepository(db()); }

    public UiAuthRepository uiAuth() { return new JooqUiAuthRepository(db()); }

    /** The result of {@code future}, waiting at most 10 seconds; its failure is thrown as it is when unchecked. */
    public static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(AWAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("no result within " + AWAIT_SECONDS + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The failure of {@code future}, which must fail within 10 seconds. */
    public static Throwable awaitFailure(Future<?> future) {
        try {
            Object value = future.toCompletionStage().toCompletableFuture().get(AWAIT_SECONDS, TimeUnit.SECONDS);
            throw new AssertionError("expected a failure, got " + value);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (TimeoutException e) {
            throw new AssertionError("no result within " + AWAIT_SECONDS + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A name no other test of the run uses, e.g. for a localpart or a token: {@code prefix} plus 10 characters. */
    public static String freshName(String prefix) {
        return prefix + org.lightweb.core.Secrets.randomString(10).toLowerCase(java.util.Locale.ROOT);
    }

    private <T> T opened(T value) {
        if (value == null) throw new IllegalStateException("the test database is not open");
        return value;
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

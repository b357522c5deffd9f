package org.lightweb.plugin.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.lightweb.plugin.LightwebPlugin;
import org.lightweb.plugin.MatrixError;
import org.lightweb.plugin.PluginConfig;
import org.lightweb.plugin.PluginContext;
import org.lightweb.plugin.Users;

/**
 * A {@link PluginContext} for a plugin's unit tests: its configuration from a Map, a SQLite database in a temporary
 * directory on which the plugin's migrations ran (as the node runs them before a start), and fake users, rooms, bots
 * and federation that answer what the test set and record what the plugin asked. Close it to delete its files.
 *
 * <pre>{@code
 * try (var ctx = FakePluginContext.builder("example-greeter").config(Map.of("greeting", "Hi")).build()) {
 *     new GreeterPlugin().start(ctx);
 *     ctx.users().add("@alice:test.local", "Alice");
 *     GreeterRoutes routes = ctx.extension(GreeterRoutes.class);
 * }
 * }</pre>
 */
public final class FakePluginContext implements PluginContext, AutoCloseable {
    private final String pluginId;
    private final String serverName;
    private final PluginConfig config;
    private final Path directory;
    private final boolean ownDirectory;
    private final FakePluginDatabase database;
    private final FakeUsers users;
    private final FakeRooms rooms = new FakeRooms();
    private final FakeFederation federation = new FakeFederation();
    private final Map<String, FakeBot> bots = new LinkedHashMap<>();
    private final Clock clock;
    private final int migrationsRun;

    private FakePluginContext(Builder b) {
        this.pluginId = b.pluginId;
        this.serverName = b.serverName;
        this.config = new PluginConfig("plugins.config." + b.pluginId, b.config);
        this.clock = b.clock;
        try {
            this.ownDirectory = b.directory == null;
            this.directory = ownDirectory ? Files.createTempDirectory("plugin-" + b.pluginId + "-") : Files.createDirectories(b.directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.users = new FakeUsers(serverName);
        this.database = new FakePluginDatabase(pluginId, directory.resolve("homeserver.db"));
        this.migrationsRun = b.migrate ? database.migrate(pluginId, b.classLoader) : 0;
    }

    /** A context for plugin {@code pluginId}, on server {@code test.local} unless told otherwise. */
    public static Builder builder(String pluginId) { return new Builder(pluginId); }

    /** How the context is made. */
    public static final class Builder {
        private final String pluginId;
        private String serverName = "test.local";
        private Map<String, Object> config = Map.of();
        private Clock clock = Clock.systemUTC();
        private ClassLoader classLoader;
        private Path directory;
        private boolean migrate = true;

        private Builder(String pluginId) {
            this.pluginId = pluginId;
            ClassLoader tccl = Thread.currentThread().getContextClassLoader();
            this.classLoader = tccl != null ? tccl : FakePluginContext.class.getClassLoader();
        }

        public Builder serverName(String serverName) { this.serverName = serverName; return this; }

        /** The plugin's section of homeserver.yaml, as YAML would give it (strings, Integers, Booleans, Lists, Maps). */
        public Builder config(Map<String, ?> config) { this.config = new LinkedHashMap<>(config); return this; }

        public Builder clock(Clock clock) { this.clock = clock; return this; }

        /** Where the migrations are looked for; the thread's context class loader by default. */
        public Builder classLoader(ClassLoader classLoader) { this.classLoader = classLoader; return this; }

        /** A directory for the database and the plugin's files, kept on close; a temporary one by default. */
        public Builder directory(Path directory) { this.directory = directory; return this; }

        /** Whether to run the plugin's migrations (true by default). */
        public Builder migrate(boolean migrate) { this.migrate = migrate; return this; }

        /** Makes the context, running the migrations. */
        public FakePluginContext build() { return new FakePluginContext(this); }
    }

    /** How many migrations ran when the context was made. */
    public int migrationsRun() { return migrationsRun; }

    /**
     * Makes an extension as the node's extension factory does: with its {@code (PluginContext)} constructor when it
     * has one, else with its no-argument one.
     */
    public <T> T extension(Class<T> type) {
        try {
            Constructor<T> c;
            try {
                c = type.getDeclaredConstructor(PluginContext.class);
                c.setAccessible(true);
                return c.newInstance(this);
            } catch (NoSuchMethodException e) {
                c = type.getDeclaredConstructor();
                c.setAccessible(true);
                return c.newInstance();
            }
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new IllegalStateException("extension " + type.getName() + " failed to construct", e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("extension " + type.getName() + " has neither a (PluginContext) nor a no-arg constructor", e);
        }
    }

    /** Starts a plugin with this context, as the node does after the migrations; answers it. */
    public <P extends LightwebPlugin> P start(P plugin) throws Exception {
        plugin.start(this);
        return plugin;
    }

    /** The bots the plugin asked for, by localpart. */
    public synchronized Map<String, FakeBot> bots() { return Map.copyOf(bots); }

    @Override public String pluginId() { return pluginId; }

    @Override public String serverName() { return serverName; }

    @Override public PluginConfig config() { return config; }

    @Override public FakePluginDatabase database() { return database; }

    @Override
    public Path dataDirectory() {
        try {
            return Files.createDirectories(directory.resolve("plugin-data").resolve(pluginId));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override public FakeUsers users() { return users; }

    @Override public FakeRooms rooms() { return rooms; }

    @Override
    public synchronized FakeBot bot(String localpart) {
        FakeBot existing = bots.get(localpart);
        if (existing != null) return existing;
        String userId = "@" + localpart + ":" + serverName;
        users.find(userId).filter(u -> !u.bot()).ifPresent(u -> {
            throw new MatrixError(400, "M_USER_IN_USE", "User ID already taken: " + userId);
        });
        users.add(new Users.User(userId, null, false, false, true));
        FakeBot bot = new FakeBot(userId, serverName, rooms);
        bots.put(localpart, bot);
        return bot;
    }

    @Override public FakeFederation federation() { return federation; }

    @Override public Clock clock() { return clock; }

    /** Deletes the temporary directory (a directory given to the builder is kept). */
    @Override
    public void close() {
        if (!ownDirectory) return;
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package org.lightweb.server.plugins;

import java.nio.file.Path;
import java.time.Duration;
import org.lightweb.plugin.Bot;
import org.lightweb.plugin.Federation;
import org.lightweb.plugin.PluginConfig;
import org.lightweb.plugin.PluginContext;
import org.lightweb.plugin.PluginDatabase;
import org.lightweb.plugin.Rooms;
import org.lightweb.plugin.SqlWork;
import org.lightweb.plugin.Users;
import org.lightweb.storage.Db;
import org.lightweb.storage.plugins.PluginTables;

/** One plugin's context: its config section, its tables, its data directory, and the node's services. */
final class NodePluginContext implements PluginContext {
    private final String pluginId;
    private final PluginConfig config;
    private final NodeServices services;
    private final Path dataDirectory;
    private final PluginDatabase database;

    NodePluginContext(String pluginId, PluginConfig config, NodeServices services, Db db, Path dataDirectory, Duration timeout) {
        this.pluginId = pluginId;
        this.config = config;
        this.services = services;
        this.dataDirectory = dataDirectory;
        this.database = new Database(db, PluginTables.prefix(pluginId), timeout);
    }

    @Override public String pluginId() { return pluginId; }

    @Override public String serverName() { return services.serverName(); }

    @Override public PluginConfig config() { return config; }

    @Override public PluginDatabase database() { return database; }

    @Override
    public Path dataDirectory() {
        try {
            return java.nio.file.Files.createDirectories(dataDirectory);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot create " + dataDirectory + ": " + e.getMessage(), e);
        }
    }

    @Override public Users users() { return services; }

    @Override public Rooms rooms() { return services; }

    @Override public Bot bot(String localpart) { return services.bot(localpart); }

    @Override public Federation federation() { return services; }

    private final java.util.Map<Class<?>, Object> shared = new java.util.concurrent.ConcurrentHashMap<>();

    @Override
    public <T> T shared(Class<T> type, java.util.function.Supplier<T> make) {
        return type.cast(shared.computeIfAbsent(type, t -> make.get()));
    }

    /** JDBC on the node's pools: reads on the reader pool, writes one transaction each on the node's writer. */
    private record Database(Db db, String tablePrefix, Duration timeout) implements PluginDatabase {
        @Override public String dialect() { return db.database().isSqlite() ? "sqlite" : "postgres"; }

        @Override
        public <T> T read(SqlWork<T> work) {
            return Blocking.await(db.read(dsl -> dsl.connectionResult(work::run)), timeout);
        }

        @Override
        public <T> T write(SqlWork<T> work) {
            return Blocking.await(db.write(dsl -> dsl.connectionResult(work::run)), timeout);
        }
    }
}

package org.lightweb.server;

import ch.qos.logback.classic.Level;
import java.io.Console;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.lightweb.core.Clock;
import org.lightweb.core.MatrixException;
import org.lightweb.core.Secrets;
import org.lightweb.core.ServerName;
import org.lightweb.server.config.ConfigException;
import org.lightweb.server.config.ConfigGenerator;
import org.lightweb.server.config.Durations;
import org.lightweb.server.config.HomeserverConfig;
import org.lightweb.storage.StorageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code lightweb} command. Verbs (an operator contract: names are never renamed or dropped):
 * run, generate-config, check-config, register-user, create-registration-token, version.
 */
public final class Main {
    private static final Logger log = LoggerFactory.getLogger(Main.class);

    static final String USAGE = """
            usage: lightweb <command> [options]
              run [--config FILE]                      run a node (no config: one is generated on first run)
              generate-config --server-name NAME --data-dir DIR [--client-port N] [--federation-port N]
                                                       print a complete, commented config
              check-config --config FILE               validate a config file
              register-user --config FILE USER [--admin] [--password PW]
                                                       create a user (asks for the password if not given)
              create-registration-token --config FILE [--uses N] [--expires DURATION] [--token TOKEN]
                                                       create a registration token and print it
              backup-db --config FILE --to FILE        copy the SQLite database while the node runs, and check the copy
              restore-db --config FILE --from FILE     put a backup in place (the node must be stopped)
              migrate-db --config FILE --to postgres --url JDBC_URL --user USER [--password PW] [--schema S]
                                                       copy a SQLite node's database into an empty PostgreSQL one
              version                                  print the version
            """;

    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs one command line; answers the exit code (tests call it without exiting). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.print(USAGE);
            return 2;
        }
        Args a;
        try {
            a = Args.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("lightweb: " + e.getMessage());
            err.print(USAGE);
            return 2;
        }
        try {
            return switch (args[0]) {
                case "run" -> runNode(a, out);
                case "generate-config" -> generateConfig(a, out);
                case "check-config" -> checkConfig(a, out);
                case "register-user" -> Commands.registerUser(a, out, err);
                case "create-registration-token" -> Commands.createRegistrationToken(a, out);
                case "backup-db", "restore-db" -> databaseCopy(args[0], a, out, err);
                case "migrate-db" -> migrateDb(a, out, err);
                case "version" -> {
                    out.println("Lightweb " + Version.VERSION);
                    yield 0;
                }
                case "help", "--help", "-h" -> {
                    out.print(USAGE);
                    yield 0;
                }
                default -> {
                    err.println("lightweb: unknown command '" + args[0] + "'");
                    err.print(USAGE);
                    yield 2;
                }
            };
        } catch (ConfigException e) {
            e.problems().forEach(p -> err.println("config error: " + p));
            return 1;
        } catch (StorageException e) {
            err.println("database error: " + e.getMessage());
            return 1;
        } catch (MatrixException e) {
            err.println("lightweb: " + e.getMessage());
            return 1;
        } catch (IllegalArgumentException e) {
            err.println("lightweb: " + e.getMessage());
            return 2;
        }
    }

    /** Parsed command line: positional arguments and --options. */
    record Args(List<String> positional, Map<String, String> options) {
        static final List<String> FLAGS = List.of("--admin");

        static Args parse(String[] args) {
            List<String> pos = new ArrayList<>();
            Map<String, String> opts = new LinkedHashMap<>();
            for (int i = 1; i < args.length; i++) {
                String s = args[i];
                if (s.startsWith("--")) {
                    if (FLAGS.contains(s)) {
                        opts.put(s, "true");
                    } else {
                        if (i + 1 >= args.length) throw new IllegalArgumentException("option " + s + " needs a value");
                        opts.put(s, args[++i]);
                    }
                } else {
                    pos.add(s);
                }
            }
            return new Args(pos, opts);
        }

        Optional<String> opt(String name) { return Optional.ofNullable(options.get(name)); }

        String required(String name) {
            return opt(name).orElseThrow(() -> new IllegalArgumentException("option " + name + " is required"));
        }

        int port(String name, int dflt) {
            String v = options.get(name);
            if (v == null) return dflt;
            try {
                int p = Integer.parseInt(v);
                if (p < 0 || p > 65535) throw new NumberFormatException();
                return p;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("option " + name + " must be a port number, not '" + v + "'");
            }
        }
    }

    /** Where {@code run} keeps its generated config when none is given: $LIGHTWEB_HOME or ~/.lightweb. */
    static Path home() {
        String env = System.getenv("LIGHTWEB_HOME");
        return env != null && !env.isBlank() ? Path.of(env) : Path.of(System.getProperty("user.home"), ".lightweb");
    }

    static Map<String, String> generatedValues(String serverName, Path dataDir, int clientPort, int federationPort) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("server_name", serverName);
        values.put("data_dir", dataDir.toString());
        values.put("listeners.client.port", Integer.toString(clientPort));
        values.put("listeners.federation.port", Integer.toString(federationPort));
        values.put("registration.shared_secret", Secrets.randomString(43));
        return values;
    }

    private static int generateConfig(Args a, PrintStream out) {
        String serverName = a.required("--server-name");
        if (!ServerName.isValid(serverName)) {
            throw new IllegalArgumentException("--server-name '" + serverName + "' is not a server name (hostname[:port])");
        }
        Path dataDir = Path.of(a.required("--data-dir")).toAbsolutePath().normalize();
        out.print(ConfigGenerator.generate(generatedValues(serverName, dataDir, a.port("--client-port", 8008),
                a.port("--federation-port", 8448))));
        return 0;
    }

    private static int checkConfig(Args a, PrintStream out) {
        Path file = Path.of(a.required("--config"));
        HomeserverConfig config = HomeserverConfig.load(file);
        out.println("config OK: " + file + " [server_name: " + config.serverName() + ", database: "
                + config.database().describe() + "]");
        return 0;
    }

    /** The config to use: --config, or the generated one under {@link #home()} (created on first run). */
    static Path configPath(Args a, PrintStream out) throws IOException {
        Optional<String> given = a.opt("--config");
        if (given.isPresent()) return Path.of(given.get());
        Path file = home().resolve("homeserver.yaml");
        if (!Files.exists(file)) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, ConfigGenerator.generate(generatedValues("localhost:8448", home().resolve("data"), 8008, 8448)));
            out.println("No config given: generated " + file.toAbsolutePath()
                    + " (server_name localhost:8448, data in " + home().resolve("data") + "). Edit it and restart to change.");
        }
        return file;
    }

    /** The longest a node's start may take (a cluster to join, migrations to run). */
    private static final long START_TIMEOUT_S = 120;

    private static int runNode(Args a, PrintStream out) {
        Path file;
        try {
            file = configPath(a, out);
        } catch (IOException e) {
            throw new ConfigException("cannot create the default config under " + home() + ": " + e.getMessage());
        }
        HomeserverConfig config = HomeserverConfig.load(file);
        applyLogLevel(config.logLevel());
        applyLogFormat(config.logFormat());
        // The shutdown hook is in place before the node starts: a SIGTERM during start-up waits for the start to
        // end, then stops the node cleanly (it used to meet "Shutdown in progress" and leave the node half-stopped).
        CountDownLatch stopped = new CountDownLatch(1);
        java.util.concurrent.CompletableFuture<Node> starting = new java.util.concurrent.CompletableFuture<>();
        java.util.concurrent.atomic.AtomicBoolean terminating = new java.util.concurrent.atomic.AtomicBoolean();
        Thread hook = new Thread(() -> {
            terminating.set(true);
            try {
                Node started = starting.get(START_TIMEOUT_S, TimeUnit.SECONDS);
                log.info("stopping: finishing in-flight requests");
                started.stop().toCompletionStage().toCompletableFuture()
                        .get(config.shutdownTimeout().toMillis() + 10_000, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.ExecutionException startFailed) {
                // Nothing started, nothing to stop. Said here: the JVM halts once this hook returns, maybe before
                // the main thread, which completed the start, gets to say anything.
                log.info("Lightweb stopped during start-up");
            } catch (Exception e) {
                log.warn("shutdown did not complete cleanly: {}", e.toString());
            }
            stopped.countDown();
        }, "lightweb-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        Node node;
        try {
            node = Node.start(config, Clock.SYSTEM).toCompletionStage().toCompletableFuture().get(START_TIMEOUT_S, TimeUnit.SECONDS);
            starting.complete(node);
        } catch (java.util.concurrent.ExecutionException e) {
            starting.completeExceptionally(e.getCause());
            if (terminating.get()) return stoppedWhileStarting();
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new IllegalStateException(e.getCause());
        } catch (Exception e) {
            starting.completeExceptionally(e);
            if (terminating.get()) return stoppedWhileStarting();
            throw new IllegalStateException("the node did not start: " + e.getMessage(), e);
        }
        log.info("config: {}", file.toAbsolutePath());
        Commands.firstRunHint(node, file, out);
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /** A SIGTERM came before the node was up, and its start gave up: nothing is left running (the hook says so). */
    private static int stoppedWhileStarting() {
        return 0;
    }

    /**
     * log.format: json turns every console appender's lines into JSON objects (logback's JsonEncoder: timestamp,
     * level, logger, message, the MDC with the request id), one per line, for log collectors.
     */
    static void applyLogFormat(String format) {
        if (!"json".equals(format)) return;
        var context = (ch.qos.logback.classic.LoggerContext) LoggerFactory.getILoggerFactory();
        var root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.iteratorForAppenders().forEachRemaining(appender -> {
            if (appender instanceof ch.qos.logback.core.OutputStreamAppender<ch.qos.logback.classic.spi.ILoggingEvent> out) {
                var json = new ch.qos.logback.classic.encoder.JsonEncoder();
                json.setContext(context);
                json.start();
                out.stop();
                out.setEncoder(json);
                out.start();
            }
        });
    }

    private static int databaseCopy(String verb, Args a, PrintStream out, PrintStream err) {
        HomeserverConfig config = HomeserverConfig.load(Path.of(a.required("--config")));
        org.lightweb.server.ops.DatabaseBackup.Outcome outcome;
        try {
            outcome = verb.equals("backup-db")
                    ? org.lightweb.server.ops.DatabaseBackup.backup(config, Path.of(a.required("--to")))
                    : org.lightweb.server.ops.DatabaseBackup.restore(config, Path.of(a.required("--from")));
        } catch (java.io.IOException | java.sql.SQLException e) {
            err.println("lightweb: " + verb + " failed: " + e.getMessage());
            return 1;
        }
        (outcome.ok() ? out : err).println(outcome.ok() ? outcome.message() : "lightweb: " + outcome.message());
        return outcome.ok() ? 0 : 1;
    }

    private static int migrateDb(Args a, PrintStream out, PrintStream err) {
        HomeserverConfig config = HomeserverConfig.load(Path.of(a.required("--config")));
        if (!"postgres".equals(a.required("--to"))) throw new IllegalArgumentException("migrate-db only goes --to postgres");
        try {
            if (org.lightweb.server.ops.NodeLock.held(config.dataDir())) {
                err.println("lightweb: a node runs on " + config.dataDir() + ": stop it before migrating its database");
                return 1;
            }
        } catch (java.io.IOException e) {
            err.println("lightweb: cannot check the data directory's lock: " + e.getMessage());
            return 1;
        }
        var sqlite = config.database();
        var target = new org.lightweb.storage.DatabaseSettings(org.lightweb.storage.DatabaseSettings.Type.POSTGRES, null,
                a.required("--url"), a.required("--user"), a.opt("--password").orElse(""), a.opt("--schema").orElse(null),
                sqlite.maxConnections(), sqlite.busyTimeoutMs(), sqlite.walCheckpointPages());
        try {
            var report = org.lightweb.server.ops.DatabaseMigration.sqliteToPostgres(sqlite, target);
            long rows = report.rows().values().stream().mapToLong(Long::longValue).sum();
            out.println("Copied " + rows + " rows in " + report.rows().size() + " tables to " + target.describe() + ".");
            if (!report.notCopied().isEmpty()) out.println("Not copied (plugin tables: the plugins make theirs): " + report.notCopied());
            out.println("Now set database.type: postgres with database.url/user/password in " + config.source() + " and start the node.");
            return 0;
        } catch (java.sql.SQLException | IllegalStateException e) {
            err.println("lightweb: migrate-db failed, nothing was copied: " + e.getMessage());
            return 1;
        }
    }

    static void applyLogLevel(String level) {
        var root = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(level, Level.INFO));
    }

    static long parseExpiry(String text) {
        var d = Durations.parse(text);
        if (d == null) throw new IllegalArgumentException("--expires must be a duration such as 7d or 12h, not '" + text + "'");
        return System.currentTimeMillis() + d.toMillis();
    }
}

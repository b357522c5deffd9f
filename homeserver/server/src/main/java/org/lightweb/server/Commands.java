package org.lightweb.server;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.Console;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.lightweb.core.Clock;
import org.lightweb.core.Secrets;
import org.lightweb.federation.protocol.SigningKey;
import org.lightweb.server.Main.Args;
import org.lightweb.server.accounts.AccountService;
import org.lightweb.server.config.HomeserverConfig;
import org.lightweb.storage.Database;
import org.lightweb.storage.Db;

/** Operator commands that work on a node's database directly, whether or not the node is running. */
final class Commands {
    private Commands() {}

    /** Opens the node's database and services without listeners, runs {@code work}, closes everything. */
    private static <T> T withServices(HomeserverConfig config, java.util.function.Function<Wiring, Future<T>> work) {
        Vertx vertx = Vertx.vertx();
        try (Database database = Database.open(config.database()); Db db = new Db(vertx, database)) {
            Wiring wiring;
            try {
                wiring = new Wiring(vertx, db, config, SigningKey.loadOrCreate(config.signingKeyPath()), Clock.SYSTEM);
            } catch (java.io.IOException e) {
                throw new IllegalStateException("cannot read the signing key " + config.signingKeyPath() + ": " + e.getMessage());
            }
            try {
                return work.apply(wiring).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                if (e.getCause() instanceof RuntimeException r) throw r;
                throw new IllegalStateException(e.getCause());
            } catch (InterruptedException | java.util.concurrent.TimeoutException e) {
                throw new IllegalStateException("the database did not answer in time", e);
            } finally {
                wiring.close();
            }
        } finally {
            vertx.close();
        }
    }

    static int registerUser(Args a, PrintStream out, PrintStream err) {
        HomeserverConfig config = HomeserverConfig.load(Path.of(a.required("--config")));
        if (a.positional().size() != 1) throw new IllegalArgumentException("register-user needs exactly one USER");
        String user = a.positional().get(0);
        String password = a.opt("--password").orElseGet(() -> askPassword(err));
        if (password == null) {
            err.println("lightweb: no password given and no terminal to ask for one: use --password");
            return 2;
        }
        boolean admin = a.opt("--admin").isPresent();
        var body = withServices(config, w -> w.accounts().register(new AccountService.Registration(user, password, admin,
                null, null, Optional.empty(), Optional.empty(), true, null, null, false, "127.0.0.1", "lightweb-cli")));
        out.println("Created " + body.get("user_id") + (admin ? " (server admin)" : ""));
        return 0;
    }

    private static String askPassword(PrintStream err) {
        Console console = System.console();
        if (console == null) return null;
        char[] first = console.readPassword("Password: ");
        char[] second = console.readPassword("Confirm password: ");
        if (first == null || second == null) return null;
        if (!new String(first).equals(new String(second))) {
            err.println("lightweb: the passwords do not match");
            return null;
        }
        return new String(first);
    }

    static int createRegistrationToken(Args a, PrintStream out) {
        HomeserverConfig config = HomeserverConfig.load(Path.of(a.required("--config")));
        String token = a.opt("--token").orElse(Secrets.randomString(16));
        if (!token.matches("[A-Za-z0-9._~-]{1,64}")) {
            throw new IllegalArgumentException("--token must be 1-64 characters from A-Z, a-z, 0-9, '.', '_', '~', '-'");
        }
        Integer uses = a.opt("--uses").map(u -> {
            try {
                int n = Integer.parseInt(u);
                if (n < 0) throw new NumberFormatException();
                return n;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--uses must be a whole number, not '" + u + "'");
            }
        }).orElse(null);
        Long expiry = a.opt("--expires").map(Main::parseExpiry).orElse(null);
        boolean created = withServices(config, w -> w.registrationTokens().create(token, uses, expiry, System.currentTimeMillis()));
        if (!created) throw new IllegalArgumentException("the token '" + token + "' exists already");
        out.println(token);
        return 0;
    }

    /** On a node without users, say how to make the first admin. */
    static void firstRunHint(Node node, Path configFile, PrintStream out) {
        try {
            long users = node.wiring().accountRepo.countUsers().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            if (users == 0) {
                out.println();
                out.println("This node has no users yet. Create the first admin with:");
                out.println("  scripts/lightweb register-user --config " + configFile.toAbsolutePath() + " admin --admin");
                out.println("Then log in with Element at homeserver URL " + node.config().publicBaseUrl());
                out.println();
            }
        } catch (Exception e) {
            // a hint only
        }
    }
}

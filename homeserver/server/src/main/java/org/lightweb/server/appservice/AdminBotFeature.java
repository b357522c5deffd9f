package org.lightweb.server.appservice;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import org.lightweb.appservice.adminbot.AdminBot;
import org.lightweb.appservice.kit.Registration;
import org.lightweb.core.Secrets;
import org.lightweb.core.UserId;
import org.lightweb.server.config.HomeserverConfig;
import org.lightweb.storage.accounts.AccountRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin bot inside the node (issue: "It runs inside the node by default, speaking the real AS API over
 * loopback"): once the listeners are up, the node registers the bot as its own appservice with fresh tokens (never
 * written anywhere), makes {@code @admin:<server>} a server admin, and starts the bot's receiver on a free loopback
 * port. A bot that cannot start is logged; the node runs without it.
 */
public final class AdminBotFeature {
    private static final Logger log = LoggerFactory.getLogger(AdminBotFeature.class);

    private final Vertx vertx;
    private final HomeserverConfig config;
    private final AppserviceFeature appservices;
    private final AccountRepository accounts;
    private volatile AdminBot bot;

    public AdminBotFeature(Vertx vertx, HomeserverConfig config, AppserviceFeature appservices, AccountRepository accounts,
                           org.lightweb.server.accounts.AccountService accountService) {
        this.vertx = vertx;
        this.config = config;
        this.appservices = appservices;
        this.accounts = accounts;
        // A new admin is invited to the admin room at once (and, made while the bot was down, at its next start).
        accountService.onAdminMade(user -> {
            AdminBot b = bot;
            if (b != null) b.inviteMissingAdmins().exceptionally(e -> {
                log.warn("admin bot could not invite a new admin [user: {}]: {}", user, e.getMessage());
                return null;
            });
        });
    }

    /** Starts the bot against the client listener at {@code clientPort}. Never fails. */
    public Future<Void> start(int clientPort) {
        if (!config.adminBot().enabled()) return Future.succeededFuture();
        String server = config.serverName().value();
        int port;
        try {
            port = freeLoopbackPort();
        } catch (IOException e) {
            log.error("admin bot not started: no free loopback port: {}", e.getMessage());
            return Future.succeededFuture();
        }
        Registration r = AdminBot.registration(server, "http://127.0.0.1:" + port, Secrets.randomString(32), Secrets.randomString(32));
        UserId botUser = UserId.parse(r.senderUserId(server)).orElseThrow();
        URI node = URI.create("http://" + loopbackHost(config.client().bind()) + ":" + clientPort);
        var settings = AdminBot.Settings.of(node, server, r, "127.0.0.1", port).withVertx(vertx)
                .withTimeouts(config.adminBot().requestTimeout(), config.adminBot().adminCache());
        return appservices.addBuiltin(r)
                .compose(x -> accounts.setAdmin(botUser, true))
                .compose(x -> Future.fromCompletionStage(AdminBot.start(settings), vertx.getOrCreateContext()))
                .map(started -> {
                    if (stopped) {
                        started.stop();   // the node stopped while the bot was starting
                        return (Void) null;
                    }
                    bot = started;
                    appservices.sender().restart(r.id());   // what was sent before the receiver listened, now
                    return (Void) null;
                })
                .recover(e -> {
                    appservices.registry().removeBuiltin(r.id());
                    log.error("admin bot not started; the node runs without it: {}", e.getMessage());
                    return Future.succeededFuture();
                });
    }

    private volatile boolean stopped;

    public void stop() {
        stopped = true;
        AdminBot b = bot;
        if (b != null) b.stop();
    }

    /** The running bot, or null. */
    public AdminBot bot() { return bot; }

    /** Where the node's client listener answers on this machine. */
    static String loopbackHost(String bind) {
        if (bind.equals("0.0.0.0") || bind.equals("::") || bind.isEmpty()) return "127.0.0.1";
        return bind.contains(":") ? "[" + bind + "]" : bind;
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}

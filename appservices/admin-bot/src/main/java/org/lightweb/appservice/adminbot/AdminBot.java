package org.lightweb.appservice.adminbot;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.lightweb.appservice.kit.AsClient;
import org.lightweb.appservice.kit.Registration;
import org.lightweb.appservice.kit.TransactionReceiver;
import org.lightweb.core.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin bot: {@code @admin:<server>}, an application service that talks to the node only over HTTP. On start
 * it registers its user, makes sure its admin room exists (the room id is kept in its own account data
 * {@value #ADMIN_ROOM}; a new room is private, unfederated, and every server admin is invited), then listens for the
 * node's transactions. Runs inside the node or as its own process ({@link Main}).
 */
public final class AdminBot {
    private static final Logger log = LoggerFactory.getLogger(AdminBot.class);
    public static final String ADMIN_ROOM = "org.lightweb.admin_room";
    public static final String ROOM_NAME = "Lightweb admin";
    public static final String APPSERVICE_ID = "lightweb-admin-bot";
    public static final String SENDER_LOCALPART = "admin";
    /** At most this many pages of admins are read when inviting them (100 per page). */
    static final int MAX_ADMIN_PAGES = 100;

    /**
     * How to run: the node's base URL (client-server and admin APIs), its server name, the registration the node
     * loaded for the bot, where the bot's receiver binds (port 0: random), the timeout of each call to the node,
     * how long an "is admin" answer is kept, and the Vert.x to use (null: the bot makes and closes its own).
     */
    public record Settings(URI homeserverUrl, String serverName, Registration registration, String bindHost, int bindPort,
                           Duration requestTimeout, Duration adminCacheTtl, Vertx vertx) {
        public Settings {
            Objects.requireNonNull(homeserverUrl, "homeserverUrl");
            Objects.requireNonNull(serverName, "serverName");
            Objects.requireNonNull(registration, "registration");
            Objects.requireNonNull(bindHost, "bindHost");
        }

        /** Defaults: 30 s per call, admin answers kept 60 s, the bot's own Vert.x. */
        public static Settings of(URI homeserverUrl, String serverName, Registration registration, String bindHost, int bindPort) {
            return new Settings(homeserverUrl, serverName, registration, bindHost, bindPort, Duration.ofSeconds(30),
                    Duration.ofSeconds(60), null);
        }

        public Settings withVertx(Vertx v) {
            return new Settings(homeserverUrl, serverName, registration, bindHost, bindPort, requestTimeout, adminCacheTtl, v);
        }

        public Settings withTimeouts(Duration request, Duration adminCache) {
            return new Settings(homeserverUrl, serverName, registration, bindHost, bindPort, request, adminCache, vertx);
        }
    }

    private final Vertx vertx;
    private final boolean ownVertx;
    private final TransactionReceiver receiver;
    private final int port;
    private final String adminRoomId;
    private final AsClient client;
    private final String botUser;

    private AdminBot(Vertx vertx, boolean ownVertx, TransactionReceiver receiver, int port, String adminRoomId,
                     AsClient client, String botUser) {
        this.client = client;
        this.botUser = botUser;
        this.vertx = vertx;
        this.ownVertx = ownVertx;
        this.receiver = receiver;
        this.port = port;
        this.adminRoomId = adminRoomId;
    }

    /** Starts the bot; fails (and releases what it took) if the node cannot be reached or refuses it. */
    public static CompletionStage<AdminBot> start(Settings s) {
        return start(s, Instant::now);
    }

    static CompletionStage<AdminBot> start(Settings s, Supplier<Instant> clock) {
        Vertx vertx = s.vertx() != null ? s.vertx() : Vertx.vertx();
        boolean own = s.vertx() == null;
        Registration reg = s.registration();
        String botUser = reg.senderUserId(s.serverName());
        AsClient client = new AsClient(s.homeserverUrl(), reg.asToken(), s.requestTimeout());
        Instant started = clock.get();
        CompletableFuture<AdminBot> result = new CompletableFuture<>();
        client.registerUser(reg.senderLocalpart())
                .thenCompose(v -> ensureAdminRoom(client, botUser))
                .thenCompose(room -> directRooms(client, botUser).thenCompose(direct -> {
                    AdminCheck admins = new AdminCheck(client, s.serverName(), s.adminCacheTtl(), clock);
                    var bot = new CommandContext.Bot(s.serverName(), botUser, room, reg.id(), started);
                    var events = new BotEvents(client, new CommandRunner(Commands.builtins(), admins), admins, bot, clock, direct);
                    var receiver = new TransactionReceiver(vertx, reg.hsToken(), events);
                    return receiver.listen(s.bindHost(), s.bindPort()).toCompletionStage()
                            .thenApply(port -> new AdminBot(vertx, own, receiver, port, room, client, botUser));
                }))
                .whenComplete((bot, err) -> {
                    if (err == null) {
                        log.info("admin bot started [user: {}, room: {}, port: {}]", botUser, bot.adminRoomId, bot.port);
                        result.complete(bot);
                    } else {
                        log.error("admin bot did not start [user: {}]: {}", botUser, CommandRunner.describe(err));
                        (own ? vertx.close() : Future.<Void>succeededFuture())
                                .onComplete(x -> result.completeExceptionally(err));
                    }
                });
        return result;
    }

    /** The receiver's bound port (the registration's url must point at it). */
    public int port() { return port; }

    public String adminRoomId() { return adminRoomId; }

    /** Stops the receiver, then the bot's own Vert.x if it made one (closed from outside its event loop). */
    public CompletionStage<Void> stop() {
        CompletionStage<Void> closed = receiver.close().toCompletionStage();
        if (!ownVertx) return closed;
        return closed.handle((v, err) -> null).thenComposeAsync(v -> vertx.close().toCompletionStage());
    }

    /**
     * The bot's registration: id {@value #APPSERVICE_ID}, sender {@value #SENDER_LOCALPART}, the one exclusive user
     * {@code @admin:<server>}, no rate limit. {@code url} is where the node reaches the bot's receiver.
     */
    public static Registration registration(String serverName, String url, String asToken, String hsToken) {
        var users = List.of(new Registration.Namespace(true,
                Pattern.compile(Pattern.quote("@" + SENDER_LOCALPART + ":" + serverName) + "$")));
        return new Registration(APPSERVICE_ID, url, asToken, hsToken, SENDER_LOCALPART,
                new Registration.Namespaces(users, List.of(), List.of()), false, List.of(), false);
    }

    /** {@link #registration} as the YAML file the node loads. */
    public static String registrationYaml(String serverName, String url, String asToken, String hsToken) {
        return registration(serverName, url, asToken, hsToken).toYaml();
    }

    /** The admin room from account data, joined again to be sure it still exists; else a new one. */
    static CompletionStage<String> ensureAdminRoom(AsClient client, String botUser) {
        return client.getAccountData(botUser, ADMIN_ROOM).thenCompose(data -> {
            String known = data.map(d -> d.path("room_id").asText("")).orElse("");
            if (known.isEmpty()) return createAdminRoom(client, botUser);
            return client.join(known).handle((joined, err) -> {
                if (err == null) return quietly(inviteMissingAdmins(client, botUser, known)).thenApply(v -> known);
                if (CommandContext.isNotFound(err) || isForbidden(err)) {
                    log.warn("admin room is gone, making a new one [room: {}]: {}", known, CommandRunner.describe(err));
                    return createAdminRoom(client, botUser);
                }
                throw new CompletionException(err);
            }).thenCompose(x -> x);
        });
    }

    private static boolean isForbidden(Throwable err) {
        var m = AsClient.unwrap(err);
        return m != null && m.status() == 403;
    }

    private static CompletionStage<String> createAdminRoom(AsClient client, String botUser) {
        var body = Json.object().put("preset", "private_chat").put("visibility", "private").put("name", ROOM_NAME)
                .put("topic", "Talk to the server here: say !help. Only server admins are answered.");
        body.putObject("creation_content").put("m.federate", false);
        return client.createRoom(body).thenCompose(room ->
                client.putAccountData(botUser, ADMIN_ROOM, Json.object().put("room_id", room))
                        .thenCompose(v -> quietly(inviteAdmins(client, botUser, room, "0", 0)))
                        .thenApply(v -> {
                            log.info("admin room created [room: {}]", room);
                            return room;
                        }));
    }

    /**
     * Invites the server admins who are neither joined to nor invited into the admin room: those made since it was
     * created (on every start, and when the node says an admin was made).
     */
    static CompletionStage<Void> inviteMissingAdmins(AsClient client, String botUser, String room) {
        return client.call("GET", "/_matrix/client/v3/rooms/" + AsClient.enc(room) + "/members", null).thenCompose(members -> {
            Set<String> present = new HashSet<>();
            for (JsonNode m : members.path("chunk")) {
                String membership = m.path("content").path("membership").asText();
                if (membership.equals("join") || membership.equals("invite")) present.add(m.path("state_key").asText());
            }
            return inviteAdmins(client, botUser, room, "0", 0, present);
        });
    }

    /** Inviting admins is a courtesy: when the node cannot list them, the bot still starts (and says why). */
    private static CompletionStage<Void> quietly(CompletionStage<Void> invites) {
        return invites.exceptionally(err -> {
            log.warn("could not invite the server admins to the admin room: {}", CommandRunner.describe(err));
            return null;
        });
    }

    /** Invites the server admins who are not in the admin room yet (the node calls this when it makes one). */
    public CompletionStage<Void> inviteMissingAdmins() {
        return inviteMissingAdmins(client, botUser, adminRoomId);
    }

    private static CompletionStage<Void> inviteAdmins(AsClient client, String botUser, String room, String from, int page) {
        return inviteAdmins(client, botUser, room, from, page, Set.of());
    }

    /** GET /_synapse/admin/v2/users?admins=true page by page, inviting each admin not in {@code present}; failures are logged. */
    private static CompletionStage<Void> inviteAdmins(AsClient client, String botUser, String room, String from, int page,
                                                      Set<String> present) {
        if (page >= MAX_ADMIN_PAGES) return CompletableFuture.completedFuture(null);
        return client.call("GET", "/_synapse/admin/v2/users?admins=true&limit=100&from=" + AsClient.enc(from), null)
                .thenCompose(r -> {
                    CompletableFuture<Void> all = CompletableFuture.completedFuture(null);
                    for (JsonNode u : r.path("users")) {
                        String user = u.path("name").asText();
                        if (user.isEmpty() || user.equals(botUser) || present.contains(user)) continue;
                        all = all.thenCompose(v -> client.invite(room, user).handle((x, err) -> {
                            if (err != null) log.warn("could not invite admin [user: {}]: {}", user, CommandRunner.describe(err));
                            return null;
                        }));
                    }
                    String next = r.hasNonNull("next_token") ? r.get("next_token").asText() : null;
                    return next == null || next.equals(from) ? all
                            : all.thenCompose(v -> inviteAdmins(client, botUser, room, next, page + 1, present));
                });
    }

    private static CompletionStage<Set<String>> directRooms(AsClient client, String botUser) {
        return client.getAccountData(botUser, BotEvents.DIRECT_ROOMS).thenApply(d -> {
            Set<String> rooms = new HashSet<>();
            d.ifPresent(j -> j.path("rooms").forEach(r -> rooms.add(r.asText())));
            return rooms;
        });
    }
}

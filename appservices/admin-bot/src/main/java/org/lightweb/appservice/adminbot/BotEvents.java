package org.lightweb.appservice.adminbot;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.lightweb.appservice.kit.AsClient;
import org.lightweb.appservice.kit.TransactionReceiver;
import org.lightweb.core.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the bot does with pushed events, one at a time in order: {@code !commands} in the admin room or in a direct
 * chat with the bot go to the {@link CommandRunner}; invites to a direct chat are accepted from server admins and
 * rejected, with the reason, from anyone else. A transaction completes once its commands are answered; a command's
 * failure is its reply, so a transaction never fails (a retry would run commands twice).
 */
final class BotEvents implements TransactionReceiver.Listener {
    private static final Logger log = LoggerFactory.getLogger(BotEvents.class);
    static final String DIRECT_ROOMS = "org.lightweb.admin_bot.direct_rooms";

    private final AsClient client;
    private final CommandRunner runner;
    private final AdminCheck admins;
    private final CommandContext.Bot bot;
    private final Supplier<Instant> clock;
    private final Set<String> directRooms = ConcurrentHashMap.newKeySet();
    private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);

    BotEvents(AsClient client, CommandRunner runner, AdminCheck admins, CommandContext.Bot bot, Supplier<Instant> clock,
              Set<String> directRooms) {
        this.client = client;
        this.runner = runner;
        this.admins = admins;
        this.bot = bot;
        this.clock = clock;
        this.directRooms.addAll(directRooms);
    }

    @Override public synchronized CompletionStage<Void> onTransaction(String txnId, TransactionReceiver.Transaction txn) {
        for (JsonNode event : txn.events()) {
            tail = tail.thenCompose(v -> handle(event)).exceptionally(err -> {
                log.warn("event not handled [txn: {}, event: {}]: {}", txnId, event.path("event_id").asText(),
                        CommandRunner.describe(err));
                return null;
            });
        }
        return tail;
    }

    @Override public CompletionStage<Boolean> queryUser(String userId) {
        return CompletableFuture.completedFuture(userId.equals(bot.userId()));
    }

    private CompletionStage<Void> handle(JsonNode event) {
        String type = event.path("type").asText();
        String sender = event.path("sender").asText();
        String room = event.path("room_id").asText();
        if (sender.equals(bot.userId())) return CompletableFuture.completedFuture(null);
        JsonNode content = event.path("content");
        if (type.equals("m.room.member") && event.path("state_key").asText().equals(bot.userId())
                && content.path("membership").asText().equals("invite")) {
            return invited(room, sender, content.path("is_direct").asBoolean(false));
        }
        if (type.equals("m.room.message") && content.path("msgtype").asText().equals("m.text")
                && content.path("body").asText().startsWith("!")
                && (room.equals(bot.adminRoomId()) || directRooms.contains(room))) {
            return runner.run(new CommandContext(client, sender, room, content.path("body").asText(), bot, clock.get()));
        }
        return CompletableFuture.completedFuture(null);
    }

    private CompletionStage<Void> invited(String room, String sender, boolean direct) {
        return admins.isAdmin(sender).thenCompose(admin -> {
            if (!admin) {
                log.info("invite rejected, inviter is not a server admin [room: {}, inviter: {}]", room, sender);
                return client.leave(room, "Only server admins of " + bot.serverName() + " can talk to the admin bot.");
            }
            if (!direct) {
                return client.leave(room, "I answer only in the admin room and in direct chats (invite me with "
                        + "'Start chat').");
            }
            return client.join(room).thenCompose(joined -> {
                directRooms.add(room);
                var list = Json.object();
                var rooms = list.putArray("rooms");
                directRooms.forEach(rooms::add);
                return client.putAccountData(bot.userId(), DIRECT_ROOMS, list);
            }).thenCompose(v -> client.sendNotice(room, "Hello " + sender + ". Say !help for what I can do.", null))
                    .thenApply(id -> null);
        });
    }
}

package org.lightweb.appservice.adminbot;

import java.time.Instant;
import org.lightweb.appservice.kit.AsClient;
import org.lightweb.appservice.kit.MatrixCallException;

/**
 * What a command sees: the client (as the bot, whom the node treats as a server admin), who asked, where, the whole
 * message body (for commands that read a code block), and the bot itself: server name, user id, admin room,
 * appservice id, when it started.
 */
public record CommandContext(AsClient client, String sender, String roomId, String body, Bot bot, Instant now) {

    /** The bot's own identity, which some commands refuse to harm (deleting its room, deactivating itself). */
    public record Bot(String serverName, String userId, String adminRoomId, String appserviceId, Instant started) {}

    public String serverName() { return bot.serverName(); }

    /** A user id from an argument: {@code @bob:server} as given, {@code bob} qualified with this server. */
    public String userId(String arg) {
        if (arg.startsWith("@")) {
            if (arg.indexOf(':') < 2) throw new UsageException("'" + arg + "' is not a user id (@name:server)");
            return arg;
        }
        if (arg.contains(":")) throw new UsageException("'" + arg + "' is not a user id (@name:server)");
        return "@" + arg + ":" + serverName();
    }

    /** A room id argument, {@code !opaque:server}. */
    public static String roomId(String arg) {
        if (!arg.startsWith("!") || arg.length() < 2) throw new UsageException("'" + arg + "' is not a room id (!id:server)");
        return arg;
    }

    /** Synapse's "not found" as a short sentence, for commands that look one thing up. */
    public static boolean isNotFound(Throwable err) {
        MatrixCallException m = AsClient.unwrap(err);
        return m != null && m.status() == 404;
    }
}

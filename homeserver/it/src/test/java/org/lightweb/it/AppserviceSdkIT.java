package org.lightweb.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A real appservice framework against a real node: the node:test suite in homeserver/it/js/appservice runs
 * matrix-bot-sdk's {@code Appservice} on a loopback port this test picks and registers with the node (users
 * {@code @sdk_*}, exclusive; sender {@code @sdkbot}). The bot registers itself and a namespace user, is pinged, joins
 * a room on invite (the invite arrives in a transaction) and answers {@code !echo}. Needs Node 20+ and
 * {@code npm ci} in homeserver/it/js/appservice; without them the test is skipped, unless
 * LIGHTWEB_REQUIRE_CLIENT_TESTS=1 (scripts/test sets it).
 */
class AppserviceSdkIT {
    static final String ID = "sdk";
    static final String AS_TOKEN = "as-token-of-the-sdk-bot";
    static final String HS_TOKEN = "hs-token-of-the-sdk-bot";
    static final int PORT = freeLoopbackPort();

    @RegisterExtension
    static final TestNode node = TestNode.create(c -> c.putObject("appservices")
            .put("retry_initial_backoff", "100ms").put("retry_max_backoff", "500ms")
            .putArray("registration_files").add(registrationFile().toString()));

    @Test
    void matrixBotSdkAppserviceShouldRegisterJoinAndAnswerWhenDrivenByTheNode() {
        var r = NodeTests.run(NodeTests.dir().resolve("appservice"), "matrix-bot-sdk", List.of("test/bot.test.js"),
                Map.of("LIGHTWEB_BASE_URL", node.baseUrl(), "LIGHTWEB_SERVER_NAME", node.serverName(),
                        "LIGHTWEB_AS_PORT", Integer.toString(PORT), "LIGHTWEB_AS_ID", ID,
                        "LIGHTWEB_AS_TOKEN", AS_TOKEN, "LIGHTWEB_HS_TOKEN", HS_TOKEN),
                Duration.ofMinutes(3));
        System.out.println("JSOUT\n" + r.output());
    }

    /** A port free on 127.0.0.1 now; the SDK binds it a moment later (another process taking it first fails the test). */
    private static int freeLoopbackPort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The registration the node loads; the JS test hands the same one to the SDK. */
    private static Path registrationFile() {
        String yaml = """
                id: %s
                url: http://127.0.0.1:%d
                as_token: %s
                hs_token: %s
                sender_localpart: sdkbot
                rate_limited: false
                namespaces:
                  users:
                    - exclusive: true
                      regex: "@sdk_.*"
                  aliases:
                    - exclusive: true
                      regex: "#sdk_.*"
                  rooms: []
                """.formatted(ID, PORT, AS_TOKEN, HS_TOKEN);
        try {
            Path file = Files.createTempFile("registration-sdk-", ".yaml");
            Files.writeString(file, yaml);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

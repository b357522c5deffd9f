package org.lightweb.appservice.adminbot;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static java.util.concurrent.TimeUnit.SECONDS;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.lightweb.appservice.kit.AsClient;
import org.slf4j.LoggerFactory;

/** WireMock as the node, and the helpers command tests share: a context, running a command line, the audit lines. */
public final class FakeNode {
    public static final String SERVER = "example.org";
    public static final String BOT = "@admin:example.org";
    public static final String ADMIN_ROOM = "!adminroom:example.org";
    public static final String ALICE = "@alice:example.org";
    public static final Instant NOW = Instant.parse("2026-12-07T06:00:00Z");
    public static final Instant STARTED = Instant.parse("2026-12-05T04:30:00Z");

    private FakeNode() {}

    public static WireMockExtension extension() {
        return WireMockExtension.newInstance()
                .options(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1")).build();
    }

    public static AsClient client(WireMockExtension node) {
        return new AsClient(URI.create(node.baseUrl()), "as-token", Duration.ofSeconds(5));
    }

    public static CommandContext ctx(WireMockExtension node, String body) {
        return new CommandContext(client(node), ALICE, ADMIN_ROOM, body,
                new CommandContext.Bot(SERVER, BOT, ADMIN_ROOM, "lightweb-admin-bot", STARTED), NOW);
    }

    /** Runs a command line ("users list --limit=5") with the built-in registry, as the bot would. */
    public static Reply run(WireMockExtension node, String line) throws Exception {
        return run(node, line, line);
    }

    public static Reply run(WireMockExtension node, String line, String body) throws Exception {
        var match = Commands.builtins().find(Args.split(line)).orElseThrow(() -> new AssertionError("no command: " + line));
        CompletionStage<Reply> stage;
        try {
            stage = match.command().run(ctx(node, "!" + body), match.args());
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        return stage.toCompletableFuture().get(10, SECONDS);
    }

    /** Alice is a server admin (GET /_synapse/admin/v2/users/@alice:example.org). */
    public static void aliceIsAdmin(WireMockExtension node, boolean admin) {
        node.stubFor(get(urlPathEqualTo("/_synapse/admin/v2/users/%40alice%3Aexample.org"))
                .willReturn(okJson("{\"name\":\"@alice:example.org\",\"admin\":" + admin + ",\"deactivated\":false}")));
    }

    public static void acceptsNotices(WireMockExtension node) {
        node.stubFor(put(urlPathMatching("/_matrix/client/v3/rooms/.*/send/m.room.message/.*"))
                .willReturn(okJson("{\"event_id\":\"$reply\"}")));
    }

    /** Collects the lines of the lightweb.audit logger until {@link #close}. */
    public static final class Audit implements AutoCloseable {
        private final Logger logger = (Logger) LoggerFactory.getLogger("lightweb.audit");
        private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

        public Audit() {
            appender.start();
            logger.addAppender(appender);
        }

        public List<String> lines() { return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList(); }

        public List<ILoggingEvent> events() { return List.copyOf(appender.list); }

        @Override public void close() { logger.detachAppender(appender); }
    }
}

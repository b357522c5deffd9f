package org.lightweb.server.appservice;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AppserviceClientTest {
    private HttpServer server;
    private final List<String> paths = new CopyOnWriteArrayList<>();
    private volatile int status;
    private volatile String answer;
    private AppserviceClient client;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            paths.add(exchange.getRequestURI().getRawPath());
            byte[] out = answer.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, out.length == 0 ? -1 : out.length);
            if (out.length > 0) exchange.getResponseBody().write(out);
            exchange.close();
        });
        server.start();
        client = new AppserviceClient(Duration.ofSeconds(5));
    }

    @AfterEach
    void stop() {
        client.close();
        server.stop(0);
    }

    private Registration registration() throws Exception {
        return Registration.parse("""
                id: bridge
                url: http://127.0.0.1:%d
                as_token: as
                hs_token: hs
                sender_localpart: bot
                namespaces:
                  aliases:
                    - exclusive: true
                      regex: "#bridge_.*"
                """.formatted(server.getAddress().getPort()), "test");
    }

    private AppserviceClient.Answer queryAlias(int status, String answer) throws Exception {
        this.status = status;
        this.answer = answer;
        return client.queryAlias(registration(), "#bridge_x:hs").toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
    }

    @Test
    void queryShouldNotFallBackWhenTheAppserviceAnswersNotFoundWithItsOwnError() throws Exception {
        var a = queryAlias(404, "{\"errcode\":\"ROOM_DOES_NOT_EXIST\",\"error\":\"Room not created\"}");
        assertThat(a.status()).isEqualTo(404);
        assertThat(paths).containsExactly("/_matrix/app/v1/rooms/%23bridge_x%3Ahs");
    }

    @Test
    void queryShouldFallBackToTheLegacyPathWhenTheRouteIsUnknown() throws Exception {
        queryAlias(404, "{\"errcode\":\"M_UNRECOGNIZED\",\"error\":\"Unrecognized request\"}");
        assertThat(paths).containsExactly("/_matrix/app/v1/rooms/%23bridge_x%3Ahs", "/rooms/%23bridge_x%3Ahs");
        paths.clear();
        queryAlias(404, "<html>Not Found</html>");
        assertThat(paths).containsExactly("/_matrix/app/v1/rooms/%23bridge_x%3Ahs", "/rooms/%23bridge_x%3Ahs");
        paths.clear();
        queryAlias(405, "");
        assertThat(paths).hasSize(2);
    }
}

package org.lightweb.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SharedListenerTest {
    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void connectionsShouldBeSpreadOverTheEventLoopsOfOnePort() throws Exception {
        Set<String> threads = ConcurrentHashMap.newKeySet();
        SharedListener listener = SharedListener.listen(vertx, 3, () -> vertx.createHttpServer().requestHandler(req -> {
            threads.add(Thread.currentThread().getName());
            req.response().end("ok");
        }), 0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertThat(listener.loops()).isEqualTo(3);
        assertThat(listener.port()).isPositive();
        for (int i = 0; i < 6; i++) {
            // a new client each time: a new connection, which goes to the next event loop
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + listener.port() + "/"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.body()).isEqualTo("ok");
        }
        assertThat(threads).as("the event loops that answered").hasSize(3).allMatch(t -> t.startsWith("vert.x-eventloop-thread-"));

        listener.shutdown(1, TimeUnit.SECONDS).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(bindable(listener.port())).as("the port is free once every server is shut down").isTrue();
    }

    /**
     * Whether a server socket can take {@code port} within 5 s: the event loops' channels close a moment after the
     * shutdown answers (CI once saw the port still bound right after it).
     */
    private static boolean bindable(int port) throws Exception {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (ServerSocket again = new ServerSocket()) {
                again.setReuseAddress(true);
                again.bind(new java.net.InetSocketAddress(java.net.InetAddress.getByName("127.0.0.1"), port));
                return true;
            } catch (java.net.BindException stillBound) {
                Thread.sleep(100);
            }
        }
        return false;
    }

    @Test
    void twoListenersOnFreePortsShouldGetAPortEach() throws Exception {
        SharedListener a = SharedListener.listen(vertx, 2, () -> vertx.createHttpServer().requestHandler(req -> req.response().end("a")),
                0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        SharedListener b = SharedListener.listen(vertx, 2, () -> vertx.createHttpServer().requestHandler(req -> req.response().end("b")),
                0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(a.port()).isNotEqualTo(b.port());
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        for (int i = 0; i < 4; i++) {
            assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + b.port() + "/")).build(),
                    HttpResponse.BodyHandlers.ofString()).body()).isEqualTo("b");
        }
    }

    @Test
    void aPortInUseShouldFailTheListener() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
            assertThatThrownBy(() -> SharedListener.listen(vertx, 2, () -> vertx.createHttpServer().requestHandler(req -> req.response().end()),
                    taken.getLocalPort(), "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS))
                    .hasMessageContaining("Address already in use");
        }
    }
}

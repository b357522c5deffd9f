package org.lightweb.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Peers that misbehave at the connection level: one accepts and never answers (a tarpit), one answers garbage, one
 * resets every connection. While kaslo's requests to them hang or fail, its client API stays fast and its
 * federation with nelson, a healthy peer, goes on; the requests to them end in a Matrix error within the timeouts.
 */
class HostilePeersIT {
    static final int KASLO_PORT = FederatingNodes.freePort();
    static final int NELSON_PORT = FederatingNodes.freePort();
    static final Peer TARPIT = new Peer((s, out) -> { }); // holds the connection, says nothing
    static final Peer GARBAGE = new Peer((s, out) -> out.write("HTTP/1.1 200 OK\r\n\r\n\u0000\u0001garbage{{{".repeat(50).getBytes(StandardCharsets.ISO_8859_1)));
    static final Peer RESET = new Peer((s, out) -> {
        s.setSoLinger(true, 0); // RST on close
        s.close();
    });

    @RegisterExtension
    static final TestNode kaslo = FederatingNodes.node(KASLO_PORT, c -> ((com.fasterxml.jackson.databind.node.ObjectNode) c.get("federation")).put("request_timeout", "6s").put("connect_timeout", "3s"));
    @RegisterExtension
    static final TestNode nelson = FederatingNodes.node(NELSON_PORT, c -> {});

    /** A TCP server on loopback that treats every connection with {@code behaviour}. */
    static final class Peer implements AutoCloseable {
        interface Behaviour {
            void on(Socket s, OutputStream out) throws IOException;
        }

        final ServerSocket server;
        final List<Socket> held = new CopyOnWriteArrayList<>();

        Peer(Behaviour behaviour) {
            try {
                server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            Thread t = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket s = server.accept();
                        held.add(s);
                        behaviour.on(s, s.getOutputStream());
                    } catch (IOException e) {
                        // closed, or the client went away
                    }
                }
            }, "hostile-peer");
            t.setDaemon(true);
            t.start();
        }

        String name() {
            return "127.0.0.1:" + server.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket s : held) s.close();
        }
    }

    @AfterAll
    static void closePeers() throws IOException {
        TARPIT.close();
        GARBAGE.close();
        RESET.close();
    }

    static String enc(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Test
    void hangingAndBrokenPeersShouldNotSlowTheClientApiOrHealthyFederation() throws Exception {
        var alice = kaslo.client().register("alice", "password123");
        var bob = nelson.client().register("bob", "password123");
        String room = kaslo.client().post("/_matrix/client/v3/createRoom", alice.accessToken(), Map.of("preset", "public_chat")).json()
                .path("room_id").asText();
        var joined = nelson.client().post("/_matrix/client/v3/join/" + enc(room) + "?via=" + enc(kaslo.serverName()), bob.accessToken(), Map.of());
        assertThat(joined.status()).as(joined.body()).isEqualTo(200);

        // three invites that need the hostile peers: each blocks its own request only
        List<CompletableFuture<TestClient.Response>> invites = List.of(TARPIT, GARBAGE, RESET).stream()
                .map(p -> CompletableFuture.supplyAsync(() -> kaslo.client().post("/_matrix/client/v3/rooms/" + enc(room) + "/invite",
                        alice.accessToken(), Map.of("user_id", "@eve:" + p.name()))))
                .toList();
        Thread.sleep(300);

        for (int i = 0; i < 10; i++) {
            long start = System.nanoTime();
            var sent = kaslo.client().put("/_matrix/client/v3/rooms/" + enc(room) + "/send/m.room.message/h" + i, alice.accessToken(),
                    Map.of("msgtype", "m.text", "body", "while peers misbehave " + i));
            assertThat(sent.status()).as(sent.body()).isEqualTo(200);
            assertThat(kaslo.client().get("/_matrix/client/versions").status()).isEqualTo(200);
            assertThat((System.nanoTime() - start) / 1_000_000).as("client API latency").isLessThan(2000L);
        }
        long start = System.nanoTime();
        String last = PluginsIT.eventually(() -> nelson.client().get("/_matrix/client/v3/rooms/" + enc(room) + "/messages?dir=b&limit=5",
                bob.accessToken()).body(), b -> b.contains("while peers misbehave 9"));
        assertThat(last).contains("while peers misbehave 9");
        assertThat((System.nanoTime() - start) / 1_000_000).as("healthy federation goes on").isLessThan(10_000L);
        assertThat(invites.get(0).isDone()).as("the tarpit still holds its request").isFalse();

        // the hostile requests end, with a Matrix error, within connect + request timeouts
        for (CompletableFuture<TestClient.Response> f : invites) {
            TestClient.Response r = f.get(30, TimeUnit.SECONDS);
            assertThat(r.status()).as(r.body()).isIn(502, 504);
            assertThat(r.errcode()).isNotNull();
            assertThat(r.body()).doesNotContain("Exception");
        }
    }
}

package org.lightweb.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.lightweb.core.Json;

/**
 * An appservice for tests: records every request the node makes to it (method, path, Authorization, body) and
 * answers 200 {}, or a chosen status for the next few requests. Its registration is written to a file the node
 * loads from appservices.registration_files.
 */
final class FakeAppservice implements AutoCloseable {
    record Received(String method, String path, String authorization, JsonNode body) {}

    static final String AS_TOKEN = "as-token-of-the-bridge";
    static final String HS_TOKEN = "hs-token-of-the-bridge";

    private final HttpServer server;
    final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger failNext = new AtomicInteger();
    private volatile int failStatus = 500;

    FakeAppservice() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            byte[] in = exchange.getRequestBody().readAllBytes();
            JsonNode body = in.length == 0 ? null : Json.MAPPER.readTree(in);
            received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    exchange.getRequestHeaders().getFirst("Authorization"), body));
            int status = failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? failStatus : 200;
            byte[] out = (status == 200 ? "{}" : "{\"errcode\":\"M_UNKNOWN\",\"error\":\"down\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, out.length);
            exchange.getResponseBody().write(out);
            exchange.close();
        });
        server.start();
    }

    String url() { return "http://127.0.0.1:" + server.getAddress().getPort(); }

    /** The next {@code n} requests get {@code status}. */
    void failNext(int n, int status) {
        failStatus = status;
        failNext.set(n);
    }

    /** The transactions received, in order. */
    List<Received> transactions() {
        return received.stream().filter(r -> r.path().startsWith("/_matrix/app/v1/transactions/")).toList();
    }

    /** A registration for this appservice: users @bridge_*, aliases #bridge_*, exclusive; sender @bridgebot. */
    Path registrationFile() {
        String yaml = """
                id: bridge
                url: %s
                as_token: %s
                hs_token: %s
                sender_localpart: bridgebot
                rate_limited: false
                namespaces:
                  users:
                    - exclusive: true
                      regex: "@bridge_.*"
                  aliases:
                    - exclusive: true
                      regex: "#bridge_.*"
                  rooms: []
                """.formatted(url(), AS_TOKEN, HS_TOKEN);
        try {
            Path file = Files.createTempFile("registration-", ".yaml");
            Files.writeString(file, yaml);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() { server.stop(0); }
}

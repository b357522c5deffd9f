package org.lightweb.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lightweb.core.Json;

/**
 * A bounded load (issue #15): 1,000 concurrent connections to one node, 500 of them long-polling /sync and 500 idle
 * keep-alive connections, while 200 messages flow. Every sync answers 200 with the room's events, no send fails, and
 * the heap is back near where it was once the connections are gone. Counts and times are bounded; the figures are
 * printed.
 */
class LoadIT {
    static final int USERS = 50;
    static final int SYNCS = 500;
    static final int IDLE = 500;
    static final int MESSAGES = 200;

    @RegisterExtension
    static final TestNode node = TestNode.create(c -> c.putObject("limits").put("idle_timeout", "3m"));

    static long usedHeapAfterGc() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The body of a chunked answer. */
    static String dechunk(String chunked) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < chunked.length()) {
            int eol = chunked.indexOf("\r\n", i);
            int size = Integer.parseInt(chunked.substring(i, eol).trim(), 16);
            if (size == 0) break;
            out.append(chunked, eol + 2, eol + 2 + size);
            i = eol + 2 + size + 2;
        }
        return out.toString();
    }

    @Test
    void aThousandConnectionsWithHalfLongPollingShouldAllBeServedAndLeaveMemoryFlat() throws Exception {
        List<TestClient.Account> users = new ArrayList<>();
        for (int i = 0; i < USERS; i++) users.add(node.client().register("load" + i, "password123"));
        String room = node.client().post("/_matrix/client/v3/createRoom", users.get(0).accessToken(), Map.of("preset", "public_chat"))
                .json().path("room_id").asText();
        List<String> since = new ArrayList<>();
        for (TestClient.Account u : users) {
            assertThat(node.client().post("/_matrix/client/v3/join/" + enc(room), u.accessToken(), Map.of()).status()).isEqualTo(200);
            since.add(node.client().get("/_matrix/client/v3/sync?timeout=0", u.accessToken()).json().path("next_batch").asText());
        }
        long before = usedHeapAfterGc();

        List<Socket> idle = new ArrayList<>();
        List<Socket> syncs = new ArrayList<>();
        long started = System.nanoTime();
        try {
            for (int i = 0; i < IDLE; i++) {
                Socket s = new Socket("127.0.0.1", node.node().clientPort());
                s.setSoTimeout(10_000);
                s.getOutputStream().write("GET /_matrix/client/versions HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                assertThat(HttpLimitsIT.readResponseHead(s.getInputStream())).startsWith("HTTP/1.1 200");
                idle.add(s);
            }
            for (int i = 0; i < SYNCS; i++) {
                int u = i % USERS;
                Socket s = new Socket("127.0.0.1", node.node().clientPort());
                s.setSoTimeout(120_000);
                s.getOutputStream().write(("GET /_matrix/client/v3/sync?timeout=60000&since=" + enc(since.get(u)) + " HTTP/1.1\r\nHost: x\r\n"
                        + "Authorization: Bearer " + users.get(u).accessToken() + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                syncs.add(s);
            }
            Thread.sleep(1000); // the long polls are waiting
            int failedSends = 0;
            for (int i = 0; i < MESSAGES; i++) {
                TestClient.Account u = users.get(i % USERS);
                var r = node.client().put("/_matrix/client/v3/rooms/" + enc(room) + "/send/m.room.message/l" + i, u.accessToken(),
                        Map.of("msgtype", "m.text", "body", "load " + i));
                if (r.status() != 200) failedSends++;
            }
            assertThat(failedSends).isZero();
            int ok = 0;
            for (Socket s : syncs) {
                String answer = HttpLimitsIT.readAll(s.getInputStream());
                assertThat(answer).as(answer).startsWith("HTTP/1.1 200");
                String body = answer.substring(answer.indexOf("\r\n\r\n") + 4);
                if (body.contains("transfer-encoding: chunked") || answer.toLowerCase().contains("transfer-encoding: chunked")) body = dechunk(body);
                JsonNode events = Json.parse(body).path("rooms").path("join").path(room).path("timeline").path("events");
                if (events.size() > 0) ok++;
            }
            assertThat(ok).as("every long poll woke with the room's new events").isEqualTo(SYNCS);
            for (Socket s : idle) {
                s.getOutputStream().write("GET /_matrix/client/versions HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.ISO_8859_1));
                // the first answer's body is still unread: the second answer follows it
                assertThat(HttpLimitsIT.readAll(s.getInputStream())).as("idle connections still served").contains("}HTTP/1.1 200 OK");
            }
        } finally {
            for (Socket s : idle) s.close();
            for (Socket s : syncs) s.close();
        }
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;
        Thread.sleep(1000);
        long after = usedHeapAfterGc();
        System.out.printf("LoadIT: %d connections (%d long polls, %d idle), %d messages in %d s; heap after GC %d MiB before, %d MiB after%n",
                SYNCS + IDLE, SYNCS, IDLE, MESSAGES, seconds, before >> 20, after >> 20);
        assertThat(after - before).as("heap back near where it was (bytes)").isLessThan(64L << 20);
    }
}

package org.lightweb.server.federation.send;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lightweb.storage.testing.TestStorage.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.lightweb.core.Clock;
import org.lightweb.core.Json;
import org.lightweb.storage.federation.JooqFederationQueueRepository;
import org.lightweb.storage.testing.TestStorage;

class QueuedFederationSenderTest {
    private static final String US = "kaslo.test";
    private final TestStorage storage = TestStorage.sqlite().open();
    private final FakeFederationClient client = new FakeFederationClient();
    private final JooqFederationQueueRepository queue = new JooqFederationQueueRepository(storage.db());
    private final List<QueuedFederationSender> senders = new ArrayList<>();

    @AfterEach
    void close() {
        senders.forEach(QueuedFederationSender::close);
        storage.close();
    }

    private QueuedFederationSender sender(int maxQueued) {
        return sender(new JooqFederationQueueRepository(storage.db()), maxQueued);
    }

    private QueuedFederationSender sender(JooqFederationQueueRepository q, int maxQueued) {
        var s = new QueuedFederationSender(storage.vertx(), storage.vertx().getOrCreateContext(), US, q, client,
                new QueuedFederationSender.Settings(Duration.ofMillis(50), Duration.ofMillis(200), 50, 100, maxQueued),
                Clock.SYSTEM);
        senders.add(s);
        await(s.start());
        return s;
    }

    private static ObjectNode pdu(String id) {
        return Json.object().put("type", "m.room.message").put("test_id", id);
    }

    private static List<String> pduIds(FakeFederationClient.Request r) {
        List<String> out = new ArrayList<>();
        r.body().path("pdus").forEach(p -> out.add(p.path("test_id").asText()));
        return out;
    }

    /** Sends each PDU after the one before it was stored: their order in the queue is then known. */
    private static void queuePdus(QueuedFederationSender s, String dest, String prefix, int n) {
        for (int i = 0; i < n; i++) s.sendPdu(List.of(dest), pdu(prefix + i));
    }

    private void awaitQueued(String dest, int n) {
        for (int i = 0; i < 500 && await(queue.count(dest)) < n; i++) client.poll(10);
    }

    private void awaitEmpty(String dest) {
        for (int i = 0; i < 500 && await(queue.count(dest)) > 0; i++) client.poll(10);
    }

    @Test
    void transactionsShouldCarryAtMost50PdusAnd100EdusWhenMoreAreQueued() {
        client.answer("nelson.test", r -> Promise.<JsonNode>promise().future());   // hold everything while queuing
        var s = sender(10_000);
        queuePdus(s, "nelson.test", "p", 120);
        for (int i = 0; i < 150; i++) s.sendEdu("nelson.test", "m.receipt", Json.object().put("n", i));
        awaitQueued("nelson.test", 270);
        s.close();
        client.requests.clear();
        client.healthy("nelson.test");

        sender(10_000);   // resumes the queue
        List<String> pdus = new ArrayList<>();
        List<Integer> edus = new ArrayList<>();
        while (pdus.size() < 120 || edus.size() < 150) {
            var r = client.next();
            assertThat(r.method()).isEqualTo("PUT");
            assertThat(r.path()).startsWith("/_matrix/federation/v1/send/");
            assertThat(r.body().path("origin").asText()).isEqualTo(US);
            assertThat(r.body().path("origin_server_ts").asLong()).isPositive();
            assertThat(r.body().path("pdus").size()).isLessThanOrEqualTo(50);
            assertThat(r.body().path("edus").size()).isLessThanOrEqualTo(100);
            pdus.addAll(pduIds(r));
            r.body().path("edus").forEach(e -> {
                assertThat(e.path("edu_type").asText()).isEqualTo("m.receipt");
                edus.add(e.path("content").path("n").asInt());
            });
        }
        assertThat(pdus).containsExactlyElementsOf(java.util.stream.IntStream.range(0, 120).mapToObj(i -> "p" + i).toList());
        assertThat(edus).hasSize(150).isSorted();
        awaitEmpty("nelson.test");
        assertThat(await(queue.count("nelson.test"))).isZero();
    }

    @Test
    void onlyOneTransactionShouldBeInFlightWhenTheDestinationIsSlow() {
        List<Promise<JsonNode>> pending = new ArrayList<>();
        client.answer("nelson.test", r -> {
            Promise<JsonNode> p = Promise.promise();
            pending.add(p);
            return p.future();
        });
        var s = sender(10_000);
        s.sendPdu(List.of("nelson.test"), pdu("a"));
        var first = client.next();
        s.sendPdu(List.of("nelson.test"), pdu("b"));
        s.sendPdu(List.of("nelson.test"), pdu("c"));
        awaitQueued("nelson.test", 3);
        assertThat(client.poll(200)).as("a second transaction while the first is in flight").isNull();
        assertThat(pduIds(first)).containsExactly("a");

        storage.vertx().runOnContext(v -> pending.get(0).complete(Json.object()));
        var second = client.next();
        assertThat(pduIds(second)).containsExactly("b", "c");
        assertThat(second.path()).isNotEqualTo(first.path());
    }

    @Test
    void aFailingDestinationShouldGetEverythingInOrderOnceWhenItComesBack() {
        List<Promise<JsonNode>> held = new java.util.concurrent.CopyOnWriteArrayList<>();
        client.answer("nelson.test", r -> {
            Promise<JsonNode> p = Promise.promise();
            held.add(p);
            return p.future();
        });
        var s = sender(10_000);
        s.sendPdu(List.of("nelson.test"), pdu("0"));
        var failed = client.next();
        s.sendEdu("nelson.test", "m.presence", Json.object().put("queued_before_the_failure", true));
        awaitQueued("nelson.test", 2);
        client.unreachable("nelson.test");
        storage.vertx().runOnContext(v -> held.get(0).fail(new org.lightweb.server.federation.client.FederationClient
                .Unreachable("nelson.test", "timeout", null)));
        assertThat(pduIds(failed)).containsExactly("0");
        for (int i = 0; i < 500 && !s.isFailing("nelson.test"); i++) client.poll(5);
        assertThat(s.isFailing("nelson.test")).isTrue();
        var retried = client.next();   // after the backoff, the same transaction again
        assertThat(retried.path()).isEqualTo(failed.path());

        queuePdus(s, "nelson.test", "", 5);   // 0..4 (0 again: a second event with that id)
        s.sendEdu("nelson.test", "m.typing", Json.object().put("typing", true));         // stale later: dropped
        s.sendEdu("nelson.test", "m.receipt", Json.object().put("kept", true));          // kept
        awaitQueued("nelson.test", 7);
        client.healthy("nelson.test");

        List<String> delivered = new ArrayList<>();
        List<String> eduTypes = new ArrayList<>();
        String lastPath = null;
        while (delivered.size() < 6) {
            var r = client.next();
            if (r.path().equals(lastPath)) continue;   // a failing retry that raced the switch to healthy
            lastPath = r.path();
            delivered.addAll(pduIds(r));
            r.body().path("edus").forEach(e -> eduTypes.add(e.path("edu_type").asText()));
        }
        assertThat(delivered).containsExactly("0", "0", "1", "2", "3", "4");
        assertThat(eduTypes).as("typing and presence would be stale: dropped").containsExactly("m.receipt");
        assertThat(client.poll(300)).as("nothing is sent twice").isNull();
        assertThat(s.isFailing("nelson.test")).isFalse();
        assertThat(await(queue.retryStates())).doesNotContainKey("nelson.test");
    }

    @Test
    void aRestartedSenderShouldResumeEveryDestinationWhenRowsAreQueued() {
        client.unreachable("nelson.test");
        client.unreachable("third.test");
        var first = sender(10_000);
        first.sendPdu(List.of("nelson.test", "third.test", US), pdu("x"));
        first.sendEdu("nelson.test", "m.direct_to_device", Json.object().put("message_id", "m1"));
        awaitQueued("nelson.test", 2);
        first.close();
        assertThat(await(queue.count(US))).as("never queued for ourselves").isZero();

        client.healthy("nelson.test");
        client.healthy("third.test");
        client.requests.clear();
        sender(10_000);
        Set<String> reached = new java.util.HashSet<>();
        for (int i = 0; i < 10 && reached.size() < 2; i++) {
            var r = client.next();
            if (r.body().path("pdus").size() == 1) reached.add(r.destination());
        }
        assertThat(reached).containsExactlyInAnyOrder("nelson.test", "third.test");
        for (int i = 0; i < 500 && (await(queue.count("nelson.test")) > 0 || await(queue.count("third.test")) > 0); i++) {
            client.poll(5);
        }
        assertThat(await(queue.count("nelson.test"))).isZero();
        assertThat(await(queue.count("third.test"))).isZero();
    }

    @Test
    void aDeadServerShouldNotDelayOthersWhenItNeverAnswers() {
        client.answer("dead.test", r -> Promise.<JsonNode>promise().future());
        var s = sender(10_000);
        s.sendPdu(List.of("dead.test", "nelson.test"), pdu("y"));
        Set<String> asked = new java.util.HashSet<>();
        asked.add(client.next().destination());
        asked.add(client.next().destination());
        assertThat(asked).containsExactlyInAnyOrder("dead.test", "nelson.test");
        s.sendPdu(List.of("nelson.test"), pdu("z"));
        var r = client.next();
        assertThat(r.destination()).isEqualTo("nelson.test");
        assertThat(pduIds(r)).containsExactly("z");
    }

    @Test
    void theOldestRowsShouldMakeRoomWhenTheQueueIsFull() {
        client.answer("nelson.test", r -> Promise.<JsonNode>promise().future());
        var s = sender(3);
        queuePdus(s, "nelson.test", "q", 6);
        for (int i = 0; i < 500 && await(queue.next("nelson.test", 50, 0)).stream()
                .noneMatch(q -> q.json().contains("q5")); i++) client.poll(5);
        var rows = await(queue.next("nelson.test", 50, 100));
        assertThat(rows).hasSize(3);
        assertThat(rows.stream().map(q -> Json.parse(q.json()).path("test_id").asText()).toList())
                .containsExactly("q3", "q4", "q5");
    }

    @Test
    void aBackoffShouldEndWhenTheDestinationIsHeardFrom() {
        client.unreachable("nelson.test");
        var s = new QueuedFederationSender(storage.vertx(), storage.vertx().getOrCreateContext(), US, queue, client,
                new QueuedFederationSender.Settings(Duration.ofMinutes(10), Duration.ofHours(1), 50, 100, 1000), Clock.SYSTEM);
        senders.add(s);
        await(s.start());
        s.sendPdu(List.of("nelson.test"), pdu("late"));
        client.next();
        for (int i = 0; i < 500 && !s.isFailing("nelson.test"); i++) client.poll(5);
        assertThat(client.poll(200)).as("backing off for ten minutes").isNull();
        client.healthy("nelson.test");
        s.destinationUp("nelson.test");
        assertThat(pduIds(client.next())).containsExactly("late");
        for (int i = 0; i < 500 && s.isFailing("nelson.test"); i++) client.poll(5);
        assertThat(s.isFailing("nelson.test")).isFalse();
    }

    @Test
    void aRefusedTransactionShouldBeDroppedWhenTheDestinationAnswers400() {
        client.answer("nelson.test", r -> Future.failedFuture(
                new org.lightweb.server.federation.client.FederationClient.RemoteError("nelson.test", 400, "M_BAD_JSON", "no")));
        var s = sender(10_000);
        s.sendPdu(List.of("nelson.test"), pdu("bad"));
        client.next();
        for (int i = 0; i < 500 && await(queue.count("nelson.test")) > 0; i++) client.poll(5);
        assertThat(await(queue.count("nelson.test"))).isZero();
        assertThat(s.isFailing("nelson.test")).isFalse();
    }

    @Test
    void anUnencodableTransactionShouldBeDroppedWhenCanonicalJsonRefusesIt() {
        // like the real client, which encodes the body before sending: a float is no canonical JSON
        client.answer("nelson.test", r -> {
            try {
                org.lightweb.federation.protocol.CanonicalJson.encode(r.body());
                return Future.succeededFuture(Json.object());
            } catch (org.lightweb.federation.protocol.CanonicalJson.InvalidJsonException e) {
                return Future.failedFuture(e);
            }
        });
        var s = sender(10_000);
        s.sendEdu("nelson.test", "m.direct_to_device", Json.object().put("n", 1.5));
        var refused = client.next();
        assertThat(refused.body().path("edus").size()).isEqualTo(1);
        for (int i = 0; i < 500 && await(queue.count("nelson.test")) > 0; i++) client.poll(5);
        assertThat(await(queue.count("nelson.test"))).isZero();
        assertThat(s.isFailing("nelson.test")).isFalse();

        s.sendEdu("nelson.test", "m.direct_to_device", Json.object().put("n", 2));
        var next = client.next();
        assertThat(next.path()).isNotEqualTo(refused.path());
        assertThat(next.body().path("edus").get(0).path("content").path("n").asInt()).isEqualTo(2);
    }

    @Test
    void perPduErrorsShouldNotBeRetriedWhenTheTransactionSucceeded() {
        client.answer("nelson.test", r -> {
            ObjectNode answer = Json.object();
            answer.putObject("pdus").putObject("$e").put("error", "auth failed");
            return Future.succeededFuture(answer);
        });
        var s = sender(10_000);
        s.sendPdu(List.of("nelson.test"), pdu("e"));
        client.next();
        assertThat(client.poll(300)).isNull();
        awaitEmpty("nelson.test");
        assertThat(await(queue.count("nelson.test"))).isZero();
    }
}

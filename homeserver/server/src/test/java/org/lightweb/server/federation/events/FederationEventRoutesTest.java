package org.lightweb.server.federation.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lightweb.server.federation.events.RemoteRoom.REMOTE;
import static org.lightweb.server.federation.events.RemoteRoom.id;
import static org.lightweb.storage.testing.TestStorage.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lightweb.core.Json;
import org.lightweb.server.federation.Origin;
import org.lightweb.server.http.ErrorRendering;
import org.lightweb.storage.federation.InboundTxns;
import org.lightweb.storage.testing.TestStorage;

class FederationEventRoutesTest {
    @RegisterExtension
    static final TestStorage storage = TestStorage.sqlite();

    private RemoteRoom room;
    private HttpServer server;
    private final AtomicInteger edus = new AtomicInteger();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void setUp() {
        room = new RemoteRoom(storage);
        var access = new ServerAccess(room.rooms, room.events, room.receiver);
        var routes = new FederationEventRoutes(RemoteRoom.LOCAL, room.receiver, room.events, access,
                (origin, type, content) -> {
                    edus.incrementAndGet();
                    return Future.succeededFuture();
                }, new InboundTxns(storage.db(), storage.clock(), 86_400_000L), storage.clock(), new FederationEventRoutes.Limits(100, 20));
        Router router = Router.router(storage.vertx());
        router.route().handler(BodyHandler.create(false));
        router.route().handler(ctx -> {   // stands in for the X-Matrix handler
            String origin = ctx.request().getHeader("X-Test-Origin");
            if (origin != null) ctx.put(Origin.KEY, origin);
            ctx.next();
        });
        routes.mount(router);
        router.route().failureHandler(ErrorRendering::handle);
        server = await(storage.vertx().createHttpServer().requestHandler(router).listen(0, "127.0.0.1"));
    }

    @AfterEach
    void tearDown() {
        await(server.close());
        room.close();
    }

    private record Answer(int status, JsonNode json) {}

    private Answer call(String method, String path, String origin, JsonNode body) throws Exception {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + path))
                .timeout(Duration.ofSeconds(10)).header("X-Test-Origin", origin)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(Json.write(body)));
        if (body != null) req.header("Content-Type", "application/json");
        HttpResponse<String> res = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(res.statusCode(), res.body().isEmpty() ? Json.object() : Json.parse(res.body()));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private ObjectNode transaction(List<ObjectNode> pdus, int eduCount) {
        ObjectNode txn = Json.object();
        txn.put("origin", REMOTE).put("origin_server_ts", 1L);
        pdus.forEach(txn.putArray("pdus")::add);
        if (!txn.has("pdus")) txn.putArray("pdus");
        var e = txn.putArray("edus");
        for (int i = 0; i < eduCount; i++) e.addObject().put("edu_type", "m.typing").putObject("content");
        return txn;
    }

    @Test
    void sendShouldAnswerTheFirstResultWhenATransactionIsRepeated() throws Exception {
        ObjectNode join = room.bobJoin();
        ObjectNode txn = transaction(List.of(join), 1);

        Answer first = call("PUT", "/_matrix/federation/v1/send/t1", REMOTE, txn);
        Answer again = call("PUT", "/_matrix/federation/v1/send/t1", REMOTE, txn);

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json().path("pdus").path(id(join)).isObject()).isTrue();
        assertThat(first.json().path("pdus").path(id(join)).has("error")).isFalse();
        assertThat(again.json()).isEqualTo(first.json());
        assertThat(edus.get()).isEqualTo(1);
        assertThat(room.announcedOnce(id(join))).containsExactly(id(join));
        // the same id from another origin is another transaction
        call("PUT", "/_matrix/federation/v1/send/t1", "other.test", transaction(List.of(), 1));
        assertThat(edus.get()).isEqualTo(2);
    }

    @Test
    void sendShouldReportEachRefusedPduWhenSomeFailTheChecks() throws Exception {
        ObjectNode join = room.bobJoin();
        ObjectNode forged = join.deepCopy();
        ((ObjectNode) forged.get("content")).put("displayname", "x");
        ((ObjectNode) forged.get("signatures")).putObject(REMOTE).put(room.remoteKey.keyId(), "AAAA");

        Answer res = call("PUT", "/_matrix/federation/v1/send/t2", REMOTE, transaction(List.of(forged), 0));

        assertThat(res.status()).isEqualTo(200);
        assertThat(res.json().path("pdus").path(id(forged)).path("error").asText()).contains("signature");
    }

    @Test
    void sendShouldBeRefusedWhenItHoldsTooManyPdus() throws Exception {
        List<ObjectNode> many = new java.util.ArrayList<>();
        for (int i = 0; i < 51; i++) many.add(room.bobJoin());

        Answer res = call("PUT", "/_matrix/federation/v1/send/t3", REMOTE, transaction(many, 0));

        assertThat(res.status()).isEqualTo(400);
        assertThat(res.json().path("errcode").asText()).isEqualTo("M_BAD_JSON");
    }

    @Test
    void sendShouldBeRefusedWhenItHoldsMoreThanAHundredEdusAndTakenAtTheLimits() throws Exception {
        Answer over = call("PUT", "/_matrix/federation/v1/send/t4", REMOTE, transaction(List.of(), 101));

        assertThat(over.status()).isEqualTo(400);
        assertThat(over.json().path("errcode").asText()).isEqualTo("M_BAD_JSON");
        assertThat(edus.get()).isZero();

        Answer atLimit = call("PUT", "/_matrix/federation/v1/send/t5", REMOTE, transaction(List.of(), 100));
        assertThat(atLimit.status()).isEqualTo(200);
        assertThat(edus.get()).isEqualTo(100);
    }

    @Test
    void sendShouldBeRefusedWhenPdusOrEdusAreNotArrays() throws Exception {
        ObjectNode txn = transaction(List.of(), 0);
        txn.put("pdus", "not a list");

        Answer res = call("PUT", "/_matrix/federation/v1/send/t6", REMOTE, txn);

        assertThat(res.status()).isEqualTo(400);
        assertThat(res.json().path("errcode").asText()).startsWith("M_");
    }

    @Test
    void readsShouldServeServersInTheRoomAndRefuseOthers() throws Exception {
        ObjectNode join = room.bobJoin();
        assertThat(room.receive(join).accepted()).isTrue();
        ObjectNode message = room.bobMessage("hi", List.of(id(join)));
        assertThat(room.receive(message).accepted()).isTrue();
        String create = room.state("m.room.create", "");

        Answer event = call("GET", "/_matrix/federation/v1/event/" + enc(id(message)), REMOTE, null);
        assertThat(event.status()).isEqualTo(200);
        assertThat(event.json().path("pdus").get(0).path("content").path("body").asText()).isEqualTo("hi");
        assertThat(event.json().path("origin").asText()).isEqualTo(RemoteRoom.LOCAL);

        Answer stranger = call("GET", "/_matrix/federation/v1/event/" + enc(id(message)), "other.test", null);
        assertThat(stranger.status()).isEqualTo(403);
        assertThat(stranger.json().path("errcode").asText()).isEqualTo("M_FORBIDDEN");
        assertThat(call("GET", "/_matrix/federation/v1/event/%24unknown", REMOTE, null).status()).isEqualTo(404);

        String roomPath = enc(room.roomId);
        Answer ids = call("GET", "/_matrix/federation/v1/state_ids/" + roomPath + "?event_id=" + enc(id(message)), REMOTE, null);
        assertThat(ids.status()).isEqualTo(200);
        assertThat(ids.json().path("pdu_ids").toString()).contains(create, id(join));
        assertThat(ids.json().path("auth_chain_ids").toString()).contains(create);
        assertThat(call("GET", "/_matrix/federation/v1/state_ids/" + roomPath + "?event_id=" + enc(id(message)),
                "other.test", null).status()).isEqualTo(403);

        Answer state = call("GET", "/_matrix/federation/v1/state/" + roomPath + "?event_id=" + enc(id(join)), REMOTE, null);
        assertThat(state.status()).isEqualTo(200);
        assertThat(state.json().path("pdus").size()).isEqualTo(5);   // the room's initial state, before bob's join

        ObjectNode missing = Json.object();
        missing.putArray("earliest_events").add(create);
        missing.putArray("latest_events").add(id(message));
        missing.put("limit", 10);
        Answer gap = call("POST", "/_matrix/federation/v1/get_missing_events/" + roomPath, REMOTE, missing);
        assertThat(gap.status()).isEqualTo(200);
        assertThat(gap.json().path("events").size()).isEqualTo(5);   // member, power levels, join rules, history, join
        assertThat(gap.json().path("events").get(4).path("state_key").asText()).isEqualTo(RemoteRoom.BOB);

        Answer backfill = call("GET", "/_matrix/federation/v1/backfill/" + roomPath + "?v=" + enc(id(message)) + "&limit=3",
                REMOTE, null);
        assertThat(backfill.status()).isEqualTo(200);
        assertThat(backfill.json().path("pdus").size()).isEqualTo(3);
        assertThat(backfill.json().path("pdus").get(0).path("content").path("body").asText()).isEqualTo("hi");

        Answer auth = call("GET", "/_matrix/federation/v1/event_auth/" + roomPath + "/" + enc(id(join)), REMOTE, null);
        assertThat(auth.status()).isEqualTo(200);
        assertThat(auth.json().path("auth_chain").size()).isGreaterThanOrEqualTo(3);
        assertThat(call("GET", "/_matrix/federation/v1/event_auth/" + roomPath + "/" + enc(id(join)), "other.test", null)
                .status()).isEqualTo(403);
    }

    // ---- history visibility for other servers (ServerVisibility) ----

    private String aliceSays(String body) {
        return await(room.roomEvents.send(room.roomId,
                org.lightweb.server.rooms.EventDraft.message("m.room.message", RemoteRoom.ALICE,
                        RemoteRoom.content("body", body)), null)).eventId();
    }

    private void historyVisibility(String visibility) {
        await(room.roomEvents.send(room.roomId, org.lightweb.server.rooms.EventDraft.state("m.room.history_visibility", "",
                RemoteRoom.ALICE, RemoteRoom.content("history_visibility", visibility)), null));
    }

    private String bobJoins() {
        ObjectNode join = room.bobJoin();
        assertThat(room.receive(join).accepted()).isTrue();
        return id(join);
    }

    private JsonNode fetched(String eventId, String origin) throws Exception {
        Answer a = call("GET", "/_matrix/federation/v1/event/" + enc(eventId), origin, null);
        assertThat(a.status()).isEqualTo(200);
        return a.json().path("pdus").get(0);
    }

    private java.util.Map<String, JsonNode> byId(JsonNode pdus) {
        java.util.Map<String, JsonNode> out = new java.util.HashMap<>();
        pdus.forEach(p -> out.put(RemoteRoom.id((ObjectNode) p), p));
        return out;
    }

    private java.util.Map<String, JsonNode> backfill(String from, String origin) throws Exception {
        Answer a = call("GET", "/_matrix/federation/v1/backfill/" + enc(room.roomId) + "?v=" + enc(from) + "&limit=50",
                origin, null);
        assertThat(a.status()).isEqualTo(200);
        return byId(a.json().path("pdus"));
    }

    private java.util.Map<String, JsonNode> missing(String latest, String origin) throws Exception {
        ObjectNode body = Json.object();
        body.putArray("earliest_events").add(room.state("m.room.create", ""));
        body.putArray("latest_events").add(latest);
        body.put("limit", 20);
        Answer a = call("POST", "/_matrix/federation/v1/get_missing_events/" + enc(room.roomId), origin, body);
        assertThat(a.status()).isEqualTo(200);
        return byId(a.json().path("events"));
    }

    private static void assertRedacted(JsonNode pdu) {
        assertThat(pdu.path("content").isObject()).isTrue();
        assertThat(pdu.path("content").has("body")).isFalse();
        assertThat(pdu.path("hashes").path("sha256").isTextual()).isTrue();
        assertThat(pdu.path("signatures").path(RemoteRoom.LOCAL).isObject()).isTrue();
    }

    private static void assertBody(JsonNode pdu, String body) {
        assertThat(pdu.path("content").path("body").asText()).isEqualTo(body);
    }

    @Test
    void eventsBeforeAServersJoinUnderJoinedVisibilityShouldBeServedRedacted() throws Exception {
        historyVisibility("joined");
        String before = aliceSays("before bob");
        bobJoins();
        String after = aliceSays("after bob");
        String last = aliceSays("last");

        assertRedacted(fetched(before, REMOTE));
        assertBody(fetched(after, REMOTE), "after bob");
        // the redacted copy still has its id: the hashes and signatures are those of the original
        assertThat(RemoteRoom.id((ObjectNode) fetched(before, REMOTE))).isEqualTo(before);

        var backfilled = backfill(last, REMOTE);
        assertThat(backfilled).containsKeys(before, after, last);   // redacted, not dropped
        assertRedacted(backfilled.get(before));
        assertBody(backfilled.get(after), "after bob");

        var gap = missing(last, REMOTE);
        assertThat(gap).containsKeys(before, after);
        assertRedacted(gap.get(before));
        assertBody(gap.get(after), "after bob");
    }

    @Test
    void sharedVisibilityShouldShowTheHistoryOnceTheServerHasAMember() throws Exception {
        String before = aliceSays("before bob");   // the room starts shared
        bobJoins();
        String after = aliceSays("after bob");

        assertBody(fetched(before, REMOTE), "before bob");
        assertBody(backfill(after, REMOTE).get(before), "before bob");
        assertBody(missing(after, REMOTE).get(before), "before bob");
    }

    @Test
    void invitedVisibilityShouldCountAnInviteOfTheServersUser() throws Exception {
        historyVisibility("invited");
        String beforeInvite = aliceSays("before invite");
        await(room.roomEvents.send(room.roomId, org.lightweb.server.rooms.EventDraft.state("m.room.member",
                RemoteRoom.BOB, RemoteRoom.ALICE, RemoteRoom.content("membership", "invite")), null));
        String afterInvite = aliceSays("after invite");
        historyVisibility("joined");
        String joinedOnly = aliceSays("joined only");

        assertRedacted(fetched(beforeInvite, REMOTE));
        assertBody(fetched(afterInvite, REMOTE), "after invite");
        assertRedacted(fetched(joinedOnly, REMOTE));   // an invite is not enough under joined
        var backfilled = backfill(joinedOnly, REMOTE);
        assertRedacted(backfilled.get(beforeInvite));
        assertBody(backfilled.get(afterInvite), "after invite");
    }

    @Test
    void worldReadableEventsShouldBeVisibleToAnyServer() throws Exception {
        historyVisibility("joined");
        String hidden = aliceSays("members only");
        historyVisibility("world_readable");
        String open = aliceSays("for everyone");

        assertBody(fetched(open, "other.test"), "for everyone");
        assertRedacted(fetched(hidden, "other.test"));
        var backfilled = backfill(open, "other.test");
        assertBody(backfilled.get(open), "for everyone");
        assertRedacted(backfilled.get(hidden));
    }

    @Test
    void serverVisibilityShouldReadEachStateGroupOnceForABatch() {
        historyVisibility("joined");
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) ids.add(aliceSays("m" + i));
        var stored = await(room.events.events(ids));
        AtomicInteger reads = new AtomicInteger();
        var counting = (org.lightweb.storage.rooms.EventRepository) java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {org.lightweb.storage.rooms.EventRepository.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("stateOfGroup")) reads.incrementAndGet();
                    try {
                        return method.invoke(room.events, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        List<org.lightweb.storage.rooms.StoredEvent> batch = ids.stream().map(stored::get).toList();
        batch = new java.util.ArrayList<>(batch);
        batch.addAll(batch);   // the same events twice: their groups are already known
        long groups = batch.stream().map(org.lightweb.storage.rooms.StoredEvent::stateBefore).distinct().count();

        var served = await(new ServerVisibility(counting, REMOTE).serve(batch, RemoteRoom.V));

        assertThat(served).hasSize(10).allSatisfy(FederationEventRoutesTest::assertRedacted);
        assertThat(reads.get()).isEqualTo((int) groups);
    }
}

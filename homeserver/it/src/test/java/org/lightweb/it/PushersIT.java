package org.lightweb.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lightweb.core.Json;

/**
 * Pushers end to end: the API's checks, and delivery to a push gateway played by WireMock (shape of the notify
 * request, own events not pushed, rejected pushkeys removing the pusher, retries after a 500). Delivery is
 * asynchronous, so tests poll the gateway's request log with a bounded wait instead of timing anything.
 */
class PushersIT {
    static final String NOTIFY = "/_matrix/push/v1/notify";
    static final long WAIT_MS = 20_000;

    @RegisterExtension
    @Order(1)
    static final WireMockExtension gateway = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    @RegisterExtension
    @Order(2)
    static final TestNode node = TestNode.create(c -> c.putObject("pushers").put("allow_private_destinations", true).put("retry_initial_backoff", "50ms")
            .put("retry_max_backoff", "200ms").put("request_timeout", "1s").put("max_attempts", 1000));

    private final RoomSteps rooms = new RoomSteps(node.client());

    private static int counter;

    private static synchronized String fresh(String prefix) {
        return prefix + (++counter) + "x" + System.nanoTime() % 100_000;
    }

    private TestClient.Account user(String name) {
        return node.client().register(fresh(name), "password123");
    }

    private String url() {
        return "http://127.0.0.1:" + gateway.getPort() + NOTIFY;
    }

    private ObjectNode pusherBody(String pushkey, String url) {
        ObjectNode body = Json.object().put("kind", "http").put("app_id", "org.example.app").put("pushkey", pushkey)
                .put("app_display_name", "Example").put("device_display_name", "Phone").put("lang", "en");
        body.putObject("data").put("url", url).put("custom", "kept");
        return body;
    }

    private void setPusher(TestClient.Account who, ObjectNode body) {
        var res = node.client().post("/_matrix/client/v3/pushers/set", who.accessToken(), body);
        assertThat(res.status()).as(res.body()).isEqualTo(200);
    }

    private JsonNode pushers(TestClient.Account who) {
        var res = node.client().get("/_matrix/client/v3/pushers", who.accessToken());
        assertThat(res.status()).as(res.body()).isEqualTo(200);
        return res.json().path("pushers");
    }

    /** The notify requests the gateway received for a pushkey, oldest first. */
    private List<JsonNode> received(String pushkey) {
        return gateway.findAll(postRequestedFor(urlEqualTo(NOTIFY))
                        .withRequestBody(matchingJsonPath("$.notification.devices[0].pushkey", equalTo(pushkey))))
                .stream().map(r -> Json.parse(r.getBodyAsString())).toList();
    }

    private static void waitFor(String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.currentTimeMillis() + WAIT_MS;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > end) throw new AssertionError("timed out waiting for " + what);
            Thread.sleep(50);
        }
    }

    private List<JsonNode> forEvent(String pushkey, String eventId) {
        return received(pushkey).stream().filter(n -> n.path("notification").path("event_id").asText().equals(eventId)).toList();
    }

    /** A room of ann and ben (ben joined), and ben's pusher with a fresh pushkey, answered by the default stub. */
    private record Setup(TestClient.Account ann, TestClient.Account ben, String room, String pushkey) {}

    private Setup setup(ObjectNode pusherData) {
        var ann = user("pann");
        var ben = user("pben");
        String room = rooms.createRoom(ann, "public_chat");
        rooms.join(ben, room);
        String pushkey = fresh("key");
        ObjectNode body = pusherBody(pushkey, url());
        if (pusherData != null) ((ObjectNode) body.get("data")).setAll(pusherData);
        gateway.stubFor(post(urlEqualTo(NOTIFY)).atPriority(10).willReturn(okJson("{\"rejected\":[]}")));
        setPusher(ben, body);
        return new Setup(ann, ben, room, pushkey);
    }

    @Test
    void messageFromAnotherUserShouldReachTheGatewayInPushGatewayFormat() throws Exception {
        Setup s = setup(null);
        String event = rooms.send(s.ann(), s.room(), "hello ben");
        waitFor("the notify request", () -> !forEvent(s.pushkey(), event).isEmpty());
        JsonNode n = forEvent(s.pushkey(), event).get(0).path("notification");
        assertThat(n.path("event_id").asText()).isEqualTo(event);
        assertThat(n.path("room_id").asText()).isEqualTo(s.room());
        assertThat(n.path("type").asText()).isEqualTo("m.room.message");
        assertThat(n.path("sender").asText()).isEqualTo(s.ann().userId());
        assertThat(n.path("content").path("body").asText()).isEqualTo("hello ben");
        assertThat(n.path("prio").asText()).isIn("high", "low");
        assertThat(n.path("counts").path("unread").asInt()).isEqualTo(1);
        JsonNode device = n.path("devices").get(0);
        assertThat(device.path("app_id").asText()).isEqualTo("org.example.app");
        assertThat(device.path("pushkey").asText()).isEqualTo(s.pushkey());
        assertThat(device.path("pushkey_ts").asLong()).isPositive().isLessThan(System.currentTimeMillis() / 100);
        assertThat(device.path("data").path("custom").asText()).isEqualTo("kept");
        assertThat(device.path("data").has("url")).as("data minus url").isFalse();
        assertThat(device.path("tweaks").isObject()).isTrue();
    }

    @Test
    void eventIdOnlyPushersShouldGetNoContent() throws Exception {
        Setup s = setup(Json.object().put("format", "event_id_only"));
        String event = rooms.send(s.ann(), s.room(), "secret words");
        waitFor("the notify request", () -> !forEvent(s.pushkey(), event).isEmpty());
        JsonNode n = forEvent(s.pushkey(), event).get(0).path("notification");
        assertThat(n.path("room_id").asText()).isEqualTo(s.room());
        assertThat(n.has("content")).isFalse();
        assertThat(n.has("sender")).isFalse();
        assertThat(n.path("counts").has("unread")).isTrue();
        assertThat(n.path("devices").get(0).path("data").path("format").asText()).isEqualTo("event_id_only");
    }

    @Test
    void ownMessagesShouldNotBePushed() throws Exception {
        Setup s = setup(null);
        String own = rooms.send(s.ben(), s.room(), "my own words");
        String other = rooms.send(s.ann(), s.room(), "a reply");
        // Delivery goes in stream order, so once the later event arrived the earlier one would have too.
        waitFor("the reply's notify request", () -> !forEvent(s.pushkey(), other).isEmpty());
        assertThat(forEvent(s.pushkey(), own)).isEmpty();
    }

    @Test
    void rejectedPushkeyShouldRemoveThePusher() throws Exception {
        Setup s = setup(null);
        gateway.stubFor(post(urlEqualTo(NOTIFY)).atPriority(1)
                .withRequestBody(matchingJsonPath("$.notification.devices[0].pushkey", equalTo(s.pushkey())))
                .willReturn(okJson("{\"rejected\":[\"" + s.pushkey() + "\"]}")));
        assertThat(pushers(s.ben())).hasSize(1);
        rooms.send(s.ann(), s.room(), "to a dead phone");
        waitFor("the pusher to be removed", () -> pushers(s.ben()).isEmpty());
        assertThat(received(s.pushkey())).hasSize(1);
    }

    @Test
    void gatewayErrorsShouldBeRetriedUntilDelivered() throws Exception {
        Setup s = setup(null);
        String scenario = "flaky-" + s.pushkey();
        var body = matchingJsonPath("$.notification.devices[0].pushkey", equalTo(s.pushkey()));
        gateway.stubFor(post(urlEqualTo(NOTIFY)).atPriority(1).withRequestBody(body).inScenario(scenario)
                .whenScenarioStateIs(Scenario.STARTED).willReturn(aResponse().withStatus(500)).willSetStateTo("second"));
        gateway.stubFor(post(urlEqualTo(NOTIFY)).atPriority(1).withRequestBody(body).inScenario(scenario)
                .whenScenarioStateIs("second").willReturn(aResponse().withStatus(503)).willSetStateTo("healthy"));
        gateway.stubFor(post(urlEqualTo(NOTIFY)).atPriority(1).withRequestBody(body).inScenario(scenario)
                .whenScenarioStateIs("healthy").willReturn(okJson("{}")));
        String first = rooms.send(s.ann(), s.room(), "one");
        String second = rooms.send(s.ann(), s.room(), "two");
        waitFor("the second message's delivery", () -> !forEvent(s.pushkey(), second).isEmpty());
        assertThat(forEvent(s.pushkey(), first)).as("two failures, then delivered").hasSize(3);
        assertThat(forEvent(s.pushkey(), second)).hasSize(1);
        assertThat(pushers(s.ben())).hasSize(1);
    }

    @Test
    void eventsTheUserHasReadShouldNotBePushed() throws Exception {
        Setup s = setup(null);
        var body = matchingJsonPath("$.notification.devices[0].pushkey", equalTo(s.pushkey()));
        var down = gateway.stubFor(post(urlEqualTo(NOTIFY)).atPriority(1).withRequestBody(body)
                .willReturn(aResponse().withStatus(502)));
        String first = rooms.send(s.ann(), s.room(), "one");
        String second = rooms.send(s.ann(), s.room(), "two");
        waitFor("a failed attempt", () -> !forEvent(s.pushkey(), first).isEmpty());
        // While the gateway is down, ben reads both messages on another device.
        var receipt = node.client().post(RoomSteps.path(s.room(), "/receipt/m.read/" + java.net.URLEncoder.encode(second,
                java.nio.charset.StandardCharsets.UTF_8)), s.ben().accessToken(), Json.object());
        assertThat(receipt.status()).as(receipt.body()).isEqualTo(200);
        gateway.removeStub(down);
        String third = rooms.send(s.ann(), s.room(), "three");
        waitFor("the unread message's delivery", () -> !forEvent(s.pushkey(), third).isEmpty());
        assertThat(forEvent(s.pushkey(), second)).as("read before it could be pushed").isEmpty();
        assertThat(forEvent(s.pushkey(), third).get(0).path("notification").path("counts").path("unread").asInt())
                .isEqualTo(1);
    }

    @Test
    void redactedEventsShouldNotBePushed() throws Exception {
        Setup s = setup(null);
        var body = matchingJsonPath("$.notification.devices[0].pushkey", equalTo(s.pushkey()));
        var down = gateway.stubFor(post(urlEqualTo(NOTIFY)).atPriority(1).withRequestBody(body)
                .willReturn(aResponse().withStatus(503)));
        String regretted = rooms.send(s.ann(), s.room(), "something regrettable");
        waitFor("a failed attempt", () -> !forEvent(s.pushkey(), regretted).isEmpty());
        var redact = node.client().put(RoomSteps.path(s.room(), "/redact/" + java.net.URLEncoder.encode(regretted,
                java.nio.charset.StandardCharsets.UTF_8) + "/r" + System.nanoTime()), s.ann().accessToken(), Json.object());
        assertThat(redact.status()).as(redact.body()).isEqualTo(200);
        gateway.removeStub(down);
        String next = rooms.send(s.ann(), s.room(), "never mind");
        waitFor("the next message's delivery", () -> !forEvent(s.pushkey(), next).isEmpty());
        long deliveredRegretted = gateway.getAllServeEvents().stream()
                .filter(e -> e.getResponse().getStatus() == 200)
                .filter(e -> e.getRequest().getBodyAsString().contains(regretted)).count();
        assertThat(deliveredRegretted).as("the redacted event's content never reached the gateway").isZero();
    }

    @Test
    void hangingGatewayShouldTimeOutAndBeRetried() throws Exception {
        Setup s = setup(null);
        String scenario = "hanging-" + s.pushkey();
        var body = matchingJsonPath("$.notification.devices[0].pushkey", equalTo(s.pushkey()));
        gateway.stubFor(post(urlEqualTo(NOTIFY)).atPriority(1).withRequestBody(body).inScenario(scenario)
                .whenScenarioStateIs(Scenario.STARTED).willReturn(okJson("{}").withFixedDelay(4_000)).willSetStateTo("awake"));
        gateway.stubFor(post(urlEqualTo(NOTIFY)).atPriority(1).withRequestBody(body).inScenario(scenario)
                .whenScenarioStateIs("awake").willReturn(okJson("{}")));
        String event = rooms.send(s.ann(), s.room(), "are you there?");
        waitFor("a second attempt after the timeout", () -> forEvent(s.pushkey(), event).size() >= 2);
    }

    @Test
    void invalidPusherBodiesShouldBeRefused() {
        var who = user("pbad");
        ObjectNode missing = pusherBody("k", url());
        missing.remove("app_display_name");
        assertError(who, missing, "M_MISSING_PARAM");
        ObjectNode noUrl = pusherBody("k", url());
        ((ObjectNode) noUrl.get("data")).remove("url");
        assertError(who, noUrl, "M_MISSING_PARAM");
        assertError(who, pusherBody("k", "https://push.example.org/wrong/path"), "M_INVALID_PARAM");
        assertError(who, pusherBody("k", "ftp://push.example.org" + NOTIFY), "M_INVALID_PARAM");
        assertError(who, pusherBody("k", "not a url at all"), "M_INVALID_PARAM");
        assertError(who, pusherBody("k", url()).put("kind", "carrier-pigeon"), "M_INVALID_PARAM");
        assertError(who, pusherBody("k".repeat(513), url()), "M_INVALID_PARAM");
        assertError(who, pusherBody("k", url()).put("app_id", "a".repeat(65)), "M_INVALID_PARAM");
        ObjectNode dataNotObject = pusherBody("k", url());
        dataNotObject.put("data", "x");
        assertError(who, dataNotObject, "M_INVALID_PARAM");
        assertThat(pushers(who)).isEmpty();
    }

    private void assertError(TestClient.Account who, ObjectNode body, String errcode) {
        var res = node.client().post("/_matrix/client/v3/pushers/set", who.accessToken(), body);
        assertThat(res.status()).as(res.body()).isEqualTo(400);
        assertThat(res.errcode()).as(res.body()).isEqualTo(errcode);
    }

    @Test
    void pushersShouldBeListedUpdatedAndDeletedWithKindNull() {
        var who = user("plist");
        setPusher(who, pusherBody("k1", url()));
        setPusher(who, pusherBody("k1", url()).put("device_display_name", "Tablet"));
        setPusher(who, pusherBody("k2", url()).put("profile_tag", "work"));
        JsonNode list = pushers(who);
        assertThat(list).hasSize(2);
        assertThat(list.get(0).path("device_display_name").asText()).isEqualTo("Tablet");
        assertThat(list.get(0).path("data").path("url").asText()).isEqualTo(url());
        assertThat(list.get(1).path("profile_tag").asText()).isEqualTo("work");
        ObjectNode delete = Json.object().put("app_id", "org.example.app").put("pushkey", "k1");
        delete.putNull("kind");
        setPusher(who, delete);
        assertThat(pushers(who)).hasSize(1);
        assertThat(pushers(who).get(0).path("pushkey").asText()).isEqualTo("k2");
    }

    @Test
    void samePushkeyShouldMoveToTheNewUserUnlessAppending() {
        var ann = user("pshare");
        var ben = user("pshare");
        var cal = user("pshare");
        String key = fresh("shared");
        setPusher(ann, pusherBody(key, url()));
        setPusher(ben, pusherBody(key, url()).put("append", true));
        assertThat(pushers(ann)).hasSize(1);
        assertThat(pushers(ben)).hasSize(1);
        setPusher(cal, pusherBody(key, url()));
        assertThat(pushers(ann)).isEmpty();
        assertThat(pushers(ben)).isEmpty();
        assertThat(pushers(cal)).hasSize(1);
    }

    @Test
    void logoutShouldRemoveTheDevicesPushers() {
        var who = user("plogout");
        var login = node.client().login(who.userId(), who.password(), "SECOND");
        assertThat(login.status()).as(login.body()).isEqualTo(200);
        String second = login.json().path("access_token").asText();
        var res = node.client().post("/_matrix/client/v3/pushers/set", second, pusherBody("on-second", url()));
        assertThat(res.status()).as(res.body()).isEqualTo(200);
        setPusher(who, pusherBody("on-first", url()));
        assertThat(pushers(who)).hasSize(2);
        assertThat(node.client().post("/_matrix/client/v3/logout", second, Json.object()).status()).isEqualTo(200);
        JsonNode left = pushers(who);
        assertThat(left).hasSize(1);
        assertThat(left.get(0).path("pushkey").asText()).isEqualTo("on-first");
    }
}

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
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lightweb.core.Json;

/**
 * Pusher delivery across restarts: the delivery position is in the database, so a notification the gateway has not
 * taken yet is tried again by the restarted node, and one it took is not sent again.
 */
class PusherRestartIT {
    static final String NOTIFY = "/_matrix/push/v1/notify";

    @RegisterExtension
    @Order(1)
    static final WireMockExtension gateway = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    @RegisterExtension
    @Order(2)
    static final TestNode node = TestNode.create(c -> c.putObject("pushers").put("allow_private_destinations", true).put("retry_initial_backoff", "50ms")
            .put("retry_max_backoff", "200ms").put("max_attempts", 1000));

    private long attempts(String eventId) {
        return gateway.findAll(postRequestedFor(urlEqualTo(NOTIFY))
                .withRequestBody(matchingJsonPath("$.notification.event_id", equalTo(eventId)))).size();
    }

    private static void waitFor(String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.currentTimeMillis() + 30_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > end) throw new AssertionError("timed out waiting for " + what);
            Thread.sleep(50);
        }
    }

    @Test
    void deliveryShouldResumeAfterARestartWithoutRepeatingWhatWasDelivered() throws Exception {
        RoomSteps rooms = new RoomSteps(node.client());
        var ann = node.client().register("rsann", "password123");
        var ben = node.client().register("rsben", "password123");
        String room = rooms.createRoom(ann, "public_chat");
        rooms.join(ben, room);
        ObjectNode pusher = Json.object().put("kind", "http").put("app_id", "org.example.app").put("pushkey", "restart-key")
                .put("app_display_name", "Example").put("device_display_name", "Phone").put("lang", "en");
        pusher.putObject("data").put("url", "http://127.0.0.1:" + gateway.getPort() + NOTIFY);
        assertThat(node.client().post("/_matrix/client/v3/pushers/set", ben.accessToken(), pusher).status()).isEqualTo(200);
        var down = gateway.stubFor(post(urlEqualTo(NOTIFY)).willReturn(aResponse().withStatus(503)));

        String first = rooms.send(ann, room, "while the gateway is down");
        waitFor("a failed attempt", () -> attempts(first) > 0);
        node.restart();
        long before = attempts(first);
        waitFor("an attempt by the restarted node", () -> attempts(first) > before);

        gateway.removeStub(down);
        gateway.stubFor(post(urlEqualTo(NOTIFY)).willReturn(okJson("{}")));
        rooms = new RoomSteps(node.client());
        String second = rooms.send(ann, room, "the gateway is back");
        waitFor("the second message", () -> attempts(second) == 1);

        node.restart();
        rooms = new RoomSteps(node.client());
        String third = rooms.send(ann, room, "after another restart");
        waitFor("the third message", () -> attempts(third) == 1);
        assertThat(attempts(second)).as("delivered once, not again after the restart").isEqualTo(1);
        JsonNode pushers = node.client().get("/_matrix/client/v3/pushers", ben.accessToken()).json().path("pushers");
        assertThat(pushers).hasSize(1);
    }
}

package org.lightweb.appservice.kit;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lightweb.core.Json;

class AsClientTest {
    @RegisterExtension
    static WireMockExtension hs = WireMockExtension.newInstance()
            .options(com.github.tomakehurst.wiremock.core.WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"))
            .build();

    AsClient client() { return new AsClient(URI.create(hs.baseUrl()), "as-secret", Duration.ofSeconds(5)); }

    @Test
    void callsShouldCarryTheAsTokenAndMasqueradeWhenActingAsAUser() throws Exception {
        hs.stubFor(put(urlPathMatching("/_matrix/client/v3/rooms/.*/send/m.room.message/.*"))
                .willReturn(okJson("{\"event_id\":\"$e\"}")));
        String id = client().as("@_bridge_bob:example.org").sendNotice("!r:example.org", "hi", "<b>hi</b>")
                .toCompletableFuture().get(10, SECONDS);
        assertThat(id).isEqualTo("$e");
        hs.verify(putRequestedFor(urlPathMatching("/_matrix/client/v3/rooms/%21r%3Aexample.org/send/m.room.message/.*"))
                .withHeader("Authorization", equalTo("Bearer as-secret"))
                .withQueryParam("user_id", equalTo("@_bridge_bob:example.org"))
                .withRequestBody(matchingJsonPath("$.msgtype", equalTo("m.notice")))
                .withRequestBody(matchingJsonPath("$.formatted_body", equalTo("<b>hi</b>"))));
    }

    @Test
    void registerUserShouldUseTheAppserviceTypeAndTolerateAnExistingUser() throws Exception {
        hs.stubFor(post("/_matrix/client/v3/register").willReturn(jsonResponse(
                "{\"errcode\":\"M_USER_IN_USE\",\"error\":\"taken\"}", 400)));
        client().registerUser("admin").toCompletableFuture().get(10, SECONDS);
        hs.verify(postRequestedFor(urlEqualTo("/_matrix/client/v3/register"))
                .withRequestBody(matchingJsonPath("$.type", equalTo("m.login.application_service")))
                .withRequestBody(matchingJsonPath("$.username", equalTo("admin"))));
    }

    @Test
    void getAccountDataShouldBeEmptyWhenHomeserverAnswers404() throws Exception {
        hs.stubFor(get(urlPathMatching("/_matrix/client/v3/user/.*/account_data/.*")).willReturn(jsonResponse(
                "{\"errcode\":\"M_NOT_FOUND\",\"error\":\"none\"}", 404)));
        assertThat(client().getAccountData("@admin:example.org", "org.x").toCompletableFuture().get(10, SECONDS)).isEmpty();
    }

    @Test
    void callShouldFailWithTheMatrixErrorWhenHomeserverRefuses() {
        hs.stubFor(post("/_matrix/client/v3/createRoom").willReturn(jsonResponse(
                "{\"errcode\":\"M_FORBIDDEN\",\"error\":\"no\"}", 403)));
        assertThatThrownBy(() -> client().createRoom(Json.object()).toCompletableFuture().get(10, SECONDS))
                .isInstanceOf(ExecutionException.class)
                .satisfies(e -> {
                    MatrixCallException m = AsClient.unwrap(e);
                    assertThat(m.status()).isEqualTo(403);
                    assertThat(m.errcode()).isEqualTo("M_FORBIDDEN");
                });
    }

    @Test
    void callShouldFailWithStatusZeroWhenHomeserverIsUnreachable() {
        AsClient dead = new AsClient(URI.create("http://127.0.0.1:1"), "t", Duration.ofSeconds(2));
        assertThatThrownBy(() -> dead.call("GET", "/x", null).toCompletableFuture().get(10, SECONDS))
                .satisfies(e -> assertThat(AsClient.unwrap(e).status()).isZero());
    }
}

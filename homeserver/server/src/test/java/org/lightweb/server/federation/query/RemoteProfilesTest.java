package org.lightweb.server.federation.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.lightweb.core.Json;
import org.lightweb.core.MatrixException;
import org.lightweb.core.ServerName;
import org.lightweb.core.UserId;
import org.lightweb.server.federation.client.FederationClient;

class RemoteProfilesTest {
    private static final UserId BOB = UserId.of("bob", new ServerName("nelson"));

    private static final class Client implements FederationClient {
        final List<String> calls = new ArrayList<>();
        Supplier<Future<JsonNode>> answer;

        @Override
        public Future<JsonNode> request(String method, String destination, String path, Map<String, String> query, JsonNode body) {
            calls.add(method + " " + destination + " " + path + " " + query + (body == null ? "" : " " + body));
            return answer.get();
        }
    }

    private static <T> T result(Future<T> f) {
        assertThat(f.isComplete()).isTrue();
        if (f.failed()) throw (RuntimeException) f.cause();
        return f.result();
    }

    @Test
    void profileShouldBeAskedOfTheUsersServerOnceWhileCached() {
        Client client = new Client();
        client.answer = () -> Future.succeededFuture(Json.object().put("displayname", "Bob"));
        RemoteProfiles profiles = new RemoteProfiles(client, Duration.ofMinutes(1), 100);
        assertThat(result(profiles.profile(BOB)).path("displayname").asText()).isEqualTo("Bob");
        assertThat(result(profiles.profile(BOB)).path("displayname").asText()).isEqualTo("Bob");
        assertThat(client.calls).containsExactly("GET nelson /_matrix/federation/v1/query/profile {user_id=@bob:nelson}");
    }

    @Test
    void profileShouldBeNotFoundWhenTheServerSaysSoAnd502WhenItCannotBeReached() {
        Client client = new Client();
        client.answer = () -> Future.failedFuture(new FederationClient.RemoteError("nelson", 404, "M_NOT_FOUND", "no"));
        RemoteProfiles profiles = new RemoteProfiles(client, Duration.ofMinutes(1), 100);
        assertThat(((MatrixException) profiles.profile(BOB).cause()).status()).isEqualTo(404);
        client.answer = () -> Future.failedFuture(new FederationClient.Unreachable("nelson", "down", null));
        assertThat(((MatrixException) profiles.profile(BOB).cause()).status()).isEqualTo(502);
    }

    @Test
    void remoteKeysShouldPostToTheUsersServerAndFailOnAnError() {
        Client client = new Client();
        client.answer = () -> Future.succeededFuture(Json.object().set("device_keys", Json.object()));
        FederatedRemoteKeys keys = new FederatedRemoteKeys(client);
        ObjectNode q = Json.object();
        q.putObject("device_keys").putArray("@bob:nelson");
        assertThat(result(keys.query("nelson", q)).has("device_keys")).isTrue();
        assertThat(client.calls.get(0)).startsWith("POST nelson /_matrix/federation/v1/user/keys/query");
        client.answer = () -> Future.failedFuture(new FederationClient.Unreachable("nelson", "down", null));
        assertThat(keys.claim("nelson", q).failed()).isTrue();
        assertThat(client.calls.get(1)).startsWith("POST nelson /_matrix/federation/v1/user/keys/claim");
    }

    @Test
    void hierarchyShouldAskTheViaServersInTurnAndSkipTheRoomWhenNoneShowsIt() {
        Client client = new Client();
        List<String> asked = new ArrayList<>();
        client.answer = () -> {
            asked.add("x");
            return asked.size() == 1 ? Future.failedFuture(new FederationClient.Unreachable("a", "down", null))
                    : Future.succeededFuture(Json.object().set("room", Json.object().put("room_id", "!r:b")));
        };
        FederatedHierarchy hierarchy = new FederatedHierarchy(new ServerName("kaslo"), client);
        var found = result(hierarchy.summary(BOB, "!r:b", List.of("kaslo", "a", "b"), false));
        assertThat(found).isPresent();
        assertThat(found.get().path("room_id").asText()).isEqualTo("!r:b");
        assertThat(client.calls).hasSize(2);
        assertThat(client.calls.get(0)).startsWith("GET a /_matrix/federation/v1/hierarchy/%21r%3Ab");
        client.answer = () -> Future.failedFuture(new FederationClient.RemoteError("b", 404, "M_NOT_FOUND", "no"));
        assertThat(result(hierarchy.summary(BOB, "!r:b", List.of("b"), false))).isEmpty();
    }
}

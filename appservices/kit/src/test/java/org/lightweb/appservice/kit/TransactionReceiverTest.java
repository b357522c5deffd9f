package org.lightweb.appservice.kit;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lightweb.core.Json;

class TransactionReceiverTest {
    static final String TXN = "{\"events\":[{\"type\":\"m.room.message\",\"event_id\":\"$1\"}],\"ephemeral\":[{\"type\":\"m.typing\"}]}";
    final HttpClient http = HttpClient.newHttpClient();
    final List<String> delivered = new CopyOnWriteArrayList<>();
    final AtomicInteger failNext = new AtomicInteger();
    Vertx vertx;
    TransactionReceiver receiver;
    int port;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        receiver = new TransactionReceiver(vertx, "hs-secret", new TransactionReceiver.Listener() {
            @Override public CompletionStage<Void> onTransaction(String txnId, TransactionReceiver.Transaction txn) {
                if (failNext.getAndSet(0) > 0) return CompletableFuture.failedFuture(new IllegalStateException("boom"));
                delivered.add(txnId + ":" + txn.events().size() + "/" + txn.ephemeral().size());
                return CompletableFuture.completedFuture(null);
            }
            @Override public CompletionStage<Boolean> queryUser(String userId) {
                return CompletableFuture.completedFuture(userId.equals("@bridged:example.org"));
            }
        });
        port = receiver.listen("127.0.0.1", 0).toCompletionStage().toCompletableFuture().get(10, SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        receiver.close().toCompletionStage().toCompletableFuture().get(10, SECONDS);
        vertx.close().toCompletionStage().toCompletableFuture().get(10, SECONDS);
    }

    HttpResponse<String> send(String method, String path, String auth, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (auth != null) b.header("Authorization", "Bearer " + auth);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void transactionShouldBeDeliveredOnceWhenHomeserverRetriesTheSameTxnId() throws Exception {
        var first = send("PUT", "/_matrix/app/v1/transactions/t1", "hs-secret", TXN);
        var retry = send("PUT", "/_matrix/app/v1/transactions/t1", "hs-secret", TXN);
        var next = send("PUT", "/_matrix/app/v1/transactions/t2", "hs-secret", TXN);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).isEqualTo("{}");
        assertThat(retry.statusCode()).isEqualTo(200);
        assertThat(next.statusCode()).isEqualTo(200);
        assertThat(delivered).containsExactly("t1:1/1", "t2:1/1");
    }

    @Test
    void transactionShouldBeDeliveredAgainWhenTheFirstDeliveryFailed() throws Exception {
        failNext.set(1);
        var failed = send("PUT", "/_matrix/app/v1/transactions/t9", "hs-secret", TXN);
        var retry = send("PUT", "/_matrix/app/v1/transactions/t9", "hs-secret", TXN);
        assertThat(failed.statusCode()).isEqualTo(500);
        assertThat(retry.statusCode()).isEqualTo(200);
        assertThat(delivered).containsExactly("t9:1/1");
    }

    @Test
    void transactionShouldBeRefusedWith401WhenNoTokenIsGiven() throws Exception {
        var res = send("PUT", "/_matrix/app/v1/transactions/t1", null, TXN);
        assertThat(res.statusCode()).isEqualTo(401);
        assertThat(Json.parse(res.body()).path("errcode").asText()).isEqualTo("M_UNAUTHORIZED");
        assertThat(delivered).isEmpty();
    }

    @Test
    void transactionShouldBeRefusedWith403WhenTokenIsWrong() throws Exception {
        var res = send("PUT", "/_matrix/app/v1/transactions/t1", "not-it", TXN);
        var legacy = send("PUT", "/_matrix/app/v1/transactions/t1?access_token=not-it", null, TXN);
        var mixed = send("PUT", "/_matrix/app/v1/transactions/t1?access_token=not-it", "hs-secret", TXN);
        for (var r : List.of(res, legacy, mixed)) {
            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(Json.parse(r.body()).path("errcode").asText()).isEqualTo("M_FORBIDDEN");
        }
        assertThat(delivered).isEmpty();
    }

    @Test
    void transactionShouldBeAcceptedWhenTokenComesAsLegacyQueryParameter() throws Exception {
        var res = send("PUT", "/_matrix/app/v1/transactions/t3?access_token=hs-secret", null, TXN);
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(delivered).containsExactly("t3:1/1");
    }

    @Test
    void transactionShouldAnswerNotJsonWhenBodyIsGarbage() throws Exception {
        var res = send("PUT", "/_matrix/app/v1/transactions/t4", "hs-secret", "{nope");
        assertThat(res.statusCode()).isEqualTo(400);
        assertThat(Json.parse(res.body()).path("errcode").asText()).isEqualTo("M_NOT_JSON");
    }

    @Test
    void pingAndQueriesShouldAnswerAsTheSpecSaysWhenAuthorised() throws Exception {
        assertThat(send("POST", "/_matrix/app/v1/ping", "hs-secret", "{\"transaction_id\":\"p\"}").statusCode()).isEqualTo(200);
        assertThat(send("GET", "/_matrix/app/v1/users/%40bridged%3Aexample.org", "hs-secret", null).statusCode()).isEqualTo(200);
        var unknownUser = send("GET", "/_matrix/app/v1/users/%40other%3Aexample.org", "hs-secret", null);
        assertThat(unknownUser.statusCode()).isEqualTo(404);
        assertThat(send("GET", "/_matrix/app/v1/rooms/%23any%3Aexample.org", "hs-secret", null).statusCode()).isEqualTo(404);
        assertThat(send("GET", "/_matrix/app/v1/nothing", "hs-secret", null).statusCode()).isEqualTo(404);
    }
}

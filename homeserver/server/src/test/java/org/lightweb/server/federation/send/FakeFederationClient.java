package org.lightweb.server.federation.send;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.lightweb.core.Json;
import org.lightweb.server.federation.client.FederationClient;

/** Records every request; answers {} unless a destination was given another behaviour (fail, hang, ...). */
final class FakeFederationClient implements FederationClient {
    record Request(String method, String destination, String path, JsonNode body) {}

    final LinkedBlockingQueue<Request> requests = new LinkedBlockingQueue<>();
    private final Map<String, Function<Request, Future<JsonNode>>> behaviour = new ConcurrentHashMap<>();

    void answer(String destination, Function<Request, Future<JsonNode>> how) { behaviour.put(destination, how); }

    void unreachable(String destination) {
        answer(destination, r -> Future.failedFuture(new Unreachable(destination, "connection refused", null)));
    }

    void healthy(String destination) { behaviour.remove(destination); }

    @Override
    public Future<JsonNode> request(String method, String destination, String path, Map<String, String> query, JsonNode body) {
        Request r = new Request(method, destination, path, body);
        requests.add(r);
        var how = behaviour.get(destination);
        return how == null ? Future.succeededFuture(Json.object().putObject("pdus")) : how.apply(r);
    }

    /** The next request, waiting up to 5 seconds; fails the test when none comes. */
    Request next() {
        try {
            Request r = requests.poll(5, TimeUnit.SECONDS);
            if (r == null) throw new AssertionError("no federation request within 5 s");
            return r;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The next request if one comes within {@code millis}, else null. */
    Request poll(long millis) {
        try {
            return requests.poll(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

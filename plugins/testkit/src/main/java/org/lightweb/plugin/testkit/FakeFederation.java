package org.lightweb.plugin.testkit;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.lightweb.plugin.Federation;

/**
 * Server-server requests: recorded, and answered with what the test set per destination, method and path. A
 * request nobody set an answer for fails with {@link IOException}, as an unreachable server does.
 */
public final class FakeFederation implements Federation {
    /** A request the plugin made. */
    public record Request(String destination, String method, String path, Map<String, Object> body) {}

    /** Answers a request (may throw IOException, as a server that does not answer). */
    @FunctionalInterface
    public interface Answer {
        Response answer(Request request) throws IOException;
    }

    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final List<Request> requests = new ArrayList<>();

    /** Answers {@code method path} to {@code destination} with {@code status} and {@code json}. */
    public FakeFederation answer(String destination, String method, String path, int status, Map<String, Object> json) {
        return answer(destination, method, path, r -> new Response(status, json));
    }

    /** Answers {@code method path} to {@code destination} with a function. */
    public FakeFederation answer(String destination, String method, String path, Answer answer) {
        answers.put(key(destination, method, path), answer);
        return this;
    }

    /** Answers every request to {@code destination} (that no method-and-path answer covers) with a function. */
    public FakeFederation answerAll(String destination, Answer answer) {
        answers.put(destination, answer);
        return this;
    }

    /** Makes every request to {@code destination} fail as unreachable. */
    public FakeFederation unreachable(String destination) {
        answers.put(destination, r -> { throw new IOException("cannot reach " + destination); });
        return this;
    }

    /** The requests made so far, in order. */
    public synchronized List<Request> requests() { return List.copyOf(requests); }

    @Override
    public Response request(String destination, String method, String path, Map<String, Object> body) throws IOException {
        Request r = new Request(destination, method, path, body);
        synchronized (this) {
            requests.add(r);
        }
        Answer a = answers.get(key(destination, method, path));
        if (a == null) a = answers.get(destination);
        if (a == null) throw new IOException("no answer set for " + method + " " + path + " at " + destination);
        return a.answer(r);
    }

    private static String key(String destination, String method, String path) {
        return destination + " " + method + " " + path;
    }
}

package org.lightweb.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A node in a process of its own (`Main run --config`), for tests that signal or kill it; its output appended to a log file. */
final class NodeProcess {
    private NodeProcess() {
    }

    /** Starts the node in {@code dir} with this test's class path and {@code jvmArgs}. */
    static Process start(Path config, Path dir, Path log, String... jvmArgs) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(List.of(jvmArgs));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "org.lightweb.server.Main", "run", "--config", config.toString()));
        return new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    /** Waits (60 s at most) until {@code base} answers /versions; fails at once if the process exits. */
    static void awaitUp(String base, Process node) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        CrashIT.eventually("the node answers", Duration.ofSeconds(60), () -> {
            if (!node.isAlive()) throw new AssertionError("node exited early with " + node.exitValue());
            try {
                return http.send(HttpRequest.newBuilder(URI.create(base + "/_matrix/client/versions")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
            } catch (IOException notYet) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
    }
}

package org.lightweb.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs node:test files of homeserver/it/js (matrix-js-sdk clients) or of another npm project under it (e.g.
 * js/appservice, matrix-bot-sdk) and asserts they all passed. Skipped without Node 20+ and {@code npm ci} there,
 * unless LIGHTWEB_REQUIRE_CLIENT_TESTS=1 (scripts/test sets it).
 */
final class NodeTests {
    private static final String REQUIRE = "LIGHTWEB_REQUIRE_CLIENT_TESTS";

    private NodeTests() {}

    /** The js directory (the test files' paths are relative to it). */
    static Path dir() {
        return ExternalTool.repoRoot().resolve("homeserver/it/js");
    }

    /** Runs {@code files} with {@code env} (plus NO_COLOR) for at most {@code timeout}; fails unless all passed. */
    static ExternalTool.Result run(List<String> files, Map<String, String> env, Duration timeout) {
        return run(dir(), "matrix-js-sdk", files, env, timeout);
    }

    /** Like {@link #run(List, Map, Duration)}, in the npm project {@code js} whose dependency {@code module} it needs. */
    static ExternalTool.Result run(Path js, String module, List<String> files, Map<String, String> env, Duration timeout) {
        var nodeBin = ExternalTool.onPath("node");
        ExternalTool.requireOrSkip(nodeBin.isPresent(), REQUIRE, "node (Node.js 20+) is not on the PATH");
        ExternalTool.requireOrSkip(Files.isDirectory(js.resolve("node_modules/" + module)), REQUIRE,
                module + " is not installed: run 'npm ci' in " + js);
        // --test-force-exit: the SDK's stopped clients can leave timers behind that would hold the process for minutes.
        List<String> command = new ArrayList<>(List.of(nodeBin.get().toString(), "--test", "--test-force-exit"));
        command.addAll(files);
        Map<String, String> all = new HashMap<>(env);
        all.put("NO_COLOR", "1");
        var result = ExternalTool.run(command, js, all, timeout);
        assertThat(result.exitCode()).withFailMessage(result::describe).isZero();
        assertThat(result.output()).withFailMessage(result::describe).contains("# fail 0").doesNotContain("# pass 0");
        return result;
    }
}

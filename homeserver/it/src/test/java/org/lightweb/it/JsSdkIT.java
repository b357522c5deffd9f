package org.lightweb.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A real client against a real node: the node:test suite in homeserver/it/js drives matrix-js-sdk (the SDK of
 * Element Web) through registration, login and whoami. Needs Node 20+ and {@code npm ci} in homeserver/it/js;
 * without them the test is skipped, unless LIGHTWEB_REQUIRE_CLIENT_TESTS=1 (scripts/test sets it).
 */
class JsSdkIT {
    private static final String REQUIRE = "LIGHTWEB_REQUIRE_CLIENT_TESTS";

    @RegisterExtension
    static final TestNode node = TestNode.create();

    @Test
    void matrixJsSdkShouldRegisterLogInAndFindItselfWhenTalkingToTheNode() throws IOException {
        Path js = ExternalTool.repoRoot().resolve("homeserver/it/js");
        var nodeBin = ExternalTool.onPath("node");
        ExternalTool.requireOrSkip(nodeBin.isPresent(), REQUIRE, "node (Node.js 20+) is not on the PATH");
        ExternalTool.requireOrSkip(Files.isDirectory(js.resolve("node_modules/matrix-js-sdk")), REQUIRE,
                "matrix-js-sdk is not installed: run 'npm ci' in " + js);

        // --test-force-exit: the SDK's stopped clients can leave timers behind that would hold the process for minutes.
        List<String> command = new ArrayList<>(List.of(nodeBin.get().toString(), "--test", "--test-force-exit"));
        command.addAll(testFiles(js.resolve("test")));   // files, not a directory: Node 21+ reads globs there

        var result = ExternalTool.run(command, js, Map.of("LIGHTWEB_BASE_URL", node.baseUrl(), "NO_COLOR", "1"),
                Duration.ofMinutes(3));

        assertThat(result.exitCode()).withFailMessage(result::describe).isZero();
        assertThat(result.output()).withFailMessage(result::describe).contains("# fail 0").doesNotContain("# pass 0");
    }

    /** The suite's files, relative to the js directory, in a stable order. */
    private static List<String> testFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            List<String> found = files.map(f -> "test/" + f.getFileName()).filter(f -> f.endsWith(".test.js"))
                    .sorted().toList();
            assertThat(found).as("test files in " + dir).isNotEmpty();
            return found;
        }
    }
}

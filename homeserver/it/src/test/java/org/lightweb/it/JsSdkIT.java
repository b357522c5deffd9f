package org.lightweb.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
    @RegisterExtension
    static final TestNode node = TestNode.create();

    @Test
    void matrixJsSdkShouldRegisterLogInAndFindItselfWhenTalkingToTheNode() throws IOException {
        NodeTests.run(testFiles(NodeTests.dir().resolve("test")), Map.of("LIGHTWEB_BASE_URL", node.baseUrl()),
                Duration.ofMinutes(3));
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

package org.lightweb.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Real clients on two federating nodes: homeserver/it/js/federation/e2ee.test.js runs one matrix-js-sdk client with
 * Rust crypto on each node (LIGHTWEB_BASE_URL and LIGHTWEB_BASE_URL_B) and has them exchange end-to-end encrypted
 * messages in a room that spans both. Skipped without Node and {@code npm ci}, like {@link JsSdkIT}, unless
 * LIGHTWEB_REQUIRE_CLIENT_TESTS=1 (scripts/test sets it).
 */
class JsSdkFederationIT {
    private static final String REQUIRE = "LIGHTWEB_REQUIRE_CLIENT_TESTS";

    @RegisterExtension
    static final TestNode kaslo = FederatingNodes.node();

    @RegisterExtension
    static final TestNode nelson = FederatingNodes.node();

    @Test
    void matrixJsSdkClientsOnTwoNodesShouldDecryptEachOthersMessages() {
        Path js = ExternalTool.repoRoot().resolve("homeserver/it/js");
        var nodeBin = ExternalTool.onPath("node");
        ExternalTool.requireOrSkip(nodeBin.isPresent(), REQUIRE, "node (Node.js 20+) is not on the PATH");
        ExternalTool.requireOrSkip(Files.isDirectory(js.resolve("node_modules/matrix-js-sdk")), REQUIRE,
                "matrix-js-sdk is not installed: run 'npm ci' in " + js);

        List<String> command = List.of(nodeBin.get().toString(), "--test", "--test-force-exit",
                "federation/e2ee.test.js");
        var result = ExternalTool.run(command, js, Map.of("LIGHTWEB_BASE_URL", kaslo.baseUrl(),
                "LIGHTWEB_BASE_URL_B", nelson.baseUrl(), "NO_COLOR", "1"), Duration.ofMinutes(3));

        assertThat(result.exitCode()).withFailMessage(result::describe).isZero();
        assertThat(result.output()).withFailMessage(result::describe).contains("# fail 0").doesNotContain("# pass 0");
    }
}

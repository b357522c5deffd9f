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
 * matrix-nio (Python) against a real node: a sync loop receives another client's messages. Needs a Python with
 * matrix-nio, named by LIGHTWEB_NIO_PYTHON (.ci/run makes one); skipped without it unless
 * LIGHTWEB_REQUIRE_CLIENT_TESTS=1.
 */
class NioIT {
    private static final String REQUIRE = "LIGHTWEB_REQUIRE_CLIENT_TESTS";

    @RegisterExtension
    static final TestNode node = TestNode.create();

    @Test
    void matrixNioSyncLoopShouldReceiveMessagesWhenAnotherClientSpeaks() {
        String python = System.getenv("LIGHTWEB_NIO_PYTHON");
        ExternalTool.requireOrSkip(python != null && Files.isExecutable(Path.of(python)), REQUIRE,
                "LIGHTWEB_NIO_PYTHON does not name a Python with matrix-nio (see homeserver/it/python/requirements.txt)");
        Path dir = ExternalTool.repoRoot().resolve("homeserver/it/python");
        var result = ExternalTool.run(List.of(python, "nio_sync_test.py"), dir,
                Map.of("LIGHTWEB_BASE_URL", node.baseUrl()), Duration.ofMinutes(3));
        assertThat(result.exitCode()).withFailMessage(result::describe).isZero();
        assertThat(result.output()).withFailMessage(result::describe).contains("nio: 1 passed, 0 failed");
    }
}

package org.lightweb.it;

import static org.assertj.core.api.Assertions.assertThat;

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
    @RegisterExtension
    static final TestNode kaslo = FederatingNodes.node();

    @RegisterExtension
    static final TestNode nelson = FederatingNodes.node();

    @Test
    void matrixJsSdkClientsOnTwoNodesShouldDecryptEachOthersMessages() {
        NodeTests.run(List.of("federation/e2ee.test.js"), Map.of("LIGHTWEB_BASE_URL", kaslo.baseUrl(),
                "LIGHTWEB_BASE_URL_B", nelson.baseUrl()), Duration.ofMinutes(3));
    }
}

package org.lightweb.it;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.function.Consumer;

/**
 * Test nodes that federate over loopback: the server name is {@code 127.0.0.1:<federation port>} (an IP literal
 * with a port, so no discovery is needed), the federation listener has a self-signed certificate, and only these
 * nodes accept private destinations and unverified certificates.
 */
final class FederatingNodes {
    private FederatingNodes() {}

    static TestNode node() {
        return node(c -> {});
    }

    static TestNode node(Consumer<ObjectNode> customise) {
        return node(freePort(), customise);
    }

    /** A node on a federation port chosen beforehand, for nodes whose configurations name each other. */
    static TestNode node(int port, Consumer<ObjectNode> customise) {
        return TestNode.named("127.0.0.1:" + port, c -> {
            ((ObjectNode) c.get("listeners")).putObject("federation")
                    .put("bind", "127.0.0.1").put("port", port).put("tls", "self_signed");
            c.putObject("federation").put("allow_private_destinations", true).put("verify_certificates", false);
            customise.accept(c);
        });
    }

    /** A port free now (a tiny race with other processes is accepted: tests run on one machine). */
    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

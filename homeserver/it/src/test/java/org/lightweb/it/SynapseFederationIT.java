package org.lightweb.it;

import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Interoperability with Synapse, the reference server: the flows of {@link FederationFlows} between a Lightweb node
 * and a real Synapse in both directions (a Lightweb room joined from Synapse, a Synapse room joined from Lightweb,
 * invites each way), ending with the same room state on both sides. Synapse comes from LIGHTWEB_SYNAPSE_BIN.
 */
class SynapseFederationIT extends FederationFlows {
    @RegisterExtension
    static final SynapseNode synapse = new SynapseNode();

    @RegisterExtension
    static final TestNode lightweb = FederatingNodes.node();

    @Override
    Side first() { return new Side("lightweb", lightweb.client(), lightweb.serverName()); }

    @Override
    Side second() { return new Side("synapse", synapse.client(), synapse.serverName()); }
}

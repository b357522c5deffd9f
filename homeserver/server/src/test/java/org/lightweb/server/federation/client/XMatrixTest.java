package org.lightweb.server.federation.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.lightweb.core.Json;
import org.lightweb.federation.protocol.JsonSigning;
import org.lightweb.federation.protocol.SigningKey;

class XMatrixTest {
    @Test
    void parseShouldReadQuotedAndBareValuesWhenParamsAreMixed() {
        var c = XMatrix.parse("X-Matrix origin=origin.example,Key=\"ed25519:a_1\", sig=\"ab\\\"c\", destination=\"dest:8448\"")
                .orElseThrow();
        assertThat(c.origin()).isEqualTo("origin.example");
        assertThat(c.key()).isEqualTo("ed25519:a_1");
        assertThat(c.sig()).isEqualTo("ab\"c");
        assertThat(c.destination()).isEqualTo("dest:8448");
    }

    @Test
    void parseShouldAcceptTheSchemeInAnyCaseAndNoDestinationWhenOldServersOmitIt() {
        var c = XMatrix.parse("x-matrix origin=\"a.example\",key=\"ed25519:k\",sig=\"s\"").orElseThrow();
        assertThat(c.destination()).isNull();
    }

    @Test
    void parseShouldRefuseWhenSchemeIsOtherOrParamsMissingOrQuoteUnclosed() {
        assertThat(XMatrix.parse("Bearer abc")).isEmpty();
        assertThat(XMatrix.parse("X-Matrix origin=\"a\",key=\"ed25519:k\"")).isEmpty();
        assertThat(XMatrix.parse("X-Matrix origin=\"a,key=\"ed25519:k\",sig=\"s\"")).isEmpty();
        assertThat(XMatrix.parse(null)).isEmpty();
    }

    @Test
    void parseAllShouldKeepOnlyXMatrixHeadersWhenSeveralAreSent() {
        assertThat(XMatrix.parseAll(List.of("Bearer x", "X-Matrix origin=a,key=ed25519:k,sig=s"))).hasSize(1);
    }

    @Test
    void authorizationShouldCarryASignatureOverMethodUriOriginDestinationAndContent() {
        SigningKey key = SigningKey.generate();
        var content = Json.object().put("a", 1);
        String header = XMatrix.authorization(key, "origin.example", "dest.example", "PUT", "/_matrix/x?y=1", content);
        var c = XMatrix.parse(header).orElseThrow();
        assertThat(c.origin()).isEqualTo("origin.example");
        assertThat(c.destination()).isEqualTo("dest.example");
        assertThat(c.key()).isEqualTo(key.keyId());
        var signed = XMatrix.signedObject("PUT", "/_matrix/x?y=1", "origin.example", "dest.example", content);
        signed.putObject("signatures").putObject("origin.example").put(c.key(), c.sig());
        assertThat(JsonSigning.verify(signed, "origin.example", java.util.Map.of(key.keyId(), key.publicKey()))).isTrue();
        var tampered = XMatrix.signedObject("PUT", "/_matrix/x?y=2", "origin.example", "dest.example", content);
        tampered.putObject("signatures").putObject("origin.example").put(c.key(), c.sig());
        assertThat(JsonSigning.verify(tampered, "origin.example", java.util.Map.of(key.keyId(), key.publicKey()))).isFalse();
    }
}

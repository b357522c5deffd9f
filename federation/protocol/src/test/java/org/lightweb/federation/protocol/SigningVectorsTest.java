package org.lightweb.federation.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The appendices' "Cryptographic Test Vectors": JSON signing and event signing with the spec's key. */
class SigningVectorsTest {
    private static final SigningKey KEY = SigningKey.parse("ed25519 1 YJDBA9Xnr2sVqXD9Vj7XVUnmFZcZrlw8Md7kMW+3XA1");

    private static ObjectNode json(String s) {
        return (ObjectNode) CanonicalJson.parse(s);
    }

    @Test
    void signShouldProduceTheSpecSignatureForTheEmptyObject() {
        ObjectNode signed = JsonSigning.sign(json("{}"), "domain", KEY);
        assertThat(signed.path("signatures").path("domain").path("ed25519:1").asText())
                .isEqualTo("K8280/U9SSy9IVtjBuVeLr+HpOB4BQFWbg+UZaADMtTdGYI7Geitb76LTrr5QV/7Xg4ahLwYGYZzuHGZKM5ZAQ");
        assertThat(JsonSigning.verify(signed, "domain", Map.of("ed25519:1", KEY.publicKey()))).isTrue();
    }

    @Test
    void signShouldProduceTheSpecSignatureForDataValues() {
        ObjectNode signed = JsonSigning.sign(json("{\"one\": 1, \"two\": \"Two\"}"), "domain", KEY);
        assertThat(signed.path("signatures").path("domain").path("ed25519:1").asText())
                .isEqualTo("KqmLSbO39/Bzb0QIYE82zqLwsA+PDzYIpIRA2sRQ4sL53+sN6/fpNSoqE7BP7vBZhG6kYdD13EIMJpvhJI+6Bw");
    }

    @Test
    void verifyShouldFailWhenDataChangesOrKeyIsUnknown() {
        ObjectNode signed = JsonSigning.sign(json("{\"one\": 1}"), "domain", KEY);
        assertThat(JsonSigning.verify(signed, "other", Map.of("ed25519:1", KEY.publicKey()))).isFalse();
        assertThat(JsonSigning.verify(signed, "domain", Map.of("ed25519:2", KEY.publicKey()))).isFalse();
        signed.put("one", 2);
        assertThat(JsonSigning.verify(signed, "domain", Map.of("ed25519:1", KEY.publicKey()))).isFalse();
    }

    @Test
    void hashAndSignEventShouldMatchTheSpecMinimalEvent() {
        ObjectNode event = json("""
                {"room_id": "!x:domain", "sender": "@a:domain", "origin": "domain", "origin_server_ts": 1000000,
                 "signatures": {}, "hashes": {}, "type": "X", "content": {}, "prev_events": [], "auth_events": [],
                 "depth": 3, "unsigned": {"age_ts": 1000000}}""");
        JsonSigning.hashAndSignEvent(event, RoomVersion.V10, "domain", KEY);
        assertThat(event.path("hashes").path("sha256").asText()).isEqualTo("5jM4wQpv6lnBo7CLIghJuHdW+s2CMBJPUOGOC89ncos");
        assertThat(event.path("signatures").path("domain").path("ed25519:1").asText())
                .isEqualTo("KxwGjPSDEtvnFgU00fwFz+l6d2pJM6XBIaMEn81SXPTRl16AqLAYqfIReFGZlHi5KLjAWbOoMszkwsQma+lYAg");
        assertThat(event.path("unsigned").path("age_ts").asLong()).isEqualTo(1000000);
        assertThat(EventHashes.contentHashMatches(event)).isTrue();
        assertThat(JsonSigning.verifyEvent(event, RoomVersion.V10, "domain", Map.of("ed25519:1", KEY.publicKey()))).isTrue();
    }

    @Test
    void hashAndSignEventShouldMatchTheSpecRedactableEvent() {
        ObjectNode event = json("""
                {"content": {"body": "Here is the message content"}, "event_id": "$0:domain", "origin": "domain",
                 "origin_server_ts": 1000000, "type": "m.room.message", "room_id": "!r:domain", "sender": "@u:domain",
                 "signatures": {}, "unsigned": {"age_ts": 1000000}}""");
        JsonSigning.hashAndSignEvent(event, RoomVersion.V10, "domain", KEY);
        assertThat(event.path("hashes").path("sha256").asText()).isEqualTo("onLKD1bGljeBWQhWZ1kaP9SorVmRQNdN5aM2JYU2n/g");
        assertThat(event.path("signatures").path("domain").path("ed25519:1").asText())
                .isEqualTo("Wm+VzmOUOz08Ds+0NTWb1d4CZrVsJSikkeRxh6aCcUwu6pNC78FunoD7KNWzqFn241eYHYMGCA5McEiVPdhzBA");
        // The signature covers the redacted event: it still verifies after the body is removed...
        ObjectNode redacted = Redaction.redact(event, RoomVersion.V10);
        assertThat(JsonSigning.verifyEvent(redacted, RoomVersion.V10, "domain", Map.of("ed25519:1", KEY.publicKey()))).isTrue();
        // ...but the content hash no longer matches.
        assertThat(EventHashes.contentHashMatches(redacted)).isFalse();
    }
}

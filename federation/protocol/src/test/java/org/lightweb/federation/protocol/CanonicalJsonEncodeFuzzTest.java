package org.lightweb.federation.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.lightweb.core.Json;

/**
 * The canonical JSON encoder fed what the client API reads (issue #15). One fuzz test per class: Jazzer fuzzes one
 * per JVM, and scripts/test forks a JVM per class. Seeds in {@code CanonicalJsonEncodeFuzzTestInputs}.
 */
class CanonicalJsonEncodeFuzzTest {
    /**
     * Trees from the project's lenient reader (client bodies: floats as doubles, any integer) encode or are refused
     * with {@link CanonicalJson.InvalidJsonException}; what encodes is canonical: the strict reader takes it back
     * unchanged, unless an integer is out of the canonical range (refused the same way).
     */
    @FuzzTest(maxDuration = "20s")
    void encodeShouldGiveCanonicalBytesOrRefuseWhenTreeComesFromTheLenientReader(byte[] input) {
        JsonNode lenient;
        try {
            lenient = Json.MAPPER.readTree(input);
        } catch (IOException | RuntimeException notJson) {
            return;   // the client API answers M_NOT_JSON before anything is encoded
        }
        if (lenient == null || lenient.isMissingNode()) return;
        byte[] encoded;
        try {
            encoded = CanonicalJson.encode(lenient);
        } catch (CanonicalJson.InvalidJsonException refused) {
            return;
        }
        JsonNode strict;
        try {
            strict = CanonicalJson.parse(encoded);
        } catch (CanonicalJson.InvalidJsonException outOfRange) {
            assertThat(outOfRange).hasMessageContaining("integer out of range");
            return;
        }
        assertThat(new String(CanonicalJson.encode(strict), StandardCharsets.UTF_8))
                .isEqualTo(new String(encoded, StandardCharsets.UTF_8));
    }
}

package org.lightweb.federation.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;

/**
 * Canonical JSON under hostile bytes (issue #15). In a plain {@code mvn test} only the seeds in
 * {@code src/test/resources/.../CanonicalJsonFuzzTestInputs} run; {@code JAZZER_FUZZ=1} fuzzes (docs/testing.md).
 * The properties: {@link CanonicalJson#parse} either returns or throws {@link CanonicalJson.InvalidJsonException}
 * (nothing else escapes: no NPE, no StackOverflowError); what it returns encodes to bytes that parse back to an equal
 * tree and encode to the same bytes again (a fixpoint), and that any JSON reader accepts.
 */
class CanonicalJsonFuzzTest {
    private static final ObjectMapper LENIENT = new ObjectMapper();

    @FuzzTest(maxDuration = "20s")
    void parseShouldRoundTripToAFixpointWhenInputIsAnyBytes(byte[] input) throws Exception {
        JsonNode parsed;
        try {
            parsed = CanonicalJson.parse(input);
        } catch (CanonicalJson.InvalidJsonException expected) {
            return;
        }
        byte[] encoded = CanonicalJson.encode(parsed);
        JsonNode again = CanonicalJson.parse(encoded);
        assertThat(again).isEqualTo(parsed);
        assertThat(new String(CanonicalJson.encode(again), StandardCharsets.UTF_8))
                .isEqualTo(new String(encoded, StandardCharsets.UTF_8));
        assertThat(LENIENT.readTree(encoded)).isNotNull();   // plain JSON to any reader
    }
}

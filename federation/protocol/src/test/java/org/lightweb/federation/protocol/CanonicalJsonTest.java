package org.lightweb.federation.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The appendices' canonical JSON examples, and what the strict parser must refuse. */
class CanonicalJsonTest {
    private static final ObjectMapper LENIENT = new ObjectMapper();

    private static String canonical(String json) throws Exception {
        return CanonicalJson.encodeToString(LENIENT.readTree(json));
    }

    @Test
    void encodeShouldMatchEverySpecExample() throws Exception {
        assertThat(canonical("{}")).isEqualTo("{}");
        assertThat(canonical("{\n    \"one\": 1,\n    \"two\": \"Two\"\n}")).isEqualTo("{\"one\":1,\"two\":\"Two\"}");
        assertThat(canonical("{\n    \"b\": \"2\",\n    \"a\": \"1\"\n}")).isEqualTo("{\"a\":\"1\",\"b\":\"2\"}");
        assertThat(canonical("{\"b\":\"2\",\"a\":\"1\"}")).isEqualTo("{\"a\":\"1\",\"b\":\"2\"}");
        assertThat(canonical("""
                {"auth": {"success": true, "mxid": "@john.doe:example.com", "profile": {"display_name": "John Doe",
                 "three_pids": [{"medium": "email", "address": "john.doe@example.org"},
                                {"medium": "msisdn", "address": "123456789"}]}}}"""))
                .isEqualTo("{\"auth\":{\"mxid\":\"@john.doe:example.com\",\"profile\":{\"display_name\":\"John Doe\","
                        + "\"three_pids\":[{\"address\":\"john.doe@example.org\",\"medium\":\"email\"},"
                        + "{\"address\":\"123456789\",\"medium\":\"msisdn\"}]},\"success\":true}}");
        assertThat(canonical("{\"a\": \"日本語\"}")).isEqualTo("{\"a\":\"日本語\"}");
        assertThat(canonical("{\"本\": 2, \"日\": 1}")).isEqualTo("{\"日\":1,\"本\":2}");
        assertThat(canonical("{\"a\": \"\\u65E5\"}")).isEqualTo("{\"a\":\"日\"}");
        assertThat(canonical("{\"a\": null}")).isEqualTo("{\"a\":null}");
        assertThat(canonical("{\"a\": -0, \"b\": 1e10}")).isEqualTo("{\"a\":0,\"b\":10000000000}");
    }

    @Test
    void encodeShouldEscapeOnlyWhatTheGrammarEscapes() throws Exception {
        assertThat(canonical("{\"a\": \"q\\\"b\\\\n\\nt\\tc\\u0001d\\u001fe\\u007f/\"}"))
                .isEqualTo("{\"a\":\"q\\\"b\\\\n\\nt\\tc\\u0001d\\u001fe\u007f/\"}");
        assertThat(canonical("{\"a\": \"\\b\\f\\r\"}")).isEqualTo("{\"a\":\"\\b\\f\\r\"}");
    }

    @Test
    void encodeShouldSortKeysByCodePointNotUtf16Unit() throws Exception {
        // U+FB01 (BMP, above the surrogates) sorts before U+1F600 by code point, after it by UTF-16 unit.
        assertThat(canonical("{\"\uD83D\uDE00\": 1, \"\uFB01\": 2}")).isEqualTo("{\"\uFB01\":2,\"\uD83D\uDE00\":1}");
    }

    @Test
    void parseShouldRejectFloatsBigIntegersAndDuplicateKeys() {
        assertThatThrownBy(() -> CanonicalJson.parse("{\"a\": 1.5}")).isInstanceOf(CanonicalJson.InvalidJsonException.class);
        assertThatThrownBy(() -> CanonicalJson.parse("{\"a\": 9007199254740992}")).isInstanceOf(CanonicalJson.InvalidJsonException.class);
        assertThatThrownBy(() -> CanonicalJson.parse("{\"a\": -9007199254740992}")).isInstanceOf(CanonicalJson.InvalidJsonException.class);
        assertThatThrownBy(() -> CanonicalJson.parse("{\"a\": 1, \"a\": 2}")).isInstanceOf(CanonicalJson.InvalidJsonException.class);
        assertThatThrownBy(() -> CanonicalJson.parse("{\"a\": [1e3]}")).isInstanceOf(CanonicalJson.InvalidJsonException.class);
        assertThatThrownBy(() -> CanonicalJson.parse("{\"a\": ")).isInstanceOf(CanonicalJson.InvalidJsonException.class);
    }

    @Test
    void parseShouldAcceptTheLimitsOfTheIntegerRange() {
        assertThat(CanonicalJson.parse("{\"a\": 9007199254740991, \"b\": -9007199254740991}").path("a").asLong())
                .isEqualTo(9007199254740991L);
    }

    /** Findings of CanonicalJsonFuzzTest (its seeds keep them): each was accepted, then encoded to other bytes. */
    @Test
    void parseShouldRefuseEmptyInputTrailingDataAndUnpairedSurrogatesWhenReadingStrictly() {
        assertThatThrownBy(() -> CanonicalJson.parse("")).isInstanceOf(CanonicalJson.InvalidJsonException.class);
        assertThatThrownBy(() -> CanonicalJson.parse("  ")).isInstanceOf(CanonicalJson.InvalidJsonException.class);
        assertThatThrownBy(() -> CanonicalJson.parse("{} {\"a\":1}")).isInstanceOf(CanonicalJson.InvalidJsonException.class);
        assertThatThrownBy(() -> CanonicalJson.parse("{\"a\":\"\\ud800\"}")).isInstanceOf(CanonicalJson.InvalidJsonException.class);
        assertThatThrownBy(() -> CanonicalJson.parse("{\"\\udc00\":1}")).isInstanceOf(CanonicalJson.InvalidJsonException.class);
        assertThat(CanonicalJson.parse("{\"a\":\"\\ud83d\\ude00\"}").path("a").asText()).isEqualTo("\ud83d\ude00");
    }

    @Test
    void encodeShouldRefuseAnUnpairedSurrogateWhenUtf8CannotCarryIt() {
        assertThatThrownBy(() -> CanonicalJson.encodeToString(LENIENT.createObjectNode().put("a", "x\ud800")))
                .isInstanceOf(CanonicalJson.InvalidJsonException.class);
    }
}

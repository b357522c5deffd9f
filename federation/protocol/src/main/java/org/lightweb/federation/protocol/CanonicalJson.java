package org.lightweb.federation.protocol;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Canonical JSON (appendices, "Canonical JSON"): the shortest UTF-8 encoding with object keys sorted by Unicode
 * code point, integers only, in [-(2^53)+1, (2^53)-1]. {@link #parse} is the strict reader for event JSON: it
 * rejects floats, out-of-range integers, duplicate keys, empty input, anything after the value, and strings with
 * unpaired UTF-16 surrogates (escaped as in {@code "\ud800"}), which no UTF-8 encoding can carry: the encoder would
 * have to change them, so the bytes signed would not be the bytes parsed (found by CanonicalJsonFuzzTest).
 */
public final class CanonicalJson {
    public static final long MAX_SAFE_INTEGER = (1L << 53) - 1;
    public static final long MIN_SAFE_INTEGER = -MAX_SAFE_INTEGER;

    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private CanonicalJson() {}

    /** Thrown for JSON that canonical JSON does not allow. */
    public static final class InvalidJsonException extends IllegalArgumentException {
        public InvalidJsonException(String message) {
            super(message);
        }
    }

    /** Parses JSON strictly: duplicate keys, floats and integers out of range are rejected. */
    public static JsonNode parse(byte[] json) {
        JsonNode node;
        try {
            node = STRICT.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidJsonException("invalid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidJsonException("invalid JSON: " + e.getMessage());
        } catch (NumberFormatException e) {   // e.g. 9E99999999999999999999: Jackson cannot even build the BigDecimal
            throw new InvalidJsonException("invalid number: " + e.getMessage());
        }
        if (node == null || node.isMissingNode()) throw new InvalidJsonException("empty JSON");
        checkValues(node);
        return node;
    }

    public static JsonNode parse(String json) {
        return parse(json.getBytes(StandardCharsets.UTF_8));
    }

    /** Rejects what canonical JSON cannot carry: non-integers, integers out of range, unpaired surrogates. */
    public static void checkValues(JsonNode node) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                checkString(field.getKey());
                checkValues(field.getValue());
            }
        } else if (node.isArray()) {
            for (JsonNode child : node) checkValues(child);
        } else if (node.isTextual()) {
            checkString(node.textValue());
        } else if (node.isNumber()) {
            if (!node.isIntegralNumber()) throw new InvalidJsonException("floats are not allowed: " + node);
            if (!node.canConvertToLong() || node.longValue() > MAX_SAFE_INTEGER || node.longValue() < MIN_SAFE_INTEGER) {
                throw new InvalidJsonException("integer out of range: " + node);
            }
        }
    }

    private static void checkString(String s) {
        if (!isWellFormed(s)) throw new InvalidJsonException("string with an unpaired UTF-16 surrogate");
    }

    /** True when every surrogate of {@code s} is half of a pair, i.e. {@code s} has an exact UTF-8 encoding. */
    static boolean isWellFormed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    public static byte[] encode(JsonNode node) {
        return encodeToString(node).getBytes(StandardCharsets.UTF_8);
    }

    public static String encodeToString(JsonNode node) {
        StringBuilder sb = new StringBuilder(256);
        write(node, sb);
        return sb.toString();
    }

    private static void write(JsonNode node, StringBuilder out) {
        switch (node.getNodeType()) {
            case OBJECT -> {
                List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) fields.add(it.next());
                fields.sort((a, b) -> compareCodePoints(a.getKey(), b.getKey()));
                out.append('{');
                boolean first = true;
                for (Map.Entry<String, JsonNode> f : fields) {
                    if (!first) out.append(',');
                    first = false;
                    writeString(f.getKey(), out);
                    out.append(':');
                    write(f.getValue(), out);
                }
                out.append('}');
            }
            case ARRAY -> {
                out.append('[');
                boolean first = true;
                for (JsonNode child : node) {
                    if (!first) out.append(',');
                    first = false;
                    write(child, out);
                }
                out.append(']');
            }
            case STRING -> writeString(node.textValue(), out);
            case NUMBER -> writeNumber(node, out);
            case BOOLEAN -> out.append(node.booleanValue() ? "true" : "false");
            case NULL, MISSING -> out.append("null");
            default -> throw new InvalidJsonException("cannot encode " + node.getNodeType());
        }
    }

    private static void writeNumber(JsonNode node, StringBuilder out) {
        if (node.isIntegralNumber()) {
            out.append(node.bigIntegerValue().toString());
            return;
        }
        // 1e10 is the integer 10000000000; -0 is 0. Anything with a fraction cannot be encoded, nor can NaN, the
        // infinities, or 1e999999999 (its digits would fill the heap), which a lenient reader lets through.
        if ((node.isDouble() || node.isFloat()) && !Double.isFinite(node.doubleValue())) {
            throw new InvalidJsonException("not a finite number: " + node);
        }
        BigDecimal d = node.decimalValue().stripTrailingZeros();
        if (d.scale() > 0) throw new InvalidJsonException("floats are not allowed: " + node);
        if (d.abs().compareTo(BigDecimal.valueOf(MAX_SAFE_INTEGER)) > 0) {
            throw new InvalidJsonException("integer out of range: " + node);
        }
        out.append(d.signum() == 0 ? "0" : d.toBigIntegerExact().toString());
    }

    private static void writeString(String s, StringBuilder out) {
        checkString(s);   // UTF-8 would replace an unpaired surrogate by '?': refuse rather than sign other bytes
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append("\\u00").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xF, 16));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /** Orders strings by Unicode code point (not UTF-16 unit, which differs above U+FFFF). */
    static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) return Integer.compare(ca, cb);
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}

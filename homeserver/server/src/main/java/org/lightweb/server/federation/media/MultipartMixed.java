package org.lightweb.server.federation.media;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;
import okhttp3.Headers;
import okhttp3.MediaType;
import okhttp3.MultipartReader;
import okio.BufferedSource;
import okio.Okio;
import org.lightweb.core.ErrCode;
import org.lightweb.core.Json;
import org.lightweb.core.MatrixException;

/**
 * The {@code multipart/mixed} answers of {@code /_matrix/federation/v1/media/download|thumbnail} (server-server API,
 * "Content Repository"): a JSON metadata part, then either the bytes (with their Content-Type and
 * Content-Disposition) or a {@code Location} header naming where to GET them. Writing is two small byte arrays
 * around the streamed file; reading streams the bytes part straight to a sink, through OkHttp's
 * {@link MultipartReader} (its header lines are bounded), with our own limits on the metadata and the bytes.
 */
public final class MultipartMixed {
    /** Most bytes read of the JSON metadata part (it is {@code {}} today). */
    static final int MAX_METADATA_BYTES = 64 * 1024;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] CRLF = {'\r', '\n'};

    private MultipartMixed() {}

    // ---- writing -------------------------------------------------------------------------------------------------

    /** A fresh boundary: 32 hex digits, which no answer's framing could contain by chance. */
    public static String boundary() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    public static String contentType(String boundary) {
        return "multipart/mixed; boundary=" + boundary;
    }

    /** Everything before the bytes: the {@code {}} metadata part and the bytes part's headers. */
    public static byte[] head(String boundary, String contentType, String contentDisposition) {
        String s = "--" + boundary + "\r\nContent-Type: application/json\r\n\r\n{}\r\n"
                + "--" + boundary + "\r\nContent-Type: " + contentType + "\r\n"
                + (contentDisposition == null ? "" : "Content-Disposition: " + contentDisposition + "\r\n") + "\r\n";
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Everything after the bytes: the closing delimiter. */
    public static byte[] tail(String boundary) {
        return ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
    }

    // ---- reading -------------------------------------------------------------------------------------------------

    /** Where the bytes part goes (the blob store); it may block, and fails when more than {@code maxBytes} come. */
    @FunctionalInterface
    public interface Sink<S> {
        S write(InputStream bytes, long maxBytes) throws IOException;
    }

    /** What an answer held. */
    public sealed interface Answer<S> permits Content, Redirect {}

    /** The bytes, stored by the sink. {@code contentType} defaults to application/octet-stream; fileName may be null. */
    public record Content<S>(String contentType, String fileName, S stored) implements Answer<S> {}

    /** The bytes are at {@code location} (a plain GET). */
    public record Redirect<S>(String location) implements Answer<S> {}

    /**
     * Reads an answer of Content-Type {@code contentType}. 502 M_UNKNOWN (as a {@link MatrixException}) when it is not
     * multipart/mixed with a boundary, lacks a part, or its metadata is not a JSON object under
     * {@link #MAX_METADATA_BYTES}; what the sink throws (413 past {@code maxBytes}) and I/O errors (a cut-off answer)
     * pass through.
     */
    public static <S> Answer<S> read(String contentType, InputStream in, long maxBytes, Sink<S> sink) throws IOException {
        MediaType type = contentType == null ? null : MediaType.parse(contentType);
        if (type == null || !type.type().equalsIgnoreCase("multipart") || !type.subtype().equalsIgnoreCase("mixed")) {
            throw malformed("not multipart/mixed: " + contentType);
        }
        String boundary = type.parameter("boundary");
        if (boundary == null || boundary.isEmpty() || boundary.length() > 70) throw malformed("no usable boundary");
        BufferedSource source = Okio.buffer(Okio.source(in));
        try (MultipartReader reader = new MultipartReader(source, boundary)) {
            MultipartReader.Part metadata = next(reader, "no metadata part");
            try (metadata) {
                BufferedSource body = metadata.body();
                if (body.request(MAX_METADATA_BYTES + 1L)) throw malformed("metadata part too large");
                JsonNode json;
                try {
                    json = Json.MAPPER.readTree(body.readByteArray());
                } catch (IOException e) {
                    throw malformed("metadata part is not JSON");
                }
                if (json == null || !json.isObject()) throw malformed("metadata part is not a JSON object");
            }
            MultipartReader.Part bytes = next(reader, "no content part");
            try (bytes) {
                Headers h = bytes.headers();
                String location = h.get("Location");
                if (location != null && !location.isBlank()) return new Redirect<>(location.strip());
                String partType = h.get("Content-Type");
                String type2 = partType == null || partType.isBlank() ? "application/octet-stream" : partType.strip();
                S stored = sink.write(bytes.body().inputStream(), maxBytes);
                return new Content<>(type2, fileName(h.get("Content-Disposition")), stored);
            }
        } catch (java.net.ProtocolException e) {
            throw malformed(e.getMessage());
        }
    }

    private static MultipartReader.Part next(MultipartReader reader, String missing) throws IOException {
        MultipartReader.Part part = reader.nextPart();
        if (part == null) throw malformed(missing);
        return part;
    }

    static MatrixException malformed(String why) {
        return new MatrixException(502, ErrCode.M_UNKNOWN, "The remote server's media answer is malformed: " + why);
    }

    /**
     * The file name of a Content-Disposition header (RFC 6266): {@code filename*=utf-8''...} preferred over
     * {@code filename="..."} or a bare token; null when none. Path separators are not removed: the name is only
     * ever echoed in our own Content-Disposition, never used as a path.
     */
    static String fileName(String disposition) {
        if (disposition == null) return null;
        String plain = null;
        for (String param : splitParams(disposition)) {
            int eq = param.indexOf('=');
            if (eq < 0) continue;
            String name = param.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            String value = param.substring(eq + 1).strip();
            if (name.equals("filename*")) {
                int quote = value.indexOf("''");
                if (quote > 0 && value.substring(0, quote).equalsIgnoreCase("utf-8")) {
                    try {
                        return URLDecoder.decode(value.substring(quote + 2).replace("+", "%2B"), StandardCharsets.UTF_8);
                    } catch (IllegalArgumentException bad) {
                        // fall back to filename
                    }
                }
            } else if (name.equals("filename")) {
                plain = unquote(value);
            }
        }
        return plain == null || plain.isEmpty() ? null : plain;
    }

    /** Splits on ';' outside quoted strings. */
    private static java.util.List<String> splitParams(String header) {
        java.util.List<String> out = new java.util.ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < header.length(); i++) {
            char c = header.charAt(i);
            if (c == '"') quoted = !quoted;
            if (c == '\\' && quoted && i + 1 < header.length()) {
                cur.append(c).append(header.charAt(++i));
                continue;
            }
            if (c == ';' && !quoted) {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }

    private static String unquote(String v) {
        if (v.length() < 2 || v.charAt(0) != '"' || v.charAt(v.length() - 1) != '"') return v;
        StringBuilder b = new StringBuilder();
        for (int i = 1; i < v.length() - 1; i++) {
            char c = v.charAt(i);
            if (c == '\\' && i + 1 < v.length() - 1) c = v.charAt(++i);
            b.append(c);
        }
        return b.toString();
    }
}

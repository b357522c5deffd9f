package org.lightweb.server.media;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * The Content-Disposition of a download: {@code inline} only for types a browser cannot run script from (Synapse's
 * INLINE_CONTENT_TYPES), {@code attachment} for everything else, so an uploaded HTML or SVG page opened from the
 * media URL is saved rather than rendered on the homeserver's origin. The filename follows RFC 6266: a plain
 * ASCII {@code filename="..."} when the name is safe as one, otherwise {@code filename*=utf-8''<percent-encoded>}.
 */
public final class ContentDisposition {
    /** As Synapse's synapse/media/_base.py INLINE_CONTENT_TYPES. */
    static final Set<String> INLINE_CONTENT_TYPES = Set.of(
            "text/css", "text/plain", "text/csv", "application/json", "application/ld+json",
            "image/jpeg", "image/gif", "image/png", "image/apng", "image/webp", "image/avif",
            "video/mp4", "video/webm", "video/ogg", "video/quicktime",
            "audio/mp4", "audio/webm", "audio/aac", "audio/mpeg", "audio/ogg", "audio/wave", "audio/wav",
            "audio/x-wav", "audio/x-pn-wav", "audio/flac", "audio/x-flac");

    private ContentDisposition() {}

    public static boolean inline(String contentType) {
        if (contentType == null) return false;
        String bare = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return INLINE_CONTENT_TYPES.contains(bare);
    }

    /** The header value for content of this type, offered under this filename (null: none). */
    public static String header(String contentType, String filename) {
        String disposition = inline(contentType) ? "inline" : "attachment";
        if (filename == null || filename.isEmpty()) return disposition;
        if (isPlainToken(filename)) return disposition + "; filename=\"" + filename + "\"";
        return disposition + "; filename*=utf-8''" + percentEncode(filename);
    }

    /** Printable ASCII without quotes, backslashes or anything a header parser could split on. */
    private static boolean isPlainToken(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\' || c == ';' || c == '%') return false;
        }
        return true;
    }

    /** RFC 5987 attr-char kept, every other UTF-8 byte percent-encoded. */
    static String percentEncode(String s) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$&+-.^_`|~".indexOf(c) >= 0) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }
}

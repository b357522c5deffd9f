package org.lightweb.plugin.backup;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.lightweb.plugin.HttpRequest;
import org.lightweb.plugin.HttpResponse;
import org.lightweb.plugin.MatrixError;

/** A blob's bytes as the answer to a GET, whole (200) or one {@code Range: bytes=a-b} of it (206, 416 outside). */
final class BlobResponse {
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");
    static final String OCTETS = "application/octet-stream";

    /** Reads {@code length} bytes of the blob from {@code offset}. */
    @FunctionalInterface
    interface Reader {
        byte[] read(long offset, int length) throws Exception;
    }

    private BlobResponse() {
    }

    /** {@code size} is the blob's, or -1 when there is none (404 naming {@code what}). */
    static HttpResponse of(HttpRequest req, String what, long size, Reader reader) throws Exception {
        if (size < 0) throw MatrixError.notFound("no blob " + what);
        String range = req.header("Range").orElse(null);
        if (range == null) {
            if (size > Integer.MAX_VALUE - 16) throw MatrixError.invalidParam(what + " is too large for one answer: ask for ranges");
            return HttpResponse.bytes(200, OCTETS, reader.read(0, (int) size));
        }
        Matcher m = RANGE.matcher(range.trim());
        if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty()))
            throw MatrixError.invalidParam("Range must be one range of bytes, as bytes=START-END");
        long first;
        long last;
        try {
            if (m.group(1).isEmpty()) { // suffix: the last N bytes
                first = Math.max(0, size - Long.parseLong(m.group(2)));
                last = size - 1;
            } else {
                first = Long.parseLong(m.group(1));
                last = m.group(2).isEmpty() ? size - 1 : Math.min(Long.parseLong(m.group(2)), size - 1);
            }
        } catch (NumberFormatException e) {
            throw MatrixError.invalidParam("Range numbers are too large");
        }
        if (first >= size || last < first)
            throw new MatrixError(416, "M_INVALID_PARAM", "range " + range + " is outside the blob's " + size + " bytes");
        if (last - first + 1 > Integer.MAX_VALUE - 16) throw MatrixError.invalidParam("range too large for one request");
        byte[] part = reader.read(first, (int) (last - first + 1));
        return HttpResponse.bytes(206, OCTETS, part).header("Content-Range", "bytes " + first + "-" + last + "/" + size);
    }
}

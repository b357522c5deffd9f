package org.lightweb.core;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one failure type that becomes a Matrix error response: an HTTP status, an errcode and a human message,
 * plus optional extra fields (e.g. {@code retry_after_ms}). Only the HTTP layer renders it.
 */
public final class MatrixException extends RuntimeException {
    private final int status;
    private final ErrCode errcode;
    private final Map<String, Object> extra;
    /** True for responses that carry only {@link #extra}, such as the first UIA 401 (flows, no errcode). */
    private final boolean bare;

    public MatrixException(int status, ErrCode errcode, String message, Map<String, Object> extra) {
        this(status, errcode, message, extra, false);
    }

    private MatrixException(int status, ErrCode errcode, String message, Map<String, Object> extra, boolean bare) {
        super(message, null, false, false);
        this.status = status;
        this.errcode = errcode;
        this.extra = Map.copyOf(extra);
        this.bare = bare;
    }

    /** A response of {@code status} whose body is exactly {@code body}: no errcode, no error. */
    public static MatrixException bare(int status, Map<String, Object> body) {
        return new MatrixException(status, ErrCode.M_UNKNOWN, "(no error)", body, true);
    }

    public MatrixException(int status, ErrCode errcode, String message) {
        this(status, errcode, message, Map.of());
    }

    public int status() { return status; }
    public ErrCode errcode() { return errcode; }
    public Map<String, Object> extra() { return extra; }

    /** The response body: {@code {"errcode", "error"}} followed by any extra fields. */
    public Map<String, Object> body() {
        Map<String, Object> body = new LinkedHashMap<>();
        if (!bare) {
            body.put("errcode", errcode.name());
            body.put("error", getMessage());
        }
        body.putAll(extra);
        return body;
    }

    public MatrixException withExtra(Map<String, Object> more) {
        Map<String, Object> merged = new LinkedHashMap<>(extra);
        merged.putAll(more);
        return new MatrixException(status, errcode, getMessage(), merged, bare);
    }

    public static MatrixException forbidden(String msg) { return new MatrixException(403, ErrCode.M_FORBIDDEN, msg); }
    public static MatrixException notFound(String msg) { return new MatrixException(404, ErrCode.M_NOT_FOUND, msg); }
    public static MatrixException badJson(String msg) { return new MatrixException(400, ErrCode.M_BAD_JSON, msg); }
    public static MatrixException notJson(String msg) { return new MatrixException(400, ErrCode.M_NOT_JSON, msg); }
    public static MatrixException missingParam(String msg) { return new MatrixException(400, ErrCode.M_MISSING_PARAM, msg); }
    public static MatrixException invalidParam(String msg) { return new MatrixException(400, ErrCode.M_INVALID_PARAM, msg); }
    public static MatrixException missingToken() {
        return new MatrixException(401, ErrCode.M_MISSING_TOKEN, "Missing access token");
    }
    public static MatrixException unknownToken(String msg, boolean softLogout) {
        return new MatrixException(401, ErrCode.M_UNKNOWN_TOKEN, msg,
                softLogout ? Map.of("soft_logout", true) : Map.of());
    }
    public static MatrixException unknown(String msg) { return new MatrixException(500, ErrCode.M_UNKNOWN, msg); }
    public static MatrixException unavailable(String msg) { return new MatrixException(503, ErrCode.M_UNKNOWN, msg); }
    public static MatrixException tooLarge(String msg) { return new MatrixException(413, ErrCode.M_TOO_LARGE, msg); }
    public static MatrixException limitExceeded(long retryAfterMs) {
        return new MatrixException(429, ErrCode.M_LIMIT_EXCEEDED, "Too many requests",
                Map.of("retry_after_ms", retryAfterMs));
    }
    public static MatrixException guestAccessForbidden() {
        return new MatrixException(403, ErrCode.M_GUEST_ACCESS_FORBIDDEN, "Guest access is not allowed");
    }

    /** 404 or 405 when no route answers: the spec's M_UNRECOGNIZED. */
    public static MatrixException unrecognized(int status) {
        return new MatrixException(status, ErrCode.M_UNRECOGNIZED,
                status == 405 ? "Method not allowed for this endpoint" : "Unrecognized request");
    }

    /** A failure raised by the HTTP stack itself (e.g. 413 from the body limit), given only a status. */
    public static MatrixException fromStatus(int status) {
        return switch (status) {
            case 400 -> badJson("Bad request");
            case 401 -> missingToken();
            case 404, 405 -> unrecognized(status);
            case 413 -> tooLarge("Request body is too large");
            case 429 -> limitExceeded(1000);
            default -> new MatrixException(status >= 400 ? status : 500, ErrCode.M_UNKNOWN, "Request failed");
        };
    }
}

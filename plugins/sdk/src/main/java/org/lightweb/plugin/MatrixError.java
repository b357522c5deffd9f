package org.lightweb.plugin;

/**
 * A refusal with a Matrix error: thrown by a route handler, it becomes {@code {"errcode", "error"}} with the
 * status; thrown by a node service, it says why the node refused.
 */
public class MatrixError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String errcode;

    public MatrixError(int status, String errcode, String message) {
        super(message);
        this.status = status;
        this.errcode = errcode;
    }

    public int status() { return status; }

    public String errcode() { return errcode; }

    public static MatrixError badJson(String why) { return new MatrixError(400, "M_BAD_JSON", why); }

    public static MatrixError invalidParam(String why) { return new MatrixError(400, "M_INVALID_PARAM", why); }

    public static MatrixError forbidden(String why) { return new MatrixError(403, "M_FORBIDDEN", why); }

    public static MatrixError notFound(String why) { return new MatrixError(404, "M_NOT_FOUND", why); }

    public static MatrixError tooLarge(String why) { return new MatrixError(413, "M_TOO_LARGE", why); }

    public static MatrixError limitExceeded(String why) { return new MatrixError(429, "M_LIMIT_EXCEEDED", why); }
}

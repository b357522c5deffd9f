package org.lightweb.appservice.kit;

/** The homeserver answered a call with an error status (or could not be reached: status 0). */
public final class MatrixCallException extends RuntimeException {
    private final int status;
    private final String errcode;
    private final String error;

    public MatrixCallException(int status, String errcode, String error) {
        super(status == 0 ? "homeserver unreachable: " + error : status + " " + errcode + ": " + error, null, false, false);
        this.status = status;
        this.errcode = errcode;
        this.error = error;
    }

    public int status() { return status; }
    public String errcode() { return errcode; }
    public String error() { return error; }
}

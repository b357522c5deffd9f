package org.lightweb.backup.client;

/**
 * A failure the user should read: a clear message and the exit code the CLI ends with. Never wraps plaintext.
 */
public class BackupException extends RuntimeException {
    /** Exit codes of {@code lightweb backup}. */
    public enum Kind {
        FAILED(1), USAGE(2), WRONG_KEY(3), INTEGRITY(4), LOCKED(5);

        public final int exitCode;

        Kind(int exitCode) {
            this.exitCode = exitCode;
        }
    }

    private final Kind kind;

    public BackupException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public BackupException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    public static BackupException integrity(String message) {
        return new BackupException(Kind.INTEGRITY, message);
    }

    public static BackupException failed(String message) {
        return new BackupException(Kind.FAILED, message);
    }
}

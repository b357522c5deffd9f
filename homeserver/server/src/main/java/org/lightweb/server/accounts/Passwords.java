package org.lightweb.server.accounts;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import org.lightweb.core.ErrCode;
import org.lightweb.core.MatrixException;
import org.lightweb.server.auth.PasswordHasher;

/** Password policy and hashing, with the slow hashing on a worker pool, never on the event loop. */
public final class Passwords {
    private static final int MAX_LENGTH = 512;

    private final PasswordHasher hasher;
    private final WorkerExecutor cpu;
    private final int minimumLength;

    public Passwords(PasswordHasher hasher, WorkerExecutor cpu, int minimumLength) {
        this.hasher = hasher;
        this.cpu = cpu;
        this.minimumLength = minimumLength;
    }

    /** Fails with 400 M_WEAK_PASSWORD (too short) or M_INVALID_PARAM (absurdly long). */
    public void checkPolicy(String password) {
        if (password.length() < minimumLength) {
            throw new MatrixException(400, ErrCode.M_WEAK_PASSWORD,
                    "Password is too short: at least " + minimumLength + " characters are needed");
        }
        if (password.length() > MAX_LENGTH) throw MatrixException.invalidParam("Password is too long");
    }

    /** Checks the policy, then hashes. */
    public Future<String> hash(String password) {
        try {
            checkPolicy(password);
        } catch (MatrixException e) {
            return Future.failedFuture(e);
        }
        return cpu.executeBlocking(() -> hasher.hash(password), false);
    }

    public Future<Boolean> verify(String password, String storedHash) {
        if (storedHash == null || password == null || password.length() > MAX_LENGTH) return Future.succeededFuture(false);
        return cpu.executeBlocking(() -> hasher.verify(password, storedHash), false);
    }
}

package org.lightweb.storage.accounts;

import io.vertx.core.Future;
import java.util.Optional;
import org.lightweb.core.UserId;

/** Users and the account-wide changes that touch several tables at once. */
public interface AccountRepository {
    /** Stores a new account atomically; false (and nothing stored) when the user id was ever taken. */
    Future<Boolean> register(NewAccount account);

    Future<Optional<UserRecord>> find(UserId user);

    /** Allocates the next numeric localpart for a guest. */
    Future<Long> nextGuestNumber();

    /**
     * Sets a new password hash. When {@code keepDevice} is non-null every other device is logged out (deleted);
     * when {@code logoutAll} is true every device is.
     */
    Future<Void> setPassword(UserId user, String passwordHash, String keepDevice, boolean logoutAll);

    Future<Void> setAdmin(UserId user, boolean admin);

    /**
     * Deactivates the user: no password, no devices, no tokens, no third-party ids, and with {@code erase} no
     * profile. The row stays, so the name is never given out again.
     */
    Future<Void> deactivate(UserId user, boolean erase);

    Future<Long> countUsers();
}

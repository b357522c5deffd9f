package org.lightweb.storage.testing;

import io.vertx.core.Future;
import java.util.Optional;
import org.lightweb.core.ServerName;
import org.lightweb.core.UserId;
import org.lightweb.storage.accounts.NewAccount;
import org.lightweb.storage.accounts.NewSession;

/**
 * What every storage contract needs: the database under test and a few builders. A contract interface extends
 * this; each {@code Sqlite*Test} and {@code Postgres*Test} implements {@link #storage()} with its own
 * {@link TestStorage}.
 */
public interface StorageContract {
    ServerName SERVER = ServerName.parse("example.org").orElseThrow();

    TestStorage storage();

    default <T> T await(Future<T> future) {
        return TestStorage.await(future);
    }

    /** A user id no other test uses, not registered yet. */
    default UserId freshUserId() {
        return UserId.of(TestStorage.freshName("u"), SERVER);
    }

    /** A plain account: password hash, nothing else, no session. */
    default NewAccount plainAccount(UserId user) {
        return new NewAccount(user, "$argon2id$test-hash", false, false, null, null, null,
                Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** Registers a fresh plain user and returns its id. */
    default UserId registeredUser() {
        UserId user = freshUserId();
        if (!await(storage().accounts().register(plainAccount(user)))) throw new AssertionError("fresh id taken: " + user);
        return user;
    }

    /** A login on {@code deviceId} with fresh token hashes; no refresh token, no expiry. */
    default NewSession session(String deviceId) {
        return new NewSession(deviceId, null, TestStorage.freshName("at-"), null, null, "192.0.2.1", "test-agent");
    }

    /** A login on {@code deviceId} with an expiring access token and a refresh token. */
    default NewSession refreshableSession(String deviceId) {
        return new NewSession(deviceId, null, TestStorage.freshName("at-"), TestClock.START + 300_000,
                TestStorage.freshName("rt-"), "192.0.2.1", "test-agent");
    }
}

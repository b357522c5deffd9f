package org.lightweb.storage.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.lightweb.core.UserId;
import org.lightweb.storage.accounts.ThreepidRepository.NewValidation;
import org.lightweb.storage.accounts.ThreepidRepository.ValidationRequest;
import org.lightweb.storage.testing.StorageContract;
import org.lightweb.storage.testing.TestStorage;

/** What {@link ThreepidRepository} promises, on every database: bindings and validation sessions. */
public interface ThreepidRepositoryContract extends StorageContract {
    long NOW = 1_000_000;
    long LIFETIME = 3_600_000;

    default ThreepidRepository threepids() { return storage().threepids(); }

    default String freshAddress() {
        return TestStorage.freshName("a") + "@example.org";
    }

    default NewValidation validation(String sessionId, String clientSecret, String address, int sendAttempt,
                                     String tokenHash, long now) {
        return new NewValidation(sessionId, "email", address, clientSecret, "register", tokenHash, sendAttempt,
                "https://example.org/next", now, now + LIFETIME);
    }

    @Test
    default void bindShouldStoreTheAddressWhenItIsFree() {
        UserId user = registeredUser();
        Threepid email = new Threepid("email", freshAddress(), 10, 20);

        assertThat(await(threepids().bind(user, email))).isTrue();

        assertThat(await(threepids().list(user))).containsExactly(email);
        assertThat(await(threepids().owner("email", email.address()))).contains(user);
    }

    @Test
    default void bindShouldAnswerTrueWhenTheSameUserBindsAgain() {
        UserId user = registeredUser();
        Threepid email = new Threepid("email", freshAddress(), 10, 20);
        await(threepids().bind(user, email));

        assertThat(await(threepids().bind(user, email))).isTrue();
        assertThat(await(threepids().list(user))).hasSize(1);
    }

    @Test
    default void bindShouldAnswerFalseWhenAnotherUserHoldsTheAddress() {
        UserId holder = registeredUser();
        UserId other = registeredUser();
        Threepid email = new Threepid("email", freshAddress(), 10, 20);
        await(threepids().bind(holder, email));

        assertThat(await(threepids().bind(other, email))).isFalse();
        assertThat(await(threepids().owner("email", email.address()))).contains(holder);
        assertThat(await(threepids().list(other))).isEmpty();
    }

    @Test
    default void listShouldReturnAddressesOldestFirstWhenSeveralAreBound() {
        UserId user = registeredUser();
        Threepid newer = new Threepid("email", freshAddress(), 10, 300);
        Threepid older = new Threepid("email", freshAddress(), 10, 100);
        await(threepids().bind(user, newer));
        await(threepids().bind(user, older));

        assertThat(await(threepids().list(user))).containsExactly(older, newer);
    }

    @Test
    default void unbindShouldFreeTheAddressWhenTheUserHoldsIt() {
        UserId user = registeredUser();
        Threepid email = new Threepid("email", freshAddress(), 10, 20);
        await(threepids().bind(user, email));

        assertThat(await(threepids().unbind(user, "email", email.address()))).isTrue();

        assertThat(await(threepids().owner("email", email.address()))).isEmpty();
        assertThat(await(threepids().list(user))).isEmpty();
    }

    @Test
    default void unbindShouldAnswerFalseWhenTheUserDoesNotHoldTheAddress() {
        UserId holder = registeredUser();
        UserId other = registeredUser();
        Threepid email = new Threepid("email", freshAddress(), 10, 20);
        await(threepids().bind(holder, email));

        assertThat(await(threepids().unbind(other, "email", email.address()))).isFalse();
        assertThat(await(threepids().owner("email", email.address()))).contains(holder);
    }

    @Test
    default void requestValidationShouldCreateASessionAndSendWhenNoneExists() {
        String sid = TestStorage.freshName("sid");
        String address = freshAddress();

        ValidationRequest r = await(threepids().requestValidation(validation(sid, "secret", address, 1, "hash1", NOW)));

        assertThat(r.send()).isTrue();
        assertThat(r.session()).isEqualTo(new ThreepidRepository.ValidationSession(sid, "email", address, "secret",
                "register", "https://example.org/next", NOW + LIFETIME, null));
        assertThat(await(threepids().findValidation(sid, "secret"))).contains(r.session());
    }

    @Test
    default void requestValidationShouldNotSendAgainWhenTheSendAttemptIsNotHigher() {
        String sid = TestStorage.freshName("sid");
        String address = freshAddress();
        await(threepids().requestValidation(validation(sid, "secret", address, 2, "hash1", NOW)));

        ValidationRequest again = await(threepids().requestValidation(
                validation(TestStorage.freshName("other"), "secret", address, 2, "hash2", NOW + 1)));

        assertThat(again.send()).isFalse();
        assertThat(again.session().sessionId()).isEqualTo(sid);
        assertThat(await(threepids().submitValidationToken(sid, "secret", "hash1", NOW + 2))).isTrue();
    }

    @Test
    default void requestValidationShouldSendANewTokenWhenTheSendAttemptIsHigher() {
        String sid = TestStorage.freshName("sid");
        String address = freshAddress();
        await(threepids().requestValidation(validation(sid, "secret", address, 1, "hash1", NOW)));

        ValidationRequest again = await(threepids().requestValidation(
                validation(TestStorage.freshName("other"), "secret", address, 2, "hash2", NOW + 1)));

        assertThat(again.send()).isTrue();
        assertThat(again.session().sessionId()).isEqualTo(sid);
        assertThat(await(threepids().submitValidationToken(sid, "secret", "hash1", NOW + 2))).isFalse();
        assertThat(await(threepids().submitValidationToken(sid, "secret", "hash2", NOW + 2))).isTrue();
    }

    @Test
    default void requestValidationShouldStartANewSessionWhenTheOldOneExpired() {
        String old = TestStorage.freshName("sid");
        String address = freshAddress();
        await(threepids().requestValidation(validation(old, "secret", address, 1, "hash1", NOW)));
        String fresh = TestStorage.freshName("sid");

        ValidationRequest r = await(threepids().requestValidation(
                validation(fresh, "secret", address, 1, "hash2", NOW + LIFETIME + 1)));

        assertThat(r.send()).isTrue();
        assertThat(r.session().sessionId()).isEqualTo(fresh);
    }

    @Test
    default void findValidationShouldBeEmptyWhenTheClientSecretIsWrong() {
        String sid = TestStorage.freshName("sid");
        await(threepids().requestValidation(validation(sid, "secret", freshAddress(), 1, "hash1", NOW)));

        assertThat(await(threepids().findValidation(sid, "not-the-secret"))).isEmpty();
        assertThat(await(threepids().findValidation(TestStorage.freshName("sid"), "secret"))).isEmpty();
    }

    @Test
    default void submitValidationTokenShouldMarkTheSessionValidatedOnceWhenTheTokenMatches() {
        String sid = TestStorage.freshName("sid");
        await(threepids().requestValidation(validation(sid, "secret", freshAddress(), 1, "hash1", NOW)));

        assertThat(await(threepids().submitValidationToken(sid, "secret", "hash1", NOW + 10))).isTrue();
        assertThat(await(threepids().submitValidationToken(sid, "secret", "hash1", NOW + 20))).isTrue();

        assertThat(await(threepids().findValidation(sid, "secret")).orElseThrow().validatedTs()).isEqualTo(NOW + 10);
    }

    @Test
    default void submitValidationTokenShouldAnswerFalseWhenTheTokenIsWrongOrTheSessionExpired() {
        String sid = TestStorage.freshName("sid");
        await(threepids().requestValidation(validation(sid, "secret", freshAddress(), 1, "hash1", NOW)));

        assertThat(await(threepids().submitValidationToken(sid, "secret", "wrong", NOW + 10))).isFalse();
        assertThat(await(threepids().submitValidationToken(sid, "wrong", "hash1", NOW + 10))).isFalse();
        assertThat(await(threepids().submitValidationToken(sid, "secret", "hash1", NOW + LIFETIME))).isFalse();
        assertThat(await(threepids().findValidation(sid, "secret")).orElseThrow().validatedTs()).isNull();
    }

    @Test
    default void deleteExpiredShouldRemoveOnlyExpiredSessionsWhenCalled() {
        String expired = TestStorage.freshName("sid");
        String live = TestStorage.freshName("sid");
        long later = NOW + 10 * LIFETIME;
        await(threepids().requestValidation(validation(expired, "secret", freshAddress(), 1, "h", NOW)));
        await(threepids().requestValidation(validation(live, "secret", freshAddress(), 1, "h", later)));

        assertThat(await(threepids().deleteExpired(later))).isPositive();

        assertThat(await(threepids().findValidation(expired, "secret"))).isEmpty();
        assertThat(await(threepids().findValidation(live, "secret"))).isPresent();
    }
}

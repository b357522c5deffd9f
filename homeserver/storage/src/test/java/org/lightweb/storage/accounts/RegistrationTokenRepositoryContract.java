package org.lightweb.storage.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.lightweb.storage.accounts.RegistrationTokenRepository.RegistrationToken;
import org.lightweb.storage.testing.StorageContract;
import org.lightweb.storage.testing.TestStorage;

/** What {@link RegistrationTokenRepository} promises, on every database: Synapse's fields and counting. */
public interface RegistrationTokenRepositoryContract extends StorageContract {
    long NOW = 1_000_000;

    default RegistrationTokenRepository tokens() { return storage().registrationTokens(); }

    default String freshToken() {
        return TestStorage.freshName("tok");
    }

    @Test
    default void createShouldStoreAnUnusedTokenWhenTheNameIsFree() {
        String token = freshToken();

        assertThat(await(tokens().create(token, 5, NOW + 1000, NOW))).isTrue();

        assertThat(await(tokens().find(token))).contains(new RegistrationToken(token, 5, 0, 0, NOW + 1000));
    }

    @Test
    default void createShouldAnswerFalseWhenTheTokenExists() {
        String token = freshToken();
        await(tokens().create(token, 5, null, NOW));

        assertThat(await(tokens().create(token, 1, NOW, NOW))).isFalse();
        assertThat(await(tokens().find(token))).contains(new RegistrationToken(token, 5, 0, 0, null));
    }

    @Test
    default void findShouldBeEmptyWhenTheTokenIsUnknown() {
        assertThat(await(tokens().find(freshToken()))).isEmpty();
    }

    @Test
    default void listShouldReturnTokensOldestFirstWhenSeveralExist() {
        String newer = freshToken();
        String older = freshToken();
        await(tokens().create(newer, null, null, NOW + 2));
        await(tokens().create(older, null, null, NOW + 1));

        assertThat(await(tokens().list())).extracting(RegistrationToken::token)
                .containsSubsequence(older, newer);
    }

    @Test
    default void updateShouldChangeOnlyTheFieldsItIsAskedToSet() {
        String token = freshToken();
        await(tokens().create(token, 5, NOW + 1000, NOW));

        assertThat(await(tokens().update(token, Optional.of(7), true, Optional.empty(), false)))
                .contains(new RegistrationToken(token, 7, 0, 0, NOW + 1000));
        assertThat(await(tokens().update(token, Optional.empty(), false, Optional.of(NOW + 5000), true)))
                .contains(new RegistrationToken(token, 7, 0, 0, NOW + 5000));
        assertThat(await(tokens().update(token, Optional.empty(), true, Optional.empty(), true)))
                .contains(new RegistrationToken(token, null, 0, 0, null));
        assertThat(await(tokens().find(token))).contains(new RegistrationToken(token, null, 0, 0, null));
    }

    @Test
    default void updateShouldBeEmptyWhenTheTokenIsUnknown() {
        assertThat(await(tokens().update(freshToken(), Optional.of(1), true, Optional.empty(), false))).isEmpty();
    }

    @Test
    default void deleteShouldRemoveTheTokenWhenItExists() {
        String token = freshToken();
        await(tokens().create(token, null, null, NOW));

        assertThat(await(tokens().delete(token))).isTrue();
        assertThat(await(tokens().find(token))).isEmpty();
        assertThat(await(tokens().delete(token))).isFalse();
    }

    @Test
    default void reservePendingShouldCountAUseWhenTheTokenIsUsable() {
        String token = freshToken();
        await(tokens().create(token, null, null, NOW));

        assertThat(await(tokens().reservePending(token, NOW))).isTrue();
        assertThat(await(tokens().reservePending(token, NOW))).isTrue();

        assertThat(await(tokens().find(token)).orElseThrow().pending()).isEqualTo(2);
    }

    @Test
    default void reservePendingShouldRefuseWhenPendingAndCompletedUsesReachTheLimit() {
        String token = freshToken();
        await(tokens().create(token, 2, null, NOW));
        await(tokens().reservePending(token, NOW));
        completeOneUse(token);
        await(tokens().reservePending(token, NOW));

        assertThat(await(tokens().reservePending(token, NOW))).isFalse();
        assertThat(await(tokens().find(token))).contains(new RegistrationToken(token, 2, 1, 1, null));
    }

    /** Completes one pending use, the way a registration does. */
    private void completeOneUse(String token) {
        var account = new NewAccount(freshUserId(), null, false, false, null, null, null, Optional.empty(),
                Optional.of(token), Optional.empty());
        assertThat(await(storage().accounts().register(account))).isTrue();
    }

    @Test
    default void reservePendingShouldRefuseWhenTheTokenExpiredOrIsUnknown() {
        String token = freshToken();
        await(tokens().create(token, null, NOW + 100, NOW));

        assertThat(await(tokens().reservePending(token, NOW + 100))).isFalse();
        assertThat(await(tokens().reservePending(freshToken(), NOW))).isFalse();
        assertThat(await(tokens().find(token)).orElseThrow().pending()).isZero();
    }

    @Test
    default void releasePendingShouldGiveBackAUseButNeverGoBelowZero() {
        String token = freshToken();
        await(tokens().create(token, 1, null, NOW));
        await(tokens().reservePending(token, NOW));

        await(tokens().releasePending(token));
        await(tokens().releasePending(token));

        assertThat(await(tokens().find(token)).orElseThrow().pending()).isZero();
        assertThat(await(tokens().reservePending(token, NOW))).isTrue();
    }
}

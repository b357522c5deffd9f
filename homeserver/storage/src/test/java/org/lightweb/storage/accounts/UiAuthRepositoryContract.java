package org.lightweb.storage.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lightweb.storage.accounts.UiAuthRepository.UiAuthSession;
import org.lightweb.storage.testing.StorageContract;
import org.lightweb.storage.testing.TestStorage;

/** What {@link UiAuthRepository} promises, on every database. */
public interface UiAuthRepositoryContract extends StorageContract {
    /** Sessions of most tests are created at this time; the expiry test uses much older ones. */
    long NOW = 1_700_000_000_000L;

    default UiAuthRepository uiAuth() { return storage().uiAuth(); }

    default String freshSession() {
        return TestStorage.freshName("uia");
    }

    @Test
    default void createShouldStoreTheSessionWithoutStagesWhenNew() {
        String sid = freshSession();
        String clientDict = "{\"username\":\"zoë\",\"initial_device_display_name\":\"Phone\"}";

        await(uiAuth().create(sid, NOW, "POST", "/_matrix/client/v3/register", clientDict));

        assertThat(await(uiAuth().find(sid))).contains(
                new UiAuthSession(sid, NOW, "POST", "/_matrix/client/v3/register", clientDict, Map.of()));
    }

    @Test
    default void findShouldBeEmptyWhenTheSessionIsUnknown() {
        assertThat(await(uiAuth().find(freshSession()))).isEmpty();
    }

    @Test
    default void completeShouldRecordEachStageAndKeepTheLatestResultWhenAStageIsRepeated() {
        String sid = freshSession();
        await(uiAuth().create(sid, NOW, "POST", "/_matrix/client/v3/register", "{}"));

        await(uiAuth().complete(sid, "m.login.dummy", "true"));
        await(uiAuth().complete(sid, "m.login.email.identity", "{\"address\":\"a@example.org\"}"));
        await(uiAuth().complete(sid, "m.login.email.identity", "{\"address\":\"b@example.org\"}"));

        assertThat(await(uiAuth().find(sid)).orElseThrow().completed()).containsOnly(
                Map.entry("m.login.dummy", "true"),
                Map.entry("m.login.email.identity", "{\"address\":\"b@example.org\"}"));
    }

    @Test
    default void deleteShouldRemoveTheSessionAndItsStagesWhenCalled() {
        String sid = freshSession();
        await(uiAuth().create(sid, NOW, "POST", "/_matrix/client/v3/register", "{}"));
        await(uiAuth().complete(sid, "m.login.dummy", "true"));

        await(uiAuth().delete(sid));

        assertThat(await(uiAuth().find(sid))).isEmpty();
        await(uiAuth().create(sid, NOW, "POST", "/_matrix/client/v3/register", "{}"));
        assertThat(await(uiAuth().find(sid)).orElseThrow().completed()).isEmpty();
    }

    @Test
    default void deleteOlderThanShouldReturnTheReservedTokensWhenOldSessionsAreRemoved() {
        String oldWithToken = freshSession();
        String oldWithoutToken = freshSession();
        String recent = freshSession();
        String token = TestStorage.freshName("tok");
        await(uiAuth().create(oldWithToken, 1_000, "POST", "/_matrix/client/v3/register", "{}"));
        await(uiAuth().complete(oldWithToken, "m.login.registration_token", "{\"token\":\"" + token + "\"}"));
        await(uiAuth().create(oldWithoutToken, 1_500, "POST", "/_matrix/client/v3/register", "{}"));
        await(uiAuth().complete(oldWithoutToken, "m.login.dummy", "true"));
        await(uiAuth().create(recent, 3_000, "POST", "/_matrix/client/v3/register", "{}"));
        await(uiAuth().complete(recent, "m.login.registration_token", "{\"token\":\"recent-" + token + "\"}"));

        assertThat(await(uiAuth().deleteOlderThan(2_000))).contains(token).doesNotContain("recent-" + token);

        assertThat(await(uiAuth().find(oldWithToken))).isEmpty();
        assertThat(await(uiAuth().find(oldWithoutToken))).isEmpty();
        assertThat(await(uiAuth().find(recent))).isPresent();
    }
}

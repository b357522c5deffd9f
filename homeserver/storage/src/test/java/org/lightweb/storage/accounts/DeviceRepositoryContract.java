package org.lightweb.storage.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lightweb.storage.jooq.Tables.ACCESS_TOKENS;
import static org.lightweb.storage.jooq.Tables.REFRESH_TOKENS;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.lightweb.core.UserId;
import org.lightweb.storage.testing.StorageContract;
import org.lightweb.storage.testing.TestStorage;

/** What {@link DeviceRepository} promises, on every database: devices, tokens, and refresh-token exchange. */
public interface DeviceRepositoryContract extends StorageContract {

    default DeviceRepository devices() { return storage().devices(); }

    /** The session a refresh stores: new token hashes; the device id is the old token's, whatever is given. */
    default NewSession nextSession() {
        return refreshableSession("IGNORED");
    }

    @Test
    default void loginShouldCreateTheDeviceAndItsTokenWhenTheDeviceIsNew() {
        UserId user = registeredUser();
        long now = storage().clock().millis();
        NewSession s = new NewSession("DEV", "Phone", TestStorage.freshName("at-"), now + 1000, null, "192.0.2.7", "Element");

        await(devices().login(user, s));

        assertThat(await(devices().find(user, "DEV"))).contains(
                new DeviceRecord(user, "DEV", "Phone", now, now, "192.0.2.7", "Element"));
        assertThat(await(devices().findAccessToken(s.accessTokenHash()))).contains(
                new TokenOwner(user, "DEV", false, false, false, now + 1000, null, false));
    }

    @Test
    default void loginShouldReplaceTheDeviceTokensWhenTheDeviceExists() {
        UserId user = registeredUser();
        NewSession first = refreshableSession("DEV");
        await(devices().login(user, first));
        NewSession second = new NewSession("DEV", "Renamed", TestStorage.freshName("at-"), null, null, null, null);

        await(devices().login(user, second));

        assertThat(await(devices().findAccessToken(first.accessTokenHash()))).isEmpty();
        assertThat(await(devices().refresh(first.refreshTokenHash(), nextSession()))).isEmpty();
        assertThat(await(devices().findAccessToken(second.accessTokenHash()))).isPresent();
        assertThat(await(devices().list(user))).extracting(DeviceRecord::displayName).containsExactly("Renamed");
    }

    @Test
    default void loginShouldKeepTheDisplayNameWhenNoneIsGiven() {
        UserId user = registeredUser();
        await(devices().login(user, new NewSession("DEV", "Laptop", TestStorage.freshName("at-"), null, null, null, null)));

        await(devices().login(user, session("DEV")));

        assertThat(await(devices().find(user, "DEV")).orElseThrow().displayName()).isEqualTo("Laptop");
    }

    @Test
    default void findAccessTokenShouldBeEmptyWhenTheTokenIsUnknown() {
        assertThat(await(devices().findAccessToken(TestStorage.freshName("nope-")))).isEmpty();
    }

    @Test
    default void findAccessTokenShouldReportTheAdminFlagWhenTheUserIsAnAdmin() {
        UserId user = registeredUser();
        await(storage().accounts().setAdmin(user, true));
        NewSession s = session("DEV");
        await(devices().login(user, s));

        assertThat(await(devices().findAccessToken(s.accessTokenHash())).orElseThrow().admin()).isTrue();
    }

    @Test
    default void refreshShouldIssueTheNewSessionOnTheSameDeviceWhenTheTokenIsFresh() {
        UserId user = registeredUser();
        NewSession first = refreshableSession("DEV");
        await(devices().login(user, first));
        NewSession next = nextSession();

        assertThat(await(devices().refresh(first.refreshTokenHash(), next))).contains(user);

        assertThat(await(devices().findAccessToken(first.accessTokenHash()))).isEmpty();
        TokenOwner owner = await(devices().findAccessToken(next.accessTokenHash())).orElseThrow();
        assertThat(owner.deviceId()).isEqualTo("DEV");
        assertThat(owner.refreshTokenHash()).isEqualTo(next.refreshTokenHash());
        assertThat(owner.expiresTs()).isEqualTo(next.accessExpiresTs());
        assertThat(await(devices().list(user))).extracting(DeviceRecord::deviceId).containsExactly("DEV");
    }

    @Test
    default void refreshShouldAcceptTheOldTokenAgainWhenItsSuccessorWasNeverUsed() {
        UserId user = registeredUser();
        NewSession first = refreshableSession("DEV");
        await(devices().login(user, first));
        NewSession abandoned = nextSession();
        await(devices().refresh(first.refreshTokenHash(), abandoned));
        NewSession retried = nextSession();

        assertThat(await(devices().refresh(first.refreshTokenHash(), retried))).contains(user);

        assertThat(await(devices().findAccessToken(abandoned.accessTokenHash()))).isEmpty();
        assertThat(await(devices().refresh(abandoned.refreshTokenHash(), nextSession()))).isEmpty();
        assertThat(await(devices().findAccessToken(retried.accessTokenHash()))).isPresent();
    }

    @Test
    default void refreshShouldRefuseTheOldTokenWhenItsSuccessorWasUsed() {
        UserId user = registeredUser();
        NewSession first = refreshableSession("DEV");
        await(devices().login(user, first));
        NewSession next = nextSession();
        await(devices().refresh(first.refreshTokenHash(), next));

        await(devices().markAccessTokenUsed(next.accessTokenHash()));

        assertThat(await(devices().refresh(first.refreshTokenHash(), nextSession()))).isEmpty();
        assertThat(await(devices().findAccessToken(next.accessTokenHash()))).isPresent();
        assertThat(await(devices().refresh(next.refreshTokenHash(), nextSession()))).contains(user);
    }

    @Test
    default void refreshShouldBeEmptyWhenTheTokenIsUnknown() {
        assertThat(await(devices().refresh(TestStorage.freshName("rt-"), nextSession()))).isEmpty();
    }

    @Test
    default void markAccessTokenUsedShouldFlagTheTokenWhenCalled() {
        UserId user = registeredUser();
        NewSession s = refreshableSession("DEV");
        await(devices().login(user, s));

        await(devices().markAccessTokenUsed(s.accessTokenHash()));
        await(devices().markAccessTokenUsed(s.accessTokenHash()));

        assertThat(await(devices().findAccessToken(s.accessTokenHash())).orElseThrow().used()).isTrue();
    }

    @Test
    default void deleteAccessTokenShouldRevokeItsRefreshTokenAndKeepTheDeviceWhenLoggingOut() {
        UserId user = registeredUser();
        NewSession s = refreshableSession("DEV");
        await(devices().login(user, s));

        await(devices().deleteAccessToken(s.accessTokenHash()));

        assertThat(await(devices().findAccessToken(s.accessTokenHash()))).isEmpty();
        assertThat(await(devices().refresh(s.refreshTokenHash(), nextSession()))).isEmpty();
        assertThat(await(devices().find(user, "DEV"))).isPresent();
    }

    @Test
    default void deleteDevicesShouldDeleteTheirTokensWhenDevicesAreDeleted() {
        UserId user = registeredUser();
        NewSession gone = refreshableSession("GONE");
        NewSession kept = refreshableSession("KEPT");
        await(devices().login(user, gone));
        await(devices().login(user, kept));

        await(devices().deleteDevices(user, List.of("GONE", "NEVER-EXISTED")));

        assertThat(tokenRows(user, "GONE")).isZero();
        assertThat(await(devices().findAccessToken(gone.accessTokenHash()))).isEmpty();
        assertThat(await(devices().refresh(gone.refreshTokenHash(), nextSession()))).isEmpty();
        assertThat(await(devices().list(user))).extracting(DeviceRecord::deviceId).containsExactly("KEPT");
        assertThat(tokenRows(user, "KEPT")).isEqualTo(2);
        assertThat(await(devices().findAccessToken(kept.accessTokenHash()))).isPresent();
    }

    /** Access plus refresh token rows stored for a device, read directly. */
    private int tokenRows(UserId user, String deviceId) {
        return await(storage().db().read(ctx ->
                ctx.fetchCount(ACCESS_TOKENS, ACCESS_TOKENS.USER_ID.eq(user.toString()), ACCESS_TOKENS.DEVICE_ID.eq(deviceId))
                + ctx.fetchCount(REFRESH_TOKENS, REFRESH_TOKENS.USER_ID.eq(user.toString()),
                        REFRESH_TOKENS.DEVICE_ID.eq(deviceId))));
    }

    @Test
    default void deleteDevicesShouldChangeNothingWhenNoDeviceIsNamed() {
        UserId user = registeredUser();
        await(devices().login(user, session("DEV")));

        await(devices().deleteDevices(user, List.of()));

        assertThat(await(devices().list(user))).hasSize(1);
    }

    @Test
    default void listShouldReturnOnlyTheUsersDevicesOldestFirstWhenOthersHaveDevices() {
        UserId user = registeredUser();
        UserId other = registeredUser();
        await(devices().login(user, session("SECOND-BY-TIME")));
        storage().clock().advance(1000);
        await(devices().login(other, session("OTHERS")));
        await(devices().login(user, session("A-LAST-BY-TIME")));

        assertThat(await(devices().list(user))).extracting(DeviceRecord::deviceId)
                .containsExactly("SECOND-BY-TIME", "A-LAST-BY-TIME");
    }

    @Test
    default void renameShouldChangeTheDisplayNameWhenTheDeviceExists() {
        UserId user = registeredUser();
        await(devices().login(user, session("DEV")));

        assertThat(await(devices().rename(user, "DEV", "Tablet"))).isTrue();

        assertThat(await(devices().find(user, "DEV")).orElseThrow().displayName()).isEqualTo("Tablet");
    }

    @Test
    default void renameShouldAnswerFalseWhenTheDeviceIsUnknown() {
        UserId user = registeredUser();

        assertThat(await(devices().rename(user, "NOPE", "Tablet"))).isFalse();
        assertThat(await(devices().find(user, "NOPE"))).isEmpty();
    }

    @Test
    default void touchShouldRecordLastSeenWhenCalled() {
        UserId user = registeredUser();
        await(devices().login(user, session("DEV")));

        await(devices().touch(user, "DEV", 42_000, "198.51.100.9", "curl"));

        DeviceRecord d = await(devices().find(user, "DEV")).orElseThrow();
        assertThat(d.lastSeenTs()).isEqualTo(42_000L);
        assertThat(d.lastSeenIp()).isEqualTo("198.51.100.9");
        assertThat(d.lastSeenUserAgent()).isEqualTo("curl");
    }
}

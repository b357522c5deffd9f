package org.lightweb.storage.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.lightweb.core.UserId;
import org.lightweb.storage.testing.StorageContract;
import org.lightweb.storage.testing.TestClock;
import org.lightweb.storage.testing.TestStorage;

/** What {@link AccountRepository} promises, on every database. */
public interface AccountRepositoryContract extends StorageContract {

    default AccountRepository accounts() { return storage().accounts(); }

    @Test
    default void registerShouldStoreEveryFieldWhenTheIdIsFree() {
        UserId user = freshUserId();
        NewAccount account = new NewAccount(user, "$argon2id$hash", true, false, "bot", "irc-bridge", null,
                Optional.empty(), Optional.empty(), Optional.empty());

        long now = storage().clock().millis();

        assertThat(await(accounts().register(account))).isTrue();

        UserRecord stored = await(accounts().find(user)).orElseThrow();
        assertThat(stored).isEqualTo(new UserRecord(user, "$argon2id$hash", now, true, false, "bot",
                false, "irc-bridge"));
    }

    @Test
    default void registerShouldAnswerFalseWhenTheIdIsTaken() {
        UserId user = registeredUser();

        NewAccount again = new NewAccount(user, "$argon2id$other", true, false, null, null, null,
                Optional.empty(), Optional.empty(), Optional.empty());
        assertThat(await(accounts().register(again))).isFalse();
        assertThat(await(accounts().find(user)).orElseThrow().passwordHash()).isEqualTo("$argon2id$test-hash");
    }

    @Test
    default void registerShouldAnswerFalseWhenTheIdBelongedToADeactivatedUser() {
        UserId user = registeredUser();
        await(accounts().deactivate(user, true));

        assertThat(await(accounts().register(plainAccount(user)))).isFalse();
    }

    @Test
    default void registerShouldStoreDisplayNameThreepidAndSessionWhenGiven() {
        UserId user = freshUserId();
        Threepid email = new Threepid("email", user.localpart() + "@example.org", 10, 20);
        NewSession session = session("DEV1");
        NewAccount account = new NewAccount(user, "$argon2id$hash", false, false, null, null, "Zoë",
                Optional.of(email), Optional.empty(), Optional.of(session));

        assertThat(await(accounts().register(account))).isTrue();

        assertThat(await(storage().profiles().fields(user))).containsEntry("displayname", "\"Zoë\"");
        assertThat(await(storage().threepids().list(user))).containsExactly(email);
        TokenOwner owner = await(storage().devices().findAccessToken(session.accessTokenHash())).orElseThrow();
        assertThat(owner.userId()).isEqualTo(user);
        assertThat(owner.deviceId()).isEqualTo("DEV1");
    }

    @Test
    default void registerShouldTurnThePendingTokenUseIntoACompletedOneWhenATokenWasUsed() {
        String token = TestStorage.freshName("tok");
        var tokens = storage().registrationTokens();
        await(tokens.create(token, 2, null, TestClock.START));
        assertThat(await(tokens.reservePending(token, TestClock.START))).isTrue();
        UserId user = freshUserId();

        await(accounts().register(new NewAccount(user, null, false, false, null, null, null, Optional.empty(),
                Optional.of(token), Optional.empty())));

        var stored = await(tokens.find(token)).orElseThrow();
        assertThat(stored.pending()).isZero();
        assertThat(stored.completed()).isEqualTo(1);
    }

    @Test
    default void registerShouldStoreNothingWhenAPartOfTheAccountCannotBeStored() {
        UserId holder = registeredUser();
        Threepid email = new Threepid("email", holder.localpart() + "@example.org", 10, 20);
        assertThat(await(storage().threepids().bind(holder, email))).isTrue();
        UserId user = freshUserId();
        NewAccount clashing = new NewAccount(user, "$argon2id$hash", false, false, null, null, "Name",
                Optional.of(email), Optional.empty(), Optional.of(session("DEV1")));

        TestStorage.awaitFailure(accounts().register(clashing));

        assertThat(await(accounts().find(user))).isEmpty();
        assertThat(await(storage().profiles().fields(user))).isEmpty();
        assertThat(await(storage().devices().list(user))).isEmpty();
        assertThat(await(storage().threepids().owner("email", email.address()))).contains(holder);
    }

    @Test
    default void findShouldBeEmptyWhenTheUserIsUnknown() {
        assertThat(await(accounts().find(freshUserId()))).isEmpty();
    }

    @Test
    default void nextGuestNumberShouldGrowWhenCalledAgain() {
        long first = await(accounts().nextGuestNumber());
        long second = await(accounts().nextGuestNumber());

        assertThat(first).isPositive();
        assertThat(second).isGreaterThan(first);
    }

    @Test
    default void setPasswordShouldLogOutOtherDevicesWhenOneIsKept() {
        UserId user = registeredUser();
        NewSession kept = session("KEPT");
        NewSession other = session("OTHER");
        await(storage().devices().login(user, kept));
        await(storage().devices().login(user, other));

        await(accounts().setPassword(user, "$argon2id$new", "KEPT", false));

        assertThat(await(accounts().find(user)).orElseThrow().passwordHash()).isEqualTo("$argon2id$new");
        assertThat(await(storage().devices().list(user))).extracting(DeviceRecord::deviceId).containsExactly("KEPT");
        assertThat(await(storage().devices().findAccessToken(kept.accessTokenHash()))).isPresent();
        assertThat(await(storage().devices().findAccessToken(other.accessTokenHash()))).isEmpty();
    }

    @Test
    default void setPasswordShouldLogOutEveryDeviceWhenLogoutAllIsAsked() {
        UserId user = registeredUser();
        await(storage().devices().login(user, session("A")));
        await(storage().devices().login(user, session("B")));

        await(accounts().setPassword(user, "$argon2id$new", "A", true));

        assertThat(await(storage().devices().list(user))).isEmpty();
    }

    @Test
    default void setPasswordShouldKeepEveryDeviceWhenNoLogoutIsAsked() {
        UserId user = registeredUser();
        await(storage().devices().login(user, session("A")));
        await(storage().devices().login(user, session("B")));

        await(accounts().setPassword(user, null, null, false));

        assertThat(await(accounts().find(user)).orElseThrow().passwordHash()).isNull();
        assertThat(await(storage().devices().list(user))).hasSize(2);
    }

    @Test
    default void setAdminShouldChangeTheFlagWhenCalled() {
        UserId user = registeredUser();

        await(accounts().setAdmin(user, true));
        assertThat(await(accounts().find(user)).orElseThrow().admin()).isTrue();

        await(accounts().setAdmin(user, false));
        assertThat(await(accounts().find(user)).orElseThrow().admin()).isFalse();
    }

    @Test
    default void deactivateShouldRemoveLoginsThreepidsAndAvatarWhenNotErasing() {
        UserId user = registeredUser();
        NewSession session = session("DEV");
        await(storage().devices().login(user, session));
        await(storage().threepids().bind(user, new Threepid("email", user.localpart() + "@example.org", 1, 1)));
        await(storage().profiles().set(user, "displayname", "\"Name\""));
        await(storage().profiles().set(user, "avatar_url", "\"mxc://example.org/abc\""));

        await(accounts().deactivate(user, false));

        UserRecord stored = await(accounts().find(user)).orElseThrow();
        assertThat(stored.deactivated()).isTrue();
        assertThat(stored.passwordHash()).isNull();
        assertThat(await(storage().devices().list(user))).isEmpty();
        assertThat(await(storage().devices().findAccessToken(session.accessTokenHash()))).isEmpty();
        assertThat(await(storage().threepids().list(user))).isEmpty();
        assertThat(await(storage().profiles().fields(user))).containsOnlyKeys("displayname");
    }

    @Test
    default void deactivateShouldRemoveTheWholeProfileWhenErasing() {
        UserId user = registeredUser();
        await(storage().profiles().set(user, "displayname", "\"Name\""));
        await(storage().profiles().set(user, "m.tz", "\"Europe/Paris\""));

        await(accounts().deactivate(user, true));

        assertThat(await(storage().profiles().fields(user))).isEmpty();
    }

    @Test
    default void countUsersShouldCountEveryRegistrationWhenUsersAreAdded() {
        long before = await(accounts().countUsers());
        registeredUser();
        registeredUser();

        assertThat(await(accounts().countUsers())).isEqualTo(before + 2);
    }
}

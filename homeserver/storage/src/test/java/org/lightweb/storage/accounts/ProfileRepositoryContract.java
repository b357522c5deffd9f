package org.lightweb.storage.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lightweb.core.UserId;
import org.lightweb.storage.testing.StorageContract;

/** What {@link ProfileRepository} promises, on every database. */
public interface ProfileRepositoryContract extends StorageContract {

    default ProfileRepository profiles() { return storage().profiles(); }

    @Test
    default void fieldsShouldBeEmptyWhenNothingWasSet() {
        assertThat(await(profiles().fields(registeredUser()))).isEmpty();
    }

    @Test
    default void setShouldReplaceTheValueWhenTheFieldIsSetAgain() {
        UserId user = registeredUser();

        await(profiles().set(user, "displayname", "\"First\""));
        await(profiles().set(user, "displayname", "\"Second\""));

        assertThat(await(profiles().fields(user))).containsExactly(Map.entry("displayname", "\"Second\""));
    }

    @Test
    default void setShouldRemoveTheFieldWhenTheValueIsNull() {
        UserId user = registeredUser();
        await(profiles().set(user, "displayname", "\"Name\""));
        await(profiles().set(user, "avatar_url", "\"mxc://example.org/a\""));

        await(profiles().set(user, "displayname", null));
        await(profiles().set(user, "never-set", null));

        assertThat(await(profiles().fields(user))).containsOnlyKeys("avatar_url");
    }

    @Test
    default void fieldsShouldKeepJsonTextVerbatimWhenValuesAreStructuredOrNonAscii() {
        UserId user = registeredUser();
        String structured = "{\"list\":[1,2.5,null],\"nested\":{\"ok\":true}}";
        String unicode = "\"Zoë 🚀 \\u0000 漢字\"";

        await(profiles().set(user, "org.example.custom", structured));
        await(profiles().set(user, "displayname", unicode));

        assertThat(await(profiles().fields(user)))
                .containsEntry("org.example.custom", structured)
                .containsEntry("displayname", unicode);
    }

    @Test
    default void fieldsShouldComeInFieldNameOrderWhenSeveralAreSet() {
        UserId user = registeredUser();
        await(profiles().set(user, "m.tz", "\"UTC\""));
        await(profiles().set(user, "avatar_url", "\"mxc://example.org/a\""));
        await(profiles().set(user, "displayname", "\"Name\""));

        assertThat(await(profiles().fields(user)).keySet()).containsExactly("avatar_url", "displayname", "m.tz");
    }

    @Test
    default void fieldsShouldNotMixUsersWhenTwoUsersHaveProfiles() {
        UserId alice = registeredUser();
        UserId bob = registeredUser();

        await(profiles().set(alice, "displayname", "\"Alice\""));
        await(profiles().set(bob, "displayname", "\"Bob\""));

        assertThat(await(profiles().fields(alice))).containsExactly(Map.entry("displayname", "\"Alice\""));
        assertThat(await(profiles().fields(bob))).containsExactly(Map.entry("displayname", "\"Bob\""));
    }
}

package org.lightweb.storage.appservice;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.lightweb.storage.testing.StorageContract;
import org.lightweb.storage.testing.TestStorage;

public interface AppserviceRepositoryContract extends StorageContract {
    default AppserviceRepository repo() { return new JooqAppserviceRepository(storage().db()); }

    @Test
    default void positionShouldBeKeptAndReplacedWhenTransactionsAreAcknowledged() {
        String id = TestStorage.freshName("as");
        assertThat(await(repo().position(id))).isEmpty();
        await(repo().setPosition(id, new AppserviceRepository.Position(10, 1)));
        await(repo().setPosition(id, new AppserviceRepository.Position(25, 2)));
        assertThat(await(repo().position(id))).contains(new AppserviceRepository.Position(25, 2));
    }

    @Test
    default void registrationShouldBeAddedOnceAndRemovedWithItsPosition() {
        String id = TestStorage.freshName("as");
        assertThat(await(repo().addRegistration(id, "id: " + id, 5))).isTrue();
        assertThat(await(repo().addRegistration(id, "id: other", 6))).isFalse();
        assertThat(await(repo().registrations())).anyMatch(r -> r.id().equals(id) && r.yaml().equals("id: " + id));
        await(repo().setPosition(id, new AppserviceRepository.Position(3, 1)));

        assertThat(await(repo().removeRegistration(id))).isTrue();
        assertThat(await(repo().removeRegistration(id))).isFalse();
        assertThat(await(repo().position(id))).isEmpty();
        assertThat(await(repo().registrations())).noneMatch(r -> r.id().equals(id));
    }
}

package org.lightweb.storage.federation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.lightweb.storage.federation.ServerKeyRepository.StoredKey;
import org.lightweb.storage.testing.StorageContract;

public interface ServerKeyRepositoryContract extends StorageContract {
    private ServerKeyRepository repo() { return new JooqServerKeyRepository(storage().db()); }

    @Test
    default void keysOfShouldAnswerTheNewestDocumentWhenAKeyIsStoredTwice() {
        String server = org.lightweb.storage.testing.TestStorage.freshName("keys") + ".example";
        await(repo().store(List.of(new StoredKey(server, "ed25519:a", "AAAA", 100, null, 10, "{\"v\":1}"))));
        await(repo().store(List.of(new StoredKey(server, "ed25519:a", "AAAA", 200, 150L, 20, "{\"v\":2}"),
                new StoredKey(server, "ed25519:b", "BBBB", 200, null, 20, "{\"v\":2}"))));
        List<StoredKey> keys = await(repo().keysOf(server));
        assertThat(keys).extracting(StoredKey::keyId).containsExactlyInAnyOrder("ed25519:a", "ed25519:b");
        StoredKey a = keys.stream().filter(k -> k.keyId().equals("ed25519:a")).findFirst().orElseThrow();
        assertThat(a.validUntilTs()).isEqualTo(200);
        assertThat(a.expiredTs()).isEqualTo(150L);
        assertThat(a.keyJson()).isEqualTo("{\"v\":2}");
        assertThat(await(repo().keysOf("other." + server))).isEmpty();
    }
}

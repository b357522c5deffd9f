package org.lightweb.storage.e2ee;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.lightweb.storage.e2ee.KeyBackupRepository.RoomKey;
import org.lightweb.storage.e2ee.KeyBackupRepository.Version;
import org.lightweb.storage.testing.StorageContract;

/** Key backup: versions numbered per user and never reused, the replace rules, etags and counts. */
public interface KeyBackupRepositoryContract extends StorageContract {
    default KeyBackupRepository backups() { return new JooqKeyBackupRepository(storage().db()); }

    private static RoomKey key(String session, long first, long forwarded, boolean verified, String data) {
        return new RoomKey("!r:example.org", session, first, forwarded, verified, "{\"d\":\"" + data + "\"}");
    }

    @Test
    default void versionsShouldBeNumberedPerUserAndNeverReused() {
        String u = registeredUser().toString();
        assertThat(await(backups().find(u, Optional.empty()))).isEmpty();
        long first = await(backups().create(u, "alg", "{}"));
        long second = await(backups().create(u, "alg", "{\"a\":1}"));
        assertThat(second).isEqualTo(first + 1);
        assertThat(await(backups().find(u, Optional.empty()))).map(Version::version).contains(second);
        assertThat(await(backups().delete(u, second))).isTrue();
        assertThat(await(backups().delete(u, second))).isFalse();
        assertThat(await(backups().find(u, Optional.empty()))).map(Version::version).contains(first);
        assertThat(await(backups().create(u, "alg", "{}"))).isEqualTo(second + 1);
        assertThat(await(backups().update(u, first, "{\"b\":2}"))).isTrue();
        assertThat(await(backups().find(u, Optional.of(first)))).map(Version::authData).contains("{\"b\":2}");
    }

    @Test
    default void keysShouldOnlyBeReplacedByBetterOnesAndMoveTheEtag() {
        String u = registeredUser().toString();
        long v = await(backups().create(u, "alg", "{}"));
        await(backups().put(u, v, List.of(key("s1", 5, 1, false, "a"))));
        long etag = await(backups().find(u, Optional.of(v))).orElseThrow().etag();
        await(backups().put(u, v, List.of(key("s1", 6, 0, false, "worse"))));
        assertThat(await(backups().keys(u, v, null, null))).extracting(RoomKey::sessionData).containsExactly("{\"d\":\"a\"}");
        assertThat(await(backups().find(u, Optional.of(v))).orElseThrow().etag()).isEqualTo(etag);
        await(backups().put(u, v, List.of(key("s1", 5, 0, false, "fewer forwards"))));
        await(backups().put(u, v, List.of(key("s1", 9, 3, true, "verified"), key("s2", 0, 0, false, "b"))));
        assertThat(await(backups().keys(u, v, "!r:example.org", "s1"))).extracting(RoomKey::sessionData)
                .containsExactly("{\"d\":\"verified\"}");
        Version after = await(backups().find(u, Optional.of(v))).orElseThrow();
        assertThat(after.count()).isEqualTo(2);
        assertThat(after.etag()).isGreaterThan(etag);
        await(backups().deleteKeys(u, v, "!r:example.org", "s2"));
        assertThat(await(backups().find(u, Optional.of(v))).orElseThrow().count()).isEqualTo(1);
    }

    @Test
    default void deletingAllOfAUserDropsTheirKeysAndNeverReusesAVersion() {
        String u = registeredUser().toString();
        long v = await(backups().create(u, "alg", "{}"));
        await(backups().put(u, v, List.of(key("s1", 0, 0, false, "a"))));
        await(backups().deleteAllOf(u));
        assertThat(await(backups().find(u, Optional.empty()))).isEmpty();
        assertThat(await(backups().keys(u, v, null, null))).isEmpty();
        assertThat(await(backups().create(u, "alg", "{}"))).isEqualTo(v + 1);
    }
}

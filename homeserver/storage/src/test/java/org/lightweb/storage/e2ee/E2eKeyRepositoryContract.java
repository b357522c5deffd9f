package org.lightweb.storage.e2ee;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.lightweb.core.UserId;
import org.lightweb.storage.e2ee.E2eKeyRepository.OneTimeKey;
import org.lightweb.storage.e2ee.E2eKeyRepository.Signature;
import org.lightweb.storage.testing.StorageContract;

/** E2E keys: device keys with the device, one-time keys claimed once (also concurrently), fallback keys, cross-signing. */
public interface E2eKeyRepositoryContract extends StorageContract {
    default E2eKeyRepository keys() { return new JooqE2eKeyRepository(storage().db()); }

    private UserId userWithDevice() {
        UserId user = registeredUser();
        await(storage().devices().login(user, session("D1")));
        return user;
    }

    @Test
    default void deviceKeysShouldBeListedWithTheDeviceAndGoneWhenItIsDeleted() {
        UserId user = userWithDevice();
        await(keys().setDeviceKeys(user.toString(), "D1", "{\"a\":1}", 1));
        await(keys().setDeviceKeys(user.toString(), "D1", "{\"a\":2}", 2));
        assertThat(await(keys().deviceKeysOf(List.of(user.toString())))).extracting(E2eKeyRepository.DeviceKeys::keyJson)
                .containsExactly("{\"a\":2}");
        await(keys().addOneTimeKeys(user.toString(), "D1", List.of(new OneTimeKey("signed_curve25519", "k1", "\"x\"")), 1));
        await(storage().devices().deleteDevices(user, List.of("D1")));
        assertThat(await(keys().deviceKeys(user.toString(), "D1"))).isEmpty();
        assertThat(await(keys().oneTimeKeyCounts(user.toString(), "D1"))).isEmpty();
    }

    @Test
    default void oneTimeKeysShouldBeClaimedOnceThenTheFallbackKeyStays() {
        UserId user = userWithDevice();
        String u = user.toString();
        assertThat(await(keys().addOneTimeKeys(u, "D1", List.of(new OneTimeKey("signed_curve25519", "k1", "\"x\"")), 1))).isEmpty();
        assertThat(await(keys().addOneTimeKeys(u, "D1", List.of(new OneTimeKey("signed_curve25519", "k1", "\"x\"")), 1))).isEmpty();
        assertThat(await(keys().addOneTimeKeys(u, "D1", List.of(new OneTimeKey("signed_curve25519", "k1", "\"other\"")), 1)))
                .containsExactly("signed_curve25519:k1");
        assertThat(await(keys().oneTimeKeyCounts(u, "D1"))).isEqualTo(Map.of("signed_curve25519", 1));
        await(keys().setFallbackKeys(u, "D1", List.of(new OneTimeKey("signed_curve25519", "f1", "\"fb\""))));
        assertThat(await(keys().unusedFallbackKeyTypes(u, "D1"))).containsExactly("signed_curve25519");

        assertThat(await(keys().claim(u, "D1", "signed_curve25519"))).map(OneTimeKey::keyId).contains("k1");
        assertThat(await(keys().claim(u, "D1", "signed_curve25519"))).map(OneTimeKey::keyId).contains("f1");
        assertThat(await(keys().claim(u, "D1", "signed_curve25519"))).map(OneTimeKey::keyId).contains("f1");
        assertThat(await(keys().unusedFallbackKeyTypes(u, "D1"))).isEmpty();
        await(keys().setFallbackKeys(u, "D1", List.of(new OneTimeKey("signed_curve25519", "f2", "\"fb2\""))));
        assertThat(await(keys().unusedFallbackKeyTypes(u, "D1"))).containsExactly("signed_curve25519");
        assertThat(await(keys().claim(u, "D1", "other_algorithm"))).isEmpty();
    }

    @Test
    default void concurrentClaimsShouldNeverGetTheSameOneTimeKey() {
        UserId user = userWithDevice();
        String u = user.toString();
        List<OneTimeKey> ten = new ArrayList<>();
        for (int i = 0; i < 10; i++) ten.add(new OneTimeKey("signed_curve25519", "k" + i, "\"" + i + "\""));
        await(keys().addOneTimeKeys(u, "D1", ten, 1));
        List<Future<Optional<OneTimeKey>>> claims = new ArrayList<>();
        for (int i = 0; i < 10; i++) claims.add(keys().claim(u, "D1", "signed_curve25519"));
        await(Future.all(claims));
        Set<String> got = new HashSet<>();
        claims.forEach(c -> got.add(c.result().orElseThrow().keyId()));
        assertThat(got).hasSize(10);
        assertThat(await(keys().claim(u, "D1", "signed_curve25519"))).isEmpty();
    }

    @Test
    default void crossSigningKeysAndSignaturesShouldBeReplacedAndRead() {
        String u = registeredUser().toString();
        await(keys().setCrossSigningKeys(u, Map.of("master", "{\"m\":1}", "self_signing", "{\"s\":1}"), 1));
        await(keys().setCrossSigningKeys(u, Map.of("master", "{\"m\":2}"), 2));
        assertThat(await(keys().crossSigningKeys(u))).isEqualTo(Map.of("master", "{\"m\":2}", "self_signing", "{\"s\":1}"));
        await(keys().addSignatures(List.of(new Signature(u, "ed25519:S", u, "D1", "sig1"))));
        await(keys().addSignatures(List.of(new Signature(u, "ed25519:S", u, "D1", "sig2"))));
        assertThat(await(keys().signaturesOver(List.of(u)))).extracting(Signature::signature).containsExactly("sig2");
    }

    @Test
    default void deletingAllOfAUserForgetsTheirCrossSigningKeysAndSignaturesByAndOverThem() {
        String u = registeredUser().toString();
        String other = registeredUser().toString();
        await(keys().setCrossSigningKeys(u, Map.of("master", "{\"m\":1}"), 1));
        await(keys().setCrossSigningKeys(other, Map.of("master", "{\"o\":1}"), 1));
        await(keys().addSignatures(List.of(new Signature(u, "ed25519:U", other, "M", "by u"),
                new Signature(other, "ed25519:O", u, "M", "over u"), new Signature(other, "ed25519:O", other, "D", "kept"))));
        assertThat(await(keys().deleteAllOf(u))).isTrue();
        assertThat(await(keys().crossSigningKeys(u))).isEmpty();
        assertThat(await(keys().crossSigningKeys(other))).isNotEmpty();
        assertThat(await(keys().signaturesOver(List.of(u, other)))).extracting(Signature::signature).containsExactly("kept");
        assertThat(await(keys().deleteAllOf(u))).isFalse();
    }
}

package org.lightweb.federation.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningKeyTest {
    /** The appendices' signing test key: seed YJDBA9Xnr2sVqXD9Vj7XVUnmFZcZrlw8Md7kMW+3XA1, public key id 1. */
    private static final String SPEC_KEY = "ed25519 1 YJDBA9Xnr2sVqXD9Vj7XVUnmFZcZrlw8Md7kMW+3XA1";

    @Test
    void signShouldMatchTheSpecVectorWhenSigningTheEmptyObject() {
        SigningKey key = SigningKey.parse(SPEC_KEY);
        byte[] sig = key.sign("{}".getBytes(StandardCharsets.UTF_8));
        assertThat(Base64.getEncoder().withoutPadding().encodeToString(sig))
                .isEqualTo("K8280/U9SSy9IVtjBuVeLr+HpOB4BQFWbg+UZaADMtTdGYI7Geitb76LTrr5QV/7Xg4ahLwYGYZzuHGZKM5ZAQ");
        assertThat(key.keyId()).isEqualTo("ed25519:1");
    }

    @Test
    void verifyShouldFailWhenMessageChanged() {
        SigningKey key = SigningKey.generate();
        byte[] sig = key.sign("hello".getBytes(StandardCharsets.UTF_8));
        assertThat(SigningKey.verify(key.publicKey(), "hello".getBytes(StandardCharsets.UTF_8), sig)).isTrue();
        assertThat(SigningKey.verify(key.publicKey(), "hellO".getBytes(StandardCharsets.UTF_8), sig)).isFalse();
    }

    @Test
    void loadOrCreateShouldReturnTheSameKeyWhenCalledTwice(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("keys/signing.key");
        SigningKey first = SigningKey.loadOrCreate(file);
        SigningKey second = SigningKey.loadOrCreate(file);
        assertThat(second.serialize()).isEqualTo(first.serialize());
    }

    @Test
    void parseShouldRejectWhenLineIsMalformed() {
        assertThatThrownBy(() -> SigningKey.parse("rsa 1 abc")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SigningKey.parse("ed25519 1 !!!")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SigningKey.parse("ed25519 1 AAAA")).isInstanceOf(IllegalArgumentException.class);
    }
}

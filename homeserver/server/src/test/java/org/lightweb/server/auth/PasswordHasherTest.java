package org.lightweb.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {
    private final PasswordHasher hasher = new PasswordHasher(256, 1, 1);

    @Test
    void verifyShouldAcceptTheRightPasswordAndRefuseOthers() {
        String hash = hasher.hash("correct horse");
        assertThat(hash).startsWith("$argon2id$v=19$m=256,t=1,p=1$");
        assertThat(hasher.verify("correct horse", hash)).isTrue();
        assertThat(hasher.verify("correct horsE", hash)).isFalse();
        assertThat(hasher.hash("correct horse")).isNotEqualTo(hash);   // salted
    }

    @Test
    void verifyShouldMatchAReferenceArgon2idHash() {
        // From the reference implementation (argon2 CLI): echo -n password | argon2 somesalt -id -t 2 -k 65536 -p 1 -l 32
        String reference = "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc";
        assertThat(hasher.verify("password", reference)).isTrue();
        assertThat(hasher.verify("passwore", reference)).isFalse();
    }

    @Test
    void verifyShouldAcceptSynapseBcryptHashes() {
        // bcrypt of "password" with cost 4 (as Synapse stores them, without pepper).
        String bcrypt = org.bouncycastle.crypto.generators.OpenBSDBCrypt.generate("password".toCharArray(), new byte[16], 4);
        assertThat(hasher.verify("password", bcrypt)).isTrue();
        assertThat(hasher.verify("other", bcrypt)).isFalse();
    }

    @Test
    void verifyShouldRefuseGarbageWithoutThrowing() {
        assertThat(hasher.verify("x", null)).isFalse();
        assertThat(hasher.verify("x", "plaintext")).isFalse();
        assertThat(hasher.verify("x", "$argon2id$v=19$m=abc$zz$zz")).isFalse();
        assertThat(hasher.verify("x", "$2b$garbage")).isFalse();
    }
}

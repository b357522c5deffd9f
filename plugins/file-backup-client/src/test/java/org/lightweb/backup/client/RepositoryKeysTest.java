package org.lightweb.backup.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RepositoryKeysTest {
    @TempDir
    Path tmp;

    private Repository.Created init(Path dir) throws Exception {
        return Repository.init(new LocalBackend(dir), "s3cret passphrase", TestTrees.FAST_KDF, TestTrees.SMALL_CHUNKS, TestTrees.SMALL_PACK);
    }

    @Test
    void openShouldFailWithWrongKeyWhenThePassphraseIsWrong() throws Exception {
        init(tmp.resolve("r"));
        assertThatThrownBy(() -> Repository.open(new LocalBackend(tmp.resolve("r")), "passphrase", "s3cret passphrasE"))
                .isInstanceOf(BackupException.class).hasMessageContaining("wrong passphrase")
                .extracting(e -> ((BackupException) e).kind()).isEqualTo(BackupException.Kind.WRONG_KEY);
    }

    @Test
    void openShouldGiveTheSameMasterKeyWhenUsingTheRecoveryCodeTypedSloppily() throws Exception {
        Repository.Created c = init(tmp.resolve("r"));
        assertThat(c.recoveryCode()).matches("([A-Z2-9]{4}-){7}[A-Z2-9]{4}");
        String typed = " " + c.recoveryCode().toLowerCase(Locale.ROOT).replace("-", " ") + " ";
        Repository r = Repository.open(new LocalBackend(tmp.resolve("r")), "recovery", typed);
        assertThat(r.key().enc()).isEqualTo(c.repository().key().enc());
        assertThat(r.key().id()).isEqualTo(c.repository().key().id());
        // the recovery code is not a passphrase, nor the other way round
        assertThatThrownBy(() -> Repository.open(new LocalBackend(tmp.resolve("r")), "passphrase", c.recoveryCode()))
                .isInstanceOf(BackupException.class);
        assertThatThrownBy(() -> Repository.open(new LocalBackend(tmp.resolve("r")), "recovery", "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH"))
                .hasMessageContaining("wrong recovery code");
    }

    @Test
    void addedPassphraseShouldOpenTheRepositoryWhenASecondMemberJoins() throws Exception {
        Repository.Created c = init(tmp.resolve("r"));
        c.repository().addPassphrase("member two", TestTrees.FAST_KDF, "member two's laptop");
        Repository r = Repository.open(new LocalBackend(tmp.resolve("r")), "passphrase", "member two");
        assertThat(r.key().enc()).isEqualTo(c.repository().key().enc());
        assertThat(new LocalBackend(tmp.resolve("r")).list(BlobType.KEYS)).hasSize(3);
    }

    @Test
    void keyFilesShouldHoldTheArgon2ParametersAndNoKeyMaterialWhenWritten() throws Exception {
        Repository.Created c = init(tmp.resolve("r"));
        LocalBackend b = new LocalBackend(tmp.resolve("r"));
        for (String k : b.list(BlobType.KEYS)) {
            String json = new String(b.get(BlobType.KEYS, k), StandardCharsets.UTF_8);
            assertThat(json).contains("\"argon2id\"").contains("\"memory_kib\":1024").contains("\"iterations\":1");
            for (byte[] secret : List.of(c.repository().key().enc(), c.repository().key().id(), c.repository().key().sign()))
                assertThat(json).doesNotContain(Base64.getEncoder().encodeToString(secret)).doesNotContain(Crypto.hex(secret));
        }
    }

    @Test
    void openShouldStillWorkWithThePassphraseWhenOnlyTheRecoveryKeyFileIsDamaged() throws Exception {
        init(tmp.resolve("r"));
        LocalBackend b = new LocalBackend(tmp.resolve("r"));
        for (String k : b.list(BlobType.KEYS)) {
            Path key = tmp.resolve("r/keys").resolve(k);
            if (Files.readString(key).contains("\"recovery\"")) Files.writeString(key, Files.readString(key).replace("\"recovery code\"", "\"rec0very code\""));
        }
        assertThat(Repository.open(b, "passphrase", "s3cret passphrase")).isNotNull();
    }

    @Test
    void openShouldReportTamperingWhenAKeyFileIsModified() throws Exception {
        init(tmp.resolve("r"));
        LocalBackend b = new LocalBackend(tmp.resolve("r"));
        for (String k : b.list(BlobType.KEYS)) {
            Path key = tmp.resolve("r/keys").resolve(k);
            Files.writeString(key, Files.readString(key).replace("\"owner\"", "\"0wner\""));
        }
        assertThatThrownBy(() -> Repository.open(b, "passphrase", "s3cret passphrase"))
                .isInstanceOf(BackupException.class).hasMessageContaining("does not match its name")
                .extracting(e -> ((BackupException) e).kind()).isEqualTo(BackupException.Kind.INTEGRITY);
    }

    @Test
    void openShouldRefuseWhenTheStoredConfigAsksForHugeChunks() throws Exception {
        init(tmp.resolve("r"));
        Path config = tmp.resolve("r/config");
        Files.writeString(config, Files.readString(config).replace("\"chunkMax\":65536", "\"chunkMax\":1073741824"));
        assertThatThrownBy(() -> Repository.open(new LocalBackend(tmp.resolve("r")), "passphrase", "s3cret passphrase"))
                .isInstanceOf(BackupException.class).hasMessageContaining("64 MiB");
    }

    @Test
    void openShouldSayThereIsNoRepositoryWhenTheDirectoryIsEmpty() {
        assertThatThrownBy(() -> Repository.open(new LocalBackend(tmp), "passphrase", "x")).hasMessageContaining("no repository");
    }

    @Test
    void initShouldRefuseWhenARepositoryExists() throws Exception {
        init(tmp.resolve("r"));
        assertThatThrownBy(() -> init(tmp.resolve("r"))).hasMessageContaining("already exists");
    }
}

package org.lightweb.backup.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The recovery access key in config, recovery enable, and copying a repository blob for blob. */
class RecoveryTest {
    @TempDir
    Path tmp;

    private Repository.Created init(Path dir) throws Exception {
        return Repository.init(new LocalBackend(dir), "s3cret passphrase", TestTrees.FAST_KDF, TestTrees.SMALL_CHUNKS, TestTrees.SMALL_PACK);
    }

    @Test
    void initShouldPutTheRecoveryCodesPublicKeyInConfigWhenCreatingARepository() throws Exception {
        Repository.Created c = init(tmp.resolve("r"));
        Model.Config config = Repository.readConfig(new LocalBackend(tmp.resolve("r")));
        assertThat(config.recoveryKey()).isEqualTo(RecoveryAccess.fromCode(c.recoveryCode()).publicKey());
        // typed sloppily, the code gives the same key; another code another one
        assertThat(RecoveryAccess.fromCode(c.recoveryCode().toLowerCase().replace("-", " ")).publicKey()).isEqualTo(config.recoveryKey());
        assertThat(RecoveryAccess.fromCode("AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH").publicKey()).isNotEqualTo(config.recoveryKey());
    }

    @Test
    void authorizationShouldVerifyUnderTheConfigKeyForThatMethodPathAndTimeOnly() throws Exception {
        Repository.Created c = init(tmp.resolve("r"));
        RecoveryAccess access = RecoveryAccess.fromCode(c.recoveryCode());
        String header = access.authorization("GET", "/_lightweb/file-backup/v1/recovery/kaslo/abc/home/keys", 1234L);
        assertThat(header).startsWith("LightwebRecovery ts=1234,sig=");
        byte[] sig = java.util.Base64.getDecoder().decode(header.substring(header.indexOf("sig=") + 4));
        byte[] pub = java.util.Base64.getDecoder().decode(c.repository().config().recoveryKey());
        assertThat(verify(pub, RecoveryAccess.message("GET", "/_lightweb/file-backup/v1/recovery/kaslo/abc/home/keys", 1234L), sig)).isTrue();
        assertThat(verify(pub, RecoveryAccess.message("GET", "/_lightweb/file-backup/v1/recovery/kaslo/abc/home/data", 1234L), sig)).isFalse();
        assertThat(verify(pub, RecoveryAccess.message("GET", "/_lightweb/file-backup/v1/recovery/kaslo/abc/home/keys", 1235L), sig)).isFalse();
    }

    private static boolean verify(byte[] pub, byte[] msg, byte[] sig) {
        Ed25519Signer s = new Ed25519Signer();
        s.init(false, new Ed25519PublicKeyParameters(pub, 0));
        s.update(msg, 0, msg.length);
        return s.verifySignature(sig);
    }

    @Test
    void enableRecoveryShouldAddTheKeyToAnOlderConfigWhenGivenTheRightCode() throws Exception {
        Repository.Created c = init(tmp.resolve("r"));
        LocalBackend b = new LocalBackend(tmp.resolve("r"));
        // a repository from before recovery access: config without recoveryKey
        ObjectMapper json = new ObjectMapper();
        @SuppressWarnings("unchecked")
        Map<String, Object> raw = json.readValue(b.get(BlobType.CONFIG, "config"), Map.class);
        raw.remove("recoveryKey");
        b.put(BlobType.CONFIG, "config", json.writeValueAsBytes(raw));
        assertThat(Repository.readConfig(b).recoveryKey()).isNull();

        Repository r = Repository.open(b, "passphrase", "s3cret passphrase");
        assertThatThrownBy(() -> r.enableRecovery("AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH")).hasMessageContaining("wrong recovery code");
        assertThat(Repository.readConfig(b).recoveryKey()).isNull();
        r.enableRecovery(c.recoveryCode());
        assertThat(Repository.readConfig(b).recoveryKey()).isEqualTo(RecoveryAccess.fromCode(c.recoveryCode()).publicKey());
        assertThat(Repository.open(b, "passphrase", "s3cret passphrase").config().verifyKey()).isEqualTo(c.repository().config().verifyKey());
    }

    @Test
    void copyShouldGiveARepositoryThatRestoresByteForByteAndResumeWithoutRecopying() throws Exception {
        Repository.Created c = init(tmp.resolve("r"));
        Path src = tmp.resolve("src");
        TestTrees.generate(src, 30, 11);
        new BackupEngine(c.repository(), BackupEngine.Progress.NONE).push(List.of(src));

        LocalBackend to = new LocalBackend(Files.createDirectories(tmp.resolve("copy")));
        RepositoryCopy.Result first = RepositoryCopy.copy(new LocalBackend(tmp.resolve("r")), to, BackupEngine.Progress.NONE);
        assertThat(first.copied()).isPositive();
        assertThat(to.list(BlobType.LOCK)).isEmpty();
        RepositoryCopy.Result again = RepositoryCopy.copy(new LocalBackend(tmp.resolve("r")), to, BackupEngine.Progress.NONE);
        assertThat(again.copied()).isZero();
        assertThat(again.skipped()).isEqualTo(first.copied());

        Repository copy = Repository.open(to, "recovery", c.recoveryCode());
        BackupEngine engine = new BackupEngine(copy, BackupEngine.Progress.NONE);
        assertThat(engine.verify(true).ok()).isTrue();
        engine.restore("latest", tmp.resolve("out"), List.of());
        TestTrees.assertSameTree(src, tmp.resolve("out").resolve("src"));
    }

    @Test
    void copyShouldRefuseADamagedBlobAndNotWriteConfigWhenTheSourceWasTamperedWith() throws Exception {
        Repository.Created c = init(tmp.resolve("r"));
        Path src = tmp.resolve("src");
        TestTrees.generate(src, 5, 3);
        new BackupEngine(c.repository(), BackupEngine.Progress.NONE).push(List.of(src));
        LocalBackend from = new LocalBackend(tmp.resolve("r"));
        String pack = from.list(BlobType.PACK).get(0);
        Path packFile;
        try (var walk = Files.walk(tmp.resolve("r"))) {
            packFile = walk.filter(p -> p.getFileName().toString().equals(pack)).findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(packFile);
        bytes[10] ^= 1;
        Files.write(packFile, bytes);

        LocalBackend to = new LocalBackend(Files.createDirectories(tmp.resolve("copy")));
        assertThatThrownBy(() -> RepositoryCopy.copy(from, to, BackupEngine.Progress.NONE))
                .isInstanceOf(BackupException.class).hasMessageContaining("data/" + pack)
                .extracting(e -> ((BackupException) e).kind()).isEqualTo(BackupException.Kind.INTEGRITY);
        assertThat(to.has(BlobType.CONFIG, "config")).isFalse();
        assertThat(to.has(BlobType.PACK, pack)).isFalse();
    }

    @Test
    void partnerBackendShouldBeReadOnlyAndRefuseAMalformedUserId() {
        RecoveryAccess access = RecoveryAccess.fromCode("AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH");
        HttpBackend b = HttpBackend.partner(URI.create("http://127.0.0.1:9"), "@alice:kaslo.example", "home", access, HttpBackend.Options.DEFAULT);
        assertThatThrownBy(() -> b.put(BlobType.PACK, "ab".repeat(32), "x".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(BackupException.class).hasMessageContaining("read-only");
        assertThatThrownBy(() -> b.delete(BlobType.PACK, "ab".repeat(32))).hasMessageContaining("read-only");
        assertThatThrownBy(() -> HttpBackend.partner(URI.create("http://127.0.0.1:9"), "alice", "home", access, HttpBackend.Options.DEFAULT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("@alice:kaslo.example");
        assertThat(HttpBackend.partner(URI.create("http://127.0.0.1:9"), "!team:kaslo.example", "home", access, HttpBackend.Options.DEFAULT)
                .describe()).as("a group's repository, by its room id").contains("home");
        assertThat(RecoveryAccess.pseudonym("@alice:kaslo.example")).matches("[0-9a-f]{32}")
                .isNotEqualTo(RecoveryAccess.pseudonym("@bob:kaslo.example"));
    }
}

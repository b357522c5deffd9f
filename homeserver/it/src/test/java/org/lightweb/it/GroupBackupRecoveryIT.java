package org.lightweb.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.lightweb.backup.client.TestTrees;
import org.lightweb.core.Json;

/**
 * A group repository replicates like a member's (the room id is the owner, pseudonymised at the partner): when the
 * home node is lost, the group's recovery code reads the partner's copy by the room id and restores it.
 */
class GroupBackupRecoveryIT {
    static final int KASLO_PORT = FederatingNodes.freePort();
    static final int NELSON_PORT = FederatingNodes.freePort();

    @RegisterExtension
    static final TestNode kaslo = FederatingNodes.node(KASLO_PORT, c -> FileBackupReplicationIT.configure(c, "127.0.0.1:" + NELSON_PORT));
    @RegisterExtension
    static final TestNode nelson = FederatingNodes.node(NELSON_PORT, c -> FileBackupReplicationIT.configure(c, "127.0.0.1:" + KASLO_PORT));

    @TempDir
    Path tmp;

    CliRun ok(Map<String, String> env, String... args) {
        return CliRun.ok(env, args);
    }

    @Test
    void groupRepositoryShouldRestoreFromThePartnerWithTheGroupsRecoveryCodeWhenTheHomeNodeIsLost() throws Exception {
        var alice = kaslo.client().register("alice", "password123");
        var created = kaslo.client().post("/_matrix/client/v3/createRoom", alice.accessToken(), Json.object().put("preset", "private_chat"));
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        String room = created.json().path("room_id").asText();
        Map<String, String> env = new HashMap<>(Map.of("HOME", tmp.toString(), "LIGHTWEB_BACKUP_PASSWORD", "alice's identity passphrase"));
        ok(env, "--server", kaslo.baseUrl(), "--token", alice.accessToken(), "login");
        CliRun init = ok(env, "--group", room, "--repo", "team", "group", "init", "--argon2-memory-kib", "1024",
                "--argon2-iterations", "1", "--chunk-min", "4096", "--chunk-avg", "16384", "--chunk-max", "65536", "--pack-size", "262144");
        String code = init.recoveryCode();
        Path src = tmp.resolve("shared");
        TestTrees.generate(src, 30, 7);
        ok(env, "--group", room, "--repo", "team", "push", src.toString());

        FileBackupReplicationIT.awaitReplicated(kaslo, nelson);
        assertThat(FileBackupReplicationIT.replicaFiles(nelson)).allSatisfy(p -> assertThat(p.toString()).doesNotContain(room));

        kaslo.stopKeepingData();
        FileBackupRecoveryIT.deleteRecursively(kaslo.dataDir());
        Files.createDirectories(kaslo.dataDir());

        Map<String, String> noPassphrase = new HashMap<>(Map.of("HOME", tmp.resolve("elsewhere").toString()));
        String[] recover = {"--state", tmp.resolve("no-login.json").toString(), "--from-partner", nelson.baseUrl(),
                "--user-id", room, "--repo", "team", "--recovery-code", code};
        assertThat(ok(noPassphrase, FileBackupRecoveryIT.concat(recover, "snapshots")).out()).contains(src.toString());
        ok(noPassphrase, FileBackupRecoveryIT.concat(recover, "verify", "--read-data"));
        ok(noPassphrase, FileBackupRecoveryIT.concat(recover, "restore", "latest", tmp.resolve("restored").toString()));
        TestTrees.assertSameTree(src, tmp.resolve("restored").resolve("shared"));
    }
}

package org.lightweb.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.lightweb.backup.client.TestTrees;

/**
 * The home node is lost: alice pushed at kaslo, kaslo replicated to nelson, then kaslo's data directory is deleted.
 * With her recovery code alone she reads nelson's copy (signed requests, no account there), restores it byte for
 * byte, and copies it into a repository on her new home, nelson, where her passphrase opens it again.
 */
class FileBackupRecoveryIT {
    static final int KASLO_PORT = FederatingNodes.freePort();
    static final int NELSON_PORT = FederatingNodes.freePort();

    @RegisterExtension
    static final TestNode kaslo = FederatingNodes.node(KASLO_PORT, c -> FileBackupReplicationIT.configure(c, "127.0.0.1:" + NELSON_PORT));
    @RegisterExtension
    static final TestNode nelson = FederatingNodes.node(NELSON_PORT, c -> FileBackupReplicationIT.configure(c, "127.0.0.1:" + KASLO_PORT));

    @TempDir
    Path tmp;

    CliRun cli(Map<String, String> env, String... args) {
        return CliRun.run(env, args);
    }

    CliRun ok(Map<String, String> env, String... args) {
        return CliRun.ok(env, args);
    }

    static String[] args(String... parts) {
        return parts;
    }

    static String[] concat(String[] a, String... b) {
        return Stream.concat(Stream.of(a), Stream.of(b)).toArray(String[]::new);
    }

    @Test
    void ownerShouldRestoreFromThePartnerWithTheRecoveryCodeWhenTheHomeNodeIsLost() throws Exception {
        kaslo.client().register("alice", "password123");
        String alice = "@alice:" + kaslo.serverName();
        Map<String, String> env = new HashMap<>(Map.of("HOME", tmp.toString(), "LIGHTWEB_BACKUP_PASSWORD", FileBackupIT.PASSPHRASE));
        String state = tmp.resolve("state.json").toString();
        ok(env, "--server", kaslo.baseUrl(), "--user", "alice", "--password", "password123", "--state", state, "login");
        CliRun init = ok(env, concat(args("--state", state, "--repo", "home", "init"), FileBackupIT.SMALL_REPO));
        String code = init.recoveryCode();
        Path src = tmp.resolve("src");
        TestTrees.generate(src, 40, 5);
        ok(env, "--state", state, "--repo", "home", "push", src.toString());

        FileBackupReplicationIT.awaitReplicated(kaslo, nelson);

        // kaslo burns down
        kaslo.stopKeepingData();
        deleteRecursively(kaslo.dataDir());
        Files.createDirectories(kaslo.dataDir());

        String[] fromNelson = args("--state", tmp.resolve("no-login.json").toString(), "--from-partner", nelson.baseUrl(),
                "--user-id", alice, "--repo", "home");
        Map<String, String> noPassphrase = new HashMap<>(Map.of("HOME", tmp.toString()));
        CliRun wrong = cli(noPassphrase, concat(fromNelson, "--recovery-code", "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH", "snapshots"));
        assertThat(wrong.code()).isEqualTo(1);
        assertThat(wrong.err()).contains("partner refused the recovery code's signature").contains("M_FORBIDDEN");
        CliRun missing = cli(noPassphrase, concat(fromNelson, "snapshots"));
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("--recovery-code");

        String[] recover = concat(fromNelson, "--recovery-code", code);
        assertThat(ok(noPassphrase, concat(recover, "snapshots")).out()).contains(src.toString());
        ok(noPassphrase, concat(recover, "verify", "--read-data"));
        ok(noPassphrase, concat(recover, "restore", "latest", tmp.resolve("restored").toString()));
        TestTrees.assertSameTree(src, tmp.resolve("restored").resolve("src"));
        CliRun push = cli(noPassphrase, concat(recover, "push", src.toString()));
        assertThat(push.code()).isNotZero();
        assertThat(push.err()).contains("read-only");

        // a new home: alice on nelson copies the partner's copy into a repository of her own there
        nelson.client().register("alice", "password123");
        String newState = tmp.resolve("nelson.json").toString();
        ok(env, "--server", nelson.baseUrl(), "--user", "alice", "--password", "password123", "--state", newState, "login");
        CliRun copy = ok(noPassphrase, concat(args("--state", newState, "--from-partner", nelson.baseUrl(), "--user-id", alice, "--repo", "home",
                "--recovery-code", code), "copy", "--to-repo", "home"));
        assertThat(copy.out()).contains("copied").contains("0 already there");
        ok(env, "--state", newState, "--repo", "home", "restore", "latest", tmp.resolve("again").toString());
        TestTrees.assertSameTree(src, tmp.resolve("again").resolve("src"));
        CliRun next = ok(env, "--state", newState, "--repo", "home", "push", src.toString());
        assertThat(next.out()).contains("0 new chunks"); // pushes go on where they stopped: nothing is uploaded again
    }

    static void deleteRecursively(Path dir) throws Exception {
        List<Path> all = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.forEach(all::add);
        }
        for (int i = all.size() - 1; i >= 0; i--) Files.deleteIfExists(all.get(i));
    }
}

package org.lightweb.backup.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.crypto.AEADBadTagException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroupRepositoryTest {
    static final String ALICE = "@alice:kaslo.test";
    static final String BOB = "@bob:kaslo.test";
    static final String CAROL = "@carol:kaslo.test";

    @TempDir
    Path tmp;

    final Identity alice = Identity.generate();
    final Identity bob = Identity.generate();
    final Identity carol = Identity.generate();

    private static BackupEngine engine(Repository r) {
        return new BackupEngine(r, BackupEngine.Progress.NONE);
    }

    private Backend backend() throws Exception {
        Files.createDirectories(tmp.resolve("repo"));
        return new LocalBackend(tmp.resolve("repo"));
    }

    private Repository.Created init() throws Exception {
        return GroupRepository.init(backend(), ALICE, alice, TestTrees.FAST_KDF, TestTrees.SMALL_CHUNKS, TestTrees.SMALL_PACK);
    }

    @Test
    void memberKeyFileShouldOpenOnlyForItsMemberWhenWrapped() throws Exception {
        Repository repo = init().repository();
        assertThat(GroupRepository.add(repo, BOB, bob.publicKey())).isTrue();
        assertThat(GroupRepository.add(repo, BOB, bob.publicKey())).as("the same key again is a no-op").isFalse();
        Repository asBob = GroupRepository.open(backend(), BOB, bob);
        assertThat(asBob.key().verifyKey()).isEqualTo(repo.key().verifyKey());
        assertThatThrownBy(() -> GroupRepository.open(backend(), CAROL, carol)).isInstanceOf(BackupException.class)
                .extracting(e -> ((BackupException) e).kind()).isEqualTo(BackupException.Kind.WRONG_KEY);
        assertThatThrownBy(() -> GroupRepository.open(backend(), BOB, carol)).as("bob's name, another identity")
                .isInstanceOf(BackupException.class);

        GroupRepository.Member b = GroupRepository.members(backend()).stream().filter(m -> m.user().equals(BOB)).findFirst().orElseThrow();
        assertThat(b.fingerprint()).isEqualTo(bob.fingerprint()).matches("[0-9a-f]{4}( [0-9a-f]{4}){4}");
        byte[] file = backend().get(BlobType.KEYS, b.keyFile());
        String id = repo.config().id();
        assertThat(MemberKeyFile.unwrap(file, id, BOB, bob)).isPresent();
        assertThat(MemberKeyFile.unwrap(file, "another-repository", BOB, bob)).as("AAD binds the repository").isEmpty();
        byte[] renamed = new String(file, StandardCharsets.UTF_8).replace(BOB, CAROL).getBytes(StandardCharsets.UTF_8);
        assertThat(MemberKeyFile.unwrap(renamed, id, CAROL, bob)).as("AAD binds the member").isEmpty();
        byte[] secret = repo.key().enc();
        assertThat(Arrays.asList(Base64.getEncoder().encodeToString(secret))).noneMatch(s -> new String(file, StandardCharsets.UTF_8).contains(s));
    }

    @Test
    void identityFileShouldOpenOnlyWithThePassphraseWhenSaved() throws Exception {
        Path f = tmp.resolve("cfg/identity.json");
        alice.save(f, ALICE, "alice's passphrase", TestTrees.FAST_KDF);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-------");
        assertThat(Identity.readPublic(f)).isEqualTo(alice.publicKey());
        assertThat(Identity.load(f, ALICE, "alice's passphrase").publicKey()).isEqualTo(alice.publicKey());
        assertThatThrownBy(() -> Identity.load(f, ALICE, "wrong")).isInstanceOf(BackupException.class)
                .extracting(e -> ((BackupException) e).kind()).isEqualTo(BackupException.Kind.WRONG_KEY);
        assertThatThrownBy(() -> Identity.load(f, BOB, "alice's passphrase")).isInstanceOf(BackupException.class);
    }

    @Test
    void removeShouldKeepTheRemovedMemberFromSnapshotsWrittenAfterIt() throws Exception {
        Path before = tmp.resolve("before");
        Path after = tmp.resolve("after");
        TestTrees.generate(before, 40, 21);
        TestTrees.generate(after, 40, 22);
        Repository.Created created = init();
        GroupRepository.add(created.repository(), BOB, bob.publicKey());
        Repository asBob = GroupRepository.open(backend(), BOB, bob);
        String old = engine(asBob).push(List.of(before)).snapshotId();
        MasterKey bobsOldKey = asBob.key();

        assertThat(Repository.readConfig(backend()).recoveryKey()).as("partners serve it to the recovery code's holder")
                .isEqualTo(RecoveryAccess.fromCode(created.recoveryCode()).publicKey());
        GroupRepository.Rekeyed r = GroupRepository.remove(GroupRepository.open(backend(), ALICE, alice), BOB, TestTrees.FAST_KDF);
        assertThat(Repository.readConfig(backend()).recoveryKey()).as("the new code's, not the old one's")
                .isEqualTo(RecoveryAccess.fromCode(r.recoveryCode()).publicKey());
        assertThat(r.members()).containsExactly(ALICE);
        assertThat(GroupRepository.members(backend())).extracting(GroupRepository.Member::user).containsExactly(ALICE);
        assertThatThrownBy(() -> GroupRepository.open(backend(), BOB, bob)).isInstanceOf(BackupException.class)
                .extracting(e -> ((BackupException) e).kind()).isEqualTo(BackupException.Kind.WRONG_KEY);
        assertThatThrownBy(() -> Repository.open(backend(), "recovery", created.recoveryCode())).as("the old recovery code is gone")
                .isInstanceOf(BackupException.class);

        assertThatThrownBy(() -> engine(asBob).push(List.of(after))).as("a client opened before the re-key doesn't write under the old key")
                .isInstanceOf(BackupException.class).hasMessageContaining("re-keyed");
        Repository asAlice = GroupRepository.open(backend(), ALICE, alice);
        String fresh = engine(asAlice).push(List.of(after)).snapshotId();

        // bob's old key material can't read the new snapshot: not its signature, not its encryption
        byte[] file = backend().get(BlobType.SNAPSHOT, fresh);
        assertThatThrownBy(() -> Crypto.open(bobsOldKey.enc(), file, 5, file.length - 5 - 64,
                new byte[] {'L', 'W', 'B', '1', (byte) BlobType.SNAPSHOT.code})).isInstanceOf(AEADBadTagException.class);
        Repository withOldKey = new Repository(backend(), Repository.readConfig(backend()), bobsOldKey);
        assertThatThrownBy(() -> withOldKey.getDoc(BlobType.SNAPSHOT, fresh, Model.Snapshot.class)).isInstanceOf(BackupException.class);
        // nor can he slip in a snapshot under the old key (with a node's help: the node refuses him since he left the room)
        Model.Snapshot real = withOldKey.getDoc(BlobType.SNAPSHOT, old, Model.Snapshot.class);
        String forged = withOldKey.putDoc(BlobType.SNAPSHOT, new Model.Snapshot("2030-01-01T00:00:00Z", "evil", "bob", real.paths(), real.root()));
        assertThatThrownBy(() -> GroupRepository.open(backend(), ALICE, alice).getDoc(BlobType.SNAPSHOT, forged, Model.Snapshot.class))
                .isInstanceOf(BackupException.class).hasMessageContaining("re-key");
        assertThat(engine(GroupRepository.open(backend(), ALICE, alice)).verify(false).errors()).anyMatch(e -> e.contains(Repository.shortId(forged)));
        backend().delete(BlobType.SNAPSHOT, forged);
        assertThat(bobsOldKey.generations()).hasSize(1);
        assertThat(asAlice.key().previous()).hasSize(1);
        assertThat(asAlice.key().enc()).isNotEqualTo(bobsOldKey.enc());
        assertThat(asAlice.key().id()).isNotEqualTo(bobsOldKey.id());
        assertThat(asAlice.key().sign()).isNotEqualTo(bobsOldKey.sign());

        // current members read both generations; a member added later too; so does the new recovery code
        GroupRepository.add(asAlice, CAROL, carol.publicKey());
        for (Repository reader : List.of(asAlice, GroupRepository.open(backend(), CAROL, carol), Repository.open(backend(), "recovery", r.recoveryCode()))) {
            Path out = Files.createTempDirectory(tmp, "out");
            engine(reader).restore(old, out, List.of());
            engine(reader).restore(fresh, out, List.of());
            TestTrees.assertSameTree(before, out.resolve("before"));
            TestTrees.assertSameTree(after, out.resolve("after"));
        }
        assertThat(engine(asAlice).verify(true).errors()).isEmpty();
        // prune after a re-key: old-generation chunks still verify after repacking
        engine(asAlice).forget(new BackupEngine.KeepPolicy(1, 0, 0, 0), java.time.ZoneOffset.UTC);
        engine(asAlice).prune();
        assertThat(engine(asAlice).verify(true).errors()).isEmpty();
    }

    @Test
    void openShouldRefuseARolledBackReKeyWhenThisDeviceSawANewerGeneration() throws Exception {
        Repository repo = init().repository();
        GroupRepository.add(repo, BOB, bob.publicKey());
        Path seen = tmp.resolve("cfg/groups-seen.json");
        GroupRepository.checkNotRolledBack(seen, GroupRepository.open(backend(), ALICE, alice));
        Path saved = tmp.resolve("saved");
        copyTree(tmp.resolve("repo"), saved);
        GroupRepository.Rekeyed r = GroupRepository.remove(GroupRepository.open(backend(), ALICE, alice), BOB, TestTrees.FAST_KDF);
        GroupRepository.checkNotRolledBack(seen, r.repository());
        GroupRepository.checkNotRolledBack(seen, GroupRepository.open(backend(), ALICE, alice)); // the same generation again: fine

        // whoever stores it serves the old config and key files again: they open, but this device knows better
        copyTree(saved, tmp.resolve("repo"));
        Repository rolledBack = GroupRepository.open(backend(), ALICE, alice);
        assertThat(rolledBack.key().generations()).hasSize(1);
        assertThatThrownBy(() -> GroupRepository.checkNotRolledBack(seen, rolledBack)).isInstanceOf(BackupException.class)
                .hasMessageContaining("rolled back").extracting(e -> ((BackupException) e).kind()).isEqualTo(BackupException.Kind.INTEGRITY);
        assertThat(Files.readString(seen)).contains(repo.config().id());
    }

    private static void copyTree(Path from, Path to) throws Exception {
        try (var walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(t);
                else Files.copy(p, t, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    @Test
    void concurrentPushesShouldNeverCorruptTheRepositoryWhenTwoMembersPushAtOnce() throws Exception {
        Repository repo = init().repository();
        GroupRepository.add(repo, BOB, bob.publicKey());
        Repository asAlice = GroupRepository.open(backend(), ALICE, alice);
        Repository asBob = GroupRepository.open(backend(), BOB, bob);
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        TestTrees.generate(a, 150, 31);
        TestTrees.generate(b, 150, 32);
        Files.writeString(b.resolve("shared.txt"), "the same file at both members"); // dedup races on the same chunk
        Files.writeString(a.resolve("shared.txt"), "the same file at both members");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 3; round++) {
                Files.writeString(a.resolve("round.txt"), "alice round " + round);
                Files.writeString(b.resolve("round.txt"), "bob round " + round);
                Future<BackupEngine.PushResult> fa = pool.submit(() -> engine(asAlice).push(List.of(a)));
                Future<BackupEngine.PushResult> fb = pool.submit(() -> engine(asBob).push(List.of(b)));
                fa.get(60, TimeUnit.SECONDS);
                fb.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(engine(asAlice).snapshots()).hasSize(6);
        BackupEngine.VerifyReport v = engine(asBob).verify(true);
        assertThat(v.errors()).isEmpty();
        assertThat(backend().list(BlobType.LOCK)).as("every lock released").isEmpty();
        String lastOfAlice = null;
        String lastOfBob = null;
        for (BackupEngine.SnapshotRef s : engine(asAlice).snapshots()) {
            if (s.snapshot().paths().get(0).endsWith("/a")) lastOfAlice = s.id();
            else lastOfBob = s.id();
        }
        engine(asBob).restore(lastOfAlice, tmp.resolve("out"), List.of());
        engine(asAlice).restore(lastOfBob, tmp.resolve("out"), List.of());
        TestTrees.assertSameTree(a, tmp.resolve("out/a"));
        TestTrees.assertSameTree(b, tmp.resolve("out/b"));
    }
}

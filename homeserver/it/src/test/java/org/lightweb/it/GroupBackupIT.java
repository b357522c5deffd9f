package org.lightweb.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.crypto.AEADBadTagException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.lightweb.backup.client.BackupException;
import org.lightweb.backup.client.BlobType;
import org.lightweb.backup.client.Crypto;
import org.lightweb.backup.client.GroupRepository;
import org.lightweb.backup.client.HttpBackend;
import org.lightweb.backup.client.Identity;
import org.lightweb.backup.client.MasterKey;
import org.lightweb.backup.client.TestTrees;
import org.lightweb.core.Json;

/**
 * Group repositories on a real node: a room's two members share one repository through the CLI (identity keys
 * published through the node, a member key file per member), push at the same time and restore each other's
 * snapshots; a non-member is refused; a member kicked from the room gets 403 at once, and after {@code group remove}
 * his old key material opens nothing written afterwards.
 */
class GroupBackupIT {
    static final String[] FAST = {"--argon2-memory-kib", "1024", "--argon2-iterations", "1"};
    static final String[] SMALL = {"--chunk-min", "4096", "--chunk-avg", "16384", "--chunk-max", "65536", "--pack-size", "262144"};

    @RegisterExtension
    static final TestNode node = TestNode.create(c -> FileBackupIT.configure(c, FileBackupIT.pluginDirectory()));

    @TempDir
    Path tmp;

    /** One member's CLI: own HOME (state and identity file), own passphrase. */
    final class Member {
        final String name;
        final Map<String, String> env = new HashMap<>();
        final TestClient.Account account;

        Member(String name) throws Exception {
            this.name = name;
            this.account = node.client().register(name, "password123");
            Path home = Files.createDirectories(tmp.resolve(name));
            env.put("HOME", home.toString());
            env.put("LIGHTWEB_BACKUP_PASSWORD", name + "'s identity passphrase");
            CliRun login = run("--server", node.baseUrl(), "--token", account.accessToken(), "login");
            assertThat(login.code()).as(login.err()).isZero();
        }

        CliRun run(String... args) {
            return CliRun.run(env, args);
        }

        CliRun group(String room, String... args) {
            return run(Stream.concat(Stream.of("--group", room, "--repo", "team"), Stream.of(args)).toArray(String[]::new));
        }

        CliRun ok(CliRun r) {
            assertThat(r.code()).as(name + ": " + r.out() + r.err()).isZero();
            return r;
        }

        Identity identity() throws Exception {
            return Identity.load(tmp.resolve(name).resolve(".config/lightweb-backup/identity.json"), account.userId(), env.get("LIGHTWEB_BACKUP_PASSWORD"));
        }

        HttpBackend backend(String room) {
            return HttpBackend.group(URI.create(node.baseUrl()), account.accessToken(), room, "team", HttpBackend.Options.DEFAULT);
        }
    }

    static String fingerprint(CliRun r) {
        Matcher m = Pattern.compile("fingerprint ([0-9a-f]{4}( [0-9a-f]{4}){4})").matcher(r.out());
        assertThat(m.find()).as(r.out()).isTrue();
        return m.group(1);
    }

    static String[] with(String[] a, String... b) {
        return Stream.concat(Stream.of(a), Stream.of(b)).toArray(String[]::new);
    }

    @Test
    void twoMembersShouldShareARepositoryAndTheRemovedOneGetNoKeyForNewData() throws Exception {
        Member alice = new Member("galice");
        Member bob = new Member("gbob");
        Member carol = new Member("gcarol");
        var created = node.client().post("/_matrix/client/v3/createRoom", alice.account.accessToken(),
                Json.object().put("preset", "private_chat"));
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        String room = created.json().path("room_id").asText();
        assertThat(node.client().post(RoomSteps.path(room, "/invite"), alice.account.accessToken(),
                Json.object().put("user_id", bob.account.userId())).status()).isEqualTo(200);
        assertThat(node.client().post(RoomSteps.path(room, "/join"), bob.account.accessToken(), Json.object()).status()).isEqualTo(200);

        // bob makes and publishes his identity key; alice makes the group repository and adds bob, checking his fingerprint
        String bobsFingerprint = fingerprint(bob.ok(bob.run(with(FAST, "group", "identity"))));
        alice.ok(alice.group(room, with(with(FAST, SMALL), "group", "init")));
        CliRun notJoined = alice.group(room, "group", "add", carol.account.userId());
        assertThat(notJoined.code()).isEqualTo(1);
        assertThat(notJoined.err()).contains("not joined");
        CliRun wrongFp = alice.group(room, "group", "add", bob.account.userId(), "--fingerprint", "0000 0000 0000 0000 0000");
        assertThat(wrongFp.code()).as("a substituted key is refused").isEqualTo(4);
        CliRun add = alice.ok(alice.group(room, "group", "add", bob.account.userId(), "--fingerprint", bobsFingerprint));
        assertThat(add.out()).contains("added " + bob.account.userId());
        assertThat(alice.ok(alice.group(room, "group", "members")).out()).contains(alice.account.userId()).contains(bob.account.userId() + "  " + bobsFingerprint);

        // both push at the same time over HTTP; verify passes; each restores the other's snapshot
        Path a = tmp.resolve("alice-files");
        Path b = tmp.resolve("bob-files");
        TestTrees.generate(a, 60, 41);
        TestTrees.generate(b, 60, 42);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<CliRun> pushes = new ArrayList<>();
        try {
            Future<CliRun> fa = pool.submit(() -> alice.group(room, "push", a.toString()));
            Future<CliRun> fb = pool.submit(() -> bob.group(room, "push", b.toString()));
            pushes.add(fa.get(120, TimeUnit.SECONDS));
            pushes.add(fb.get(120, TimeUnit.SECONDS));
        } finally {
            pool.shutdownNow();
        }
        for (CliRun p : pushes) assertThat(p.code()).as(p.out() + p.err()).isZero();
        assertThat(bob.ok(bob.group(room, "snapshots")).out().lines()).hasSize(2);
        bob.ok(bob.group(room, "verify", "--read-data"));
        String aliceSnap = null;
        String bobSnap = null;
        for (String line : alice.ok(alice.group(room, "snapshots")).out().lines().toList()) {
            if (line.endsWith("alice-files")) aliceSnap = line.substring(0, 12);
            if (line.endsWith("bob-files")) bobSnap = line.substring(0, 12);
        }
        bob.ok(bob.group(room, "restore", aliceSnap, tmp.resolve("bob-out").toString()));
        alice.ok(alice.group(room, "restore", bobSnap, tmp.resolve("alice-out").toString()));
        TestTrees.assertSameTree(a, tmp.resolve("bob-out/alice-files"));
        TestTrees.assertSameTree(b, tmp.resolve("alice-out/bob-files"));

        // nobody else: carol, not in the room, is refused
        var refused = node.client().get("/_lightweb/file-backup/v1/groups/" + room + "/repos/team/keys", carol.account.accessToken());
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.errcode()).isEqualTo("M_FORBIDDEN");
        assertThat(carol.group(room, "snapshots").code()).isEqualTo(1);

        // bob is kicked: 403 at once; alice removes him from the repository (re-key) and pushes again
        MasterKey bobsOldKey = GroupRepository.open(bob.backend(room), bob.account.userId(), bob.identity()).key();
        assertThat(node.client().post(RoomSteps.path(room, "/kick"), alice.account.accessToken(),
                Json.object().put("user_id", bob.account.userId())).status()).isEqualTo(200);
        var kicked = node.client().get("/_lightweb/file-backup/v1/groups/" + room + "/repos/team/snapshots", bob.account.accessToken());
        assertThat(kicked.status()).isEqualTo(403);
        CliRun bobAfter = bob.group(room, "snapshots");
        assertThat(bobAfter.code()).isEqualTo(1);
        assertThat(bobAfter.err()).contains("M_FORBIDDEN");

        assertThat(alice.ok(alice.group(room, "group", "members")).out()).contains(bob.account.userId() + "  " + bobsFingerprint + "  not in the room");
        CliRun removed = alice.ok(alice.group(room, with(FAST, "group", "remove", bob.account.userId())));
        assertThat(removed.out()).contains("new recovery code");
        assertThat(alice.ok(alice.group(room, "group", "members")).out()).doesNotContain(bob.account.userId());
        Path c = tmp.resolve("after-removal");
        TestTrees.generate(c, 10, 43);
        alice.ok(alice.group(room, "push", c.toString()));
        alice.ok(alice.group(room, "verify", "--read-data"));
        alice.ok(alice.group(room, "restore", bobSnap, tmp.resolve("alice-out2").toString()));
        TestTrees.assertSameTree(b, tmp.resolve("alice-out2/bob-files"));

        // even holding every blob (read here with alice's access) bob's identity opens no key, and his old key decrypts nothing new
        HttpBackend blobs = alice.backend(room);
        try {
            GroupRepository.open(blobs, bob.account.userId(), bob.identity());
            throw new AssertionError("bob's identity still opens the repository");
        } catch (BackupException e) {
            assertThat(e.kind()).isEqualTo(BackupException.Kind.WRONG_KEY);
        }
        String newest = null;
        for (String line : alice.ok(alice.group(room, "snapshots")).out().lines().toList()) if (line.endsWith("after-removal")) newest = line.substring(0, 12);
        String full = null;
        for (String n : blobs.list(BlobType.SNAPSHOT)) if (n.startsWith(newest)) full = n;
        byte[] file = blobs.get(BlobType.SNAPSHOT, full);
        try {
            Crypto.open(bobsOldKey.enc(), file, 5, file.length - 5 - 64, new byte[] {'L', 'W', 'B', '1', (byte) BlobType.SNAPSHOT.code});
            throw new AssertionError("bob's old key decrypted a snapshot written after his removal");
        } catch (AEADBadTagException expected) {
            // the new generation's key is not his
        }
    }
}

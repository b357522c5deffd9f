package org.lightweb.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.lightweb.backup.client.Backend;
import org.lightweb.backup.client.BackendContract;
import org.lightweb.backup.client.HttpBackend;
import org.lightweb.backup.client.TestTrees;

/**
 * The file-backup plugin (the jar the same Maven run built from plugins/file-backup) on a real node, driven by the
 * backup client: the Backend contract over HTTP, a push and restore through the node with the CLI (password login,
 * state file), the node's files holding no plaintext, another member seeing nothing, the quota, and a flipped byte in
 * a stored pack caught by verify --read-data.
 */
class FileBackupIT extends BackendContract {
    static final long QUOTA = 20L * 1024 * 1024;
    static final String PASSPHRASE = "a passphrase the node never sees";

    @RegisterExtension
    static final TestNode node = TestNode.create(c -> configure(c, pluginDirectory()));

    static TestClient.Account tester;
    static final AtomicInteger repos = new AtomicInteger();

    @TempDir
    Path tmp;

    static void configure(ObjectNode c, Path directory) {
        ObjectNode p = c.putObject("plugins");
        p.put("directory", directory.toString());
        p.putObject("config").putObject("file-backup").put("quota_bytes", QUOTA);
    }

    static Path pluginDirectory() {
        Path target = Path.of(System.getProperty("lightweb.repo.root", "../..")).resolve("plugins/file-backup/target");
        try (var files = Files.list(target)) {
            Path jar = files.filter(f -> f.getFileName().toString().matches("lightweb-plugin-file-backup-[^-]+(-SNAPSHOT)?\\.jar"))
                    .findFirst().orElseThrow(() -> new IllegalStateException("no file-backup jar in " + target
                            + ": build it first (mvn -B package -pl plugins/file-backup -am)"));
            Path dir = Files.createTempDirectory("lightweb-plugins-");
            Files.copy(jar, dir.resolve("file-backup.jar"));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @BeforeAll
    static void accounts() {
        tester = node.client().register("tester", "password123");
        node.client().register("alice", "password123");
        node.client().register("bob", "password123");
    }

    /** A fresh repository of the contract's member for each contract test. */
    @Override
    protected Backend backend() {
        return new HttpBackend(URI.create(node.baseUrl()), tester.accessToken(), "contract-" + repos.incrementAndGet(), HttpBackend.Options.DEFAULT);
    }

    CliRun cli(Map<String, String> env, String... args) {
        return CliRun.run(env, args);
    }

    Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("HOME", tmp.toString());
        env.put("LIGHTWEB_BACKUP_PASSWORD", PASSPHRASE);
        return env;
    }

    static final String[] SMALL_REPO = {"--argon2-memory-kib", "1024", "--argon2-iterations", "1",
            "--chunk-min", "4096", "--chunk-avg", "16384", "--chunk-max", "65536", "--pack-size", "262144"};

    static List<Path> storedFiles() throws IOException {
        try (Stream<Path> walk = Files.walk(node.dataDir().resolve("plugin-data/file-backup"))) {
            return walk.filter(Files::isRegularFile).toList();
        }
    }

    static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) if (haystack[i + j] != needle[j]) continue outer;
            return true;
        }
        return false;
    }

    @Test
    void cliShouldPushAndRestoreThroughTheNodeWhenLoggedInWithAPassword() throws Exception {
        Map<String, String> env = env();
        String state = tmp.resolve("alice-state.json").toString();
        CliRun login = cli(env, "--server", node.baseUrl(), "--user", "alice", "--password", "password123", "--state", state, "login");
        assertThat(login.code()).as(login.err()).isZero();
        assertThat(login.out()).contains("@alice:" + node.serverName());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(Path.of(state)))).isEqualTo("rw-------");
        assertThat(Files.readString(Path.of(state))).contains("\"access_token\"").doesNotContain("password123");

        CliRun init = cli(env, Stream.concat(Stream.of("--state", state, "--repo", "home", "init"), Stream.of(SMALL_REPO)).toArray(String[]::new));
        assertThat(init.code()).as(init.err()).isZero();
        assertThat(init.out()).contains("as home on " + node.baseUrl());

        Path src = tmp.resolve("src");
        TestTrees.generate(src, 80, 11);
        CliRun push = cli(env, "--state", state, "--repo", "home", "push", src.toString());
        assertThat(push.code()).as(push.err()).isZero();
        assertThat(push.out()).containsPattern(" [1-9][0-9]* packs");
        CliRun again = cli(env, "--state", state, "--repo", "home", "push", src.toString());
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(again.out()).contains(" 0 packs");
        assertThat(cli(env, "--state", state, "--repo", "home", "snapshots").out().lines()).hasSize(2);

        CliRun restore = cli(env, "--state", state, "--repo", "home", "restore", "latest", tmp.resolve("out").toString());
        assertThat(restore.code()).as(restore.err()).isZero();
        TestTrees.assertSameTree(src, tmp.resolve("out/src"));
        CliRun verify = cli(env, "--state", state, "--repo", "home", "verify", "--read-data");
        assertThat(verify.code()).as(verify.out() + verify.err()).isZero();
        assertThat(cli(env, "--state", state, "--repo", "home", "stats").out()).contains("snapshots: 2");

        // the node holds ciphertext only: no marker string in any stored file (packs, index, snapshots, keys, config)
        List<Path> stored = storedFiles();
        List<Path> packs = stored.stream().filter(p -> p.getParent().getFileName().toString().equals("data")).toList();
        assertThat(packs).isNotEmpty();
        byte[] marker = TestTrees.MARKER.getBytes(StandardCharsets.UTF_8);
        for (Path f : stored) {
            assertThat(contains(Files.readAllBytes(f), marker)).as(f.toString()).isFalse();
            assertThat(f.toString()).doesNotContain("src").doesNotContain("many");
        }

        // bob logs in and sees nothing of alice's: his "home" is his own, empty; her blobs are 404 to him
        String bobState = tmp.resolve("bob-state.json").toString();
        assertThat(cli(env, "--server", node.baseUrl(), "--user", "bob", "--password", "password123", "--state", bobState, "login").code()).isZero();
        CliRun bobSees = cli(env, "--state", bobState, "--repo", "home", "snapshots");
        assertThat(bobSees.code()).isEqualTo(1);
        assertThat(bobSees.err()).contains("no repository");
        String bobToken = node.client().login("bob", "password123", null).json().path("access_token").asText();
        String pack = packs.get(0).getFileName().toString();
        var listing = node.client().get("/_lightweb/file-backup/v1/repos/home/data", bobToken);
        assertThat(listing.status()).isEqualTo(200);
        assertThat(listing.json().path("names").size()).isZero();
        assertThat(node.client().get("/_lightweb/file-backup/v1/repos/home/data/" + pack, bobToken).status()).isEqualTo(404);
        assertThat(node.client().delete("/_lightweb/file-backup/v1/repos/home/data/" + pack, bobToken, null).status()).isEqualTo(200);
        assertThat(Files.exists(packs.get(0))).as("bob's delete touched only his own repository").isTrue();
        assertThat(node.client().get("/_lightweb/file-backup/v1/repos/home/data", null).status()).isEqualTo(401);

        // one flipped byte in a stored pack: verify --read-data reports it and exits 4
        try (RandomAccessFile raf = new RandomAccessFile(packs.get(0).toFile(), "rw")) {
            long at = raf.length() / 2;
            raf.seek(at);
            int b = raf.read();
            raf.seek(at);
            raf.write(b ^ 0x10);
        }
        CliRun damaged = cli(env, "--state", state, "--repo", "home", "verify", "--read-data");
        assertThat(damaged.code()).as(damaged.out() + damaged.err()).isEqualTo(4);
        assertThat(damaged.out()).contains("error: data/" + pack);
        assertThat(damaged.err()).contains("damaged");
    }

    @Test
    void pushShouldStoreAFullSizePackThenFailWithAQuotaMessageWhenTheMemberIsOverQuota() throws Exception {
        TestClient.Account carol = node.client().register("carol", "password123");
        Map<String, String> env = env();
        String state = tmp.resolve("carol-state.json").toString();
        CliRun login = cli(env, "--server", node.baseUrl(), "--token", carol.accessToken(), "--state", state, "login");
        assertThat(login.code()).as(login.err()).isZero();
        assertThat(login.out()).contains(carol.userId());
        // default chunk and pack sizes: the first pack (about 16 MiB) must pass the node's body limit, the second the quota not
        CliRun init = cli(env, "--state", state, "--repo", "big", "init", "--argon2-memory-kib", "1024", "--argon2-iterations", "1");
        assertThat(init.code()).as(init.err()).isZero();

        Path src = Files.createDirectories(tmp.resolve("big"));
        byte[] noise = new byte[(int) QUOTA + 2 * 1024 * 1024];
        new Random(3).nextBytes(noise);
        Files.write(src.resolve("noise.bin"), noise);
        CliRun push = cli(env, "--state", state, "--repo", "big", "push", src.toString());
        assertThat(push.code()).as(push.out()).isEqualTo(1);
        assertThat(push.err()).contains("refused to store more").contains("M_RESOURCE_LIMIT_EXCEEDED").contains("quota");

        var usage = node.client().get("/_lightweb/file-backup/v1/repos", carol.accessToken());
        assertThat(usage.status()).isEqualTo(200);
        assertThat(usage.json().path("used_bytes").asLong()).isBetween(16L * 1024 * 1024, QUOTA);
        assertThat(usage.json().path("quota_bytes").asLong()).isEqualTo(QUOTA);
    }

    @Test
    void putShouldBeRefusedWhenTheContentDoesNotMatchItsName() {
        var res = node.client().send("PUT", "/_lightweb/file-backup/v1/repos/x/index/" + "0".repeat(64), tester.accessToken(), Map.of("not", "it"));
        assertThat(res.status()).isEqualTo(400);
        assertThat(res.errcode()).isEqualTo("M_INVALID_PARAM");
    }
}

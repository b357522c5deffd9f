package org.lightweb.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.lightweb.backup.client.TestTrees;

/**
 * Blind replication between two real nodes running the file-backup jar, each the other's partner: a CLI push at kaslo
 * reaches nelson's replica store as ciphertext, a proof-of-storage challenge passes, a tampered replica byte at nelson
 * fails the next one and {@code !backup status} says so; a third node nelson does not partner with is refused.
 */
class FileBackupReplicationIT {
    static final int KASLO_PORT = FederatingNodes.freePort();
    static final int NELSON_PORT = FederatingNodes.freePort();
    static final int STRANGER_PORT = FederatingNodes.freePort();
    static final Path PLUGINS = FileBackupIT.pluginDirectory();

    @RegisterExtension
    static final TestNode kaslo = FederatingNodes.node(KASLO_PORT, c -> configure(c, "127.0.0.1:" + NELSON_PORT));
    @RegisterExtension
    static final TestNode nelson = FederatingNodes.node(NELSON_PORT, c -> configure(c, "127.0.0.1:" + KASLO_PORT));
    @RegisterExtension
    static final TestNode stranger = FederatingNodes.node(STRANGER_PORT, c -> configure(c, "127.0.0.1:" + NELSON_PORT));

    @TempDir
    Path tmp;

    static void configure(ObjectNode c, String partner) {
        ObjectNode p = c.putObject("plugins");
        p.put("directory", PLUGINS.toString());
        ObjectNode s = p.putObject("config").putObject("file-backup");
        s.putArray("partners").add(partner);
        s.put("replication_interval", "1s").put("challenge_interval", "2s").put("challenge_blobs", 1000);
    }

    /** Every replica file a node holds for its partners. */
    static List<Path> replicaFiles(TestNode node) {
        return blobFiles(node.dataDir().resolve("plugin-data/file-backup/replicas"));
    }

    /** The blobs a node stores for its own members and groups, locks left out (they are not replicated). */
    static long storedBlobs(TestNode node) {
        return blobFiles(node.dataDir().resolve("plugin-data/file-backup/users")).size();
    }

    /** Waits until {@code partner} holds as many replicas (locks left out) as {@code origin} stores; returns them. */
    static List<Path> awaitReplicated(TestNode origin, TestNode partner) throws InterruptedException {
        long stored = storedBlobs(origin);
        List<Path> replicas = PluginsIT.eventually(() -> replicaFiles(partner), l -> l.size() >= stored);
        assertThat(replicas).as("replicas at " + partner.serverName()).hasSize((int) stored);
        return replicas;
    }

    private static List<Path> blobFiles(Path dir) {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).filter(p -> !p.getParent().getFileName().toString().equals("locks")).toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static String status(TestNode node, String admin) {
        var reply = PluginsIT.command(node, admin, "backup", "status"); // the admin bot's !backup status
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        var older = PluginsIT.command(node, admin, "backup-status");
        assertThat(older.status()).isEqualTo(200);
        assertThat(older.json().path("text").asText()).contains(" blobs, ").contains(" failed challenges");
        return reply.json().path("text").asText();
    }

    int cli(Map<String, String> env, String... args) {
        return CliRun.ok(env, args).code();
    }

    @Test
    void pushShouldReachThePartnerAsCiphertextAndChallengesShouldCatchATamperedReplica() throws Exception {
        String admin = AdminIT.registerWithSharedSecret(kaslo, "root", "password123", true);
        kaslo.client().register("alice", "password123");
        Map<String, String> env = new java.util.HashMap<>(Map.of("HOME", tmp.toString(), "LIGHTWEB_BACKUP_PASSWORD", FileBackupIT.PASSPHRASE));
        String state = tmp.resolve("state.json").toString();
        cli(env, "--server", kaslo.baseUrl(), "--user", "alice", "--password", "password123", "--state", state, "login");
        cli(env, Stream.concat(Stream.of("--state", state, "--repo", "home", "init"), Stream.of(FileBackupIT.SMALL_REPO)).toArray(String[]::new));
        Path src = tmp.resolve("src");
        TestTrees.generate(src, 40, 7);
        cli(env, "--state", state, "--repo", "home", "push", src.toString());

        long local = storedBlobs(kaslo);
        List<Path> replicas = awaitReplicated(kaslo, nelson);
        byte[] marker = TestTrees.MARKER.getBytes(StandardCharsets.UTF_8);
        for (Path f : replicas) {
            assertThat(FileBackupIT.contains(Files.readAllBytes(f), marker)).as(f.toString()).isFalse();
            assertThat(f.toString()).doesNotContain("alice");
        }

        String passed = PluginsIT.eventually(() -> status(kaslo, admin), t -> t.contains("PASSED") && t.contains(" 0 queued"));
        assertThat(passed).contains(nelson.serverName()).contains(local + " blobs").contains(" 0 queued").contains("0 failed challenges");

        Path pack = replicas.stream().filter(p -> p.getParent().getFileName().toString().equals("data")).findFirst().orElseThrow();
        byte[] bytes = Files.readAllBytes(pack);
        for (int i = 0; i < bytes.length; i++) bytes[i] ^= 0x5a; // every byte: whatever range the challenge picks differs
        Files.write(pack, bytes);
        String failed = PluginsIT.eventually(() -> status(kaslo, admin), t -> t.contains("FAILED"));
        assertThat(failed).contains("FAILED data/" + pack.getFileName()).contains("wrong proof").doesNotContain(" 0 failed challenges");
    }

    @Test
    void partnerShouldRefuseAnOriginItDoesNotPartnerWith() throws Exception {
        String admin = AdminIT.registerWithSharedSecret(stranger, "root", "password123", true);
        String token = stranger.client().register("eve", "password123").accessToken();
        byte[] body = "not a partner's blob".getBytes(StandardCharsets.UTF_8);
        byte[] blob = Arrays.copyOf(body, body.length + 64);
        String name = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        var put = stranger.client().send("PUT", "/_lightweb/file-backup/v1/repos/r/data/" + name, token,
                new String(blob, StandardCharsets.US_ASCII)); // ASCII and 64 zero bytes: the same bytes as text
        assertThat(put.status()).as(put.body()).isEqualTo(201);
        String text = PluginsIT.eventually(() -> status(stranger, admin), t -> t.contains("M_FORBIDDEN"));
        assertThat(text).contains("HTTP 403 M_FORBIDDEN").contains("1 queued");
        assertThat(replicaFiles(nelson).stream().map(Path::toString)).noneMatch(p -> p.contains(name));
    }
}

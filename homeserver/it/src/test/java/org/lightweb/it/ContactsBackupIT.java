package org.lightweb.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Contact sync and file backup on one node: {@code push --contacts} puts the member's address books into their
 * encrypted backup, and a restore gives the vCards back; the node's blob store holds none of them in clear.
 */
class ContactsBackupIT {
    @RegisterExtension
    static final TestNode node = TestNode.create(c -> c.putObject("plugins").put("directory", bothPlugins().toString()));

    @TempDir
    Path tmp;

    static Path bothPlugins() {
        try {
            Path dir = FileBackupIT.pluginDirectory();
            Files.copy(ContactSyncIT.pluginJar(), dir.resolve("contact-sync.jar"));
            return dir;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    int cli(Map<String, String> env, String... args) {
        return CliRun.ok(env, args).code();
    }

    @Test
    void pushWithContactsShouldPutTheAddressBooksInTheEncryptedBackup() throws Exception {
        var carol = node.client().register("carol", "password123");
        String auth = ContactSyncIT.basic("carol", ContactSyncIT.appPassword(node, carol.accessToken()));
        String card = "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:zed-1\r\nFN:Zed Marker Contact\r\nEMAIL:zed@kaslo.example\r\nEND:VCARD\r\n";
        var put = ContactSyncIT.dav(node, "PUT", ContactSyncIT.DAV + "addressbooks/carol/contacts/zed.vcf", auth, card,
                "Content-Type", "text/vcard");
        assertThat(put.status()).as(put.body()).isEqualTo(201);

        Map<String, String> env = new HashMap<>();
        env.put("HOME", tmp.toString());
        env.put("LIGHTWEB_BACKUP_PASSWORD", "carol's passphrase");
        String state = tmp.resolve("state.json").toString();
        cli(env, "--server", node.baseUrl(), "--user", "carol", "--password", "password123", "--state", state, "login");
        cli(env, Stream.concat(Stream.of("--state", state, "--repo", "phone", "init"), Stream.of(FileBackupIT.SMALL_REPO))
                .toArray(String[]::new));
        cli(env, "--state", state, "--repo", "phone", "push", "--contacts");
        Path target = tmp.resolve("restored");
        cli(env, "--state", state, "--repo", "phone", "restore", "latest", target.toString());

        Path restored = target.resolve("lightweb-contacts/contacts/zed.vcf");
        assertThat(restored).exists();
        assertThat(Files.readString(restored)).contains("FN:Zed Marker Contact");
        try (Stream<Path> stored = Files.walk(node.dataDir().resolve("plugin-data/file-backup"))) {
            for (Path f : stored.filter(Files::isRegularFile).toList()) {
                assertThat(FileBackupIT.contains(Files.readAllBytes(f), "Zed Marker Contact".getBytes(StandardCharsets.UTF_8)))
                        .as("plaintext in " + f).isFalse();
            }
        }
    }
}

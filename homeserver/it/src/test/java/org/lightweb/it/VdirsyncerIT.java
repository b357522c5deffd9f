package org.lightweb.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A real CardDAV client against the contact-sync plugin: vdirsyncer syncs a local folder of vCards two ways with a
 * test node (create, edit on each side, delete on each side, a conflict its config resolves), and khard lists the
 * folder afterwards. vdirsyncer and khard come from LIGHTWEB_VDIRSYNCER / LIGHTWEB_KHARD (as .ci/run installs them) or
 * the PATH; without them the test is skipped, unless LIGHTWEB_REQUIRE_VDIRSYNCER_TESTS=1.
 */
class VdirsyncerIT {
    private static final String REQUIRE = "LIGHTWEB_REQUIRE_VDIRSYNCER_TESTS";
    private static final String BOOK = ContactSyncIT.DAV + "addressbooks/dana/contacts/";

    @RegisterExtension
    static final TestNode node = TestNode.create(c -> ContactSyncIT.configure(c, ContactSyncIT.pluginDirectory()));

    private Path vdirsyncer;
    private Path khard;
    private Path home;
    private Path local;

    private static Optional<Path> tool(String variable, String name) {
        String configured = System.getenv(variable);
        return configured != null && !configured.isBlank()
                ? Optional.of(Path.of(configured)).filter(Files::isExecutable)
                : ExternalTool.onPath(name);
    }

    @BeforeEach
    void findTools() {
        Optional<Path> v = tool("LIGHTWEB_VDIRSYNCER", "vdirsyncer");
        Optional<Path> k = tool("LIGHTWEB_KHARD", "khard");
        ExternalTool.requireOrSkip(v.isPresent() && k.isPresent(), REQUIRE,
                "vdirsyncer or khard not found in LIGHTWEB_VDIRSYNCER / LIGHTWEB_KHARD or the PATH (apt-get install vdirsyncer khard)");
        vdirsyncer = v.get();
        khard = k.get();
    }

    private ExternalTool.Result run(List<String> command) {
        var result = ExternalTool.run(command, home, Map.of("HOME", home.toString(), "LC_ALL", "C.UTF-8", "LANG", "C.UTF-8"), Duration.ofMinutes(2));
        assertThat(result.exitCode()).withFailMessage(result::describe).isZero();
        return result;
    }

    private ExternalTool.Result vdirsyncer(String... args) {
        List<String> command = new ArrayList<>(List.of(vdirsyncer.toString(), "-c", home.resolve("vdirsyncer.conf").toString()));
        command.addAll(List.of(args));
        return run(command);
    }

    static String card(String uid, String fn) {
        return "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:" + uid + "\r\nFN:" + fn + "\r\nN:;" + fn + ";;;\r\nEMAIL:" + uid
                + "@example.org\r\nEND:VCARD\r\n";
    }

    /** The local file holding the vCard of {@code uid}, if any (vdirsyncer names the files it writes). */
    private Optional<Path> localFile(String uid) throws IOException {
        try (var files = Files.list(local)) {
            return files.filter(f -> {
                try {
                    return Files.readString(f).contains("\nUID:" + uid + "\r\n") || Files.readString(f).contains("\nUID:" + uid + "\n");
                } catch (IOException e) {
                    return false;
                }
            }).findFirst();
        }
    }

    @Test
    void vdirsyncerShouldSyncBothWaysAndKhardListTheResultWhenRunAgainstTheNode() throws Exception {
        var dana = node.client().register("dana", "password123");
        String password = ContactSyncIT.appPassword(node, dana.accessToken());
        String auth = ContactSyncIT.basic("dana", password);
        home = Files.createTempDirectory(node.dataDir(), "vdirsyncer-home");
        local = Files.createDirectories(home.resolve("contacts"));
        writeConfig("contacts", "collections = null\nconflict_resolution = \"a wins\"", node.baseUrl() + BOOK, "dana", password);

        // Create: one card on each side, then a sync brings each to the other.
        Files.writeString(local.resolve("local-one.vcf"), card("local-one", "Lou Local"));
        Files.writeString(local.resolve("both.vcf"), card("both", "Bo Both"));
        assertThat(ContactSyncIT.dav(node, "PUT", BOOK + "node-one.vcf", auth, card("node-one", "Nora Node"), "Content-Type", "text/vcard").status()).isEqualTo(201);
        vdirsyncer("discover", "contacts");
        vdirsyncer("sync");
        assertThat(localFile("node-one")).isPresent();
        var listing = ContactSyncIT.dav(node, "PROPFIND", BOOK, auth, null, "Depth", "1").body();
        assertThat(listing).contains("node-one.vcf").contains("local-one").contains("both");

        // Edit on each side.
        Files.writeString(localFile("local-one").orElseThrow(), card("local-one", "Lou Edited"));
        String nodeOneEtag = ContactSyncIT.dav(node, "GET", BOOK + "node-one.vcf", auth, null).header("ETag");
        assertThat(ContactSyncIT.dav(node, "PUT", BOOK + "node-one.vcf", auth, card("node-one", "Nora Edited"), "If-Match", nodeOneEtag).status()).isEqualTo(204);
        vdirsyncer("sync");
        assertThat(Files.readString(localFile("node-one").orElseThrow())).contains("FN:Nora Edited");
        assertThat(ContactSyncIT.dav(node, "REPORT", BOOK, auth, fnQuery("Lou Edited"), "Depth", "1").body()).contains("FN:Lou Edited");

        // A conflict: both sides change the same card; the config says the local side wins.
        Files.writeString(localFile("both").orElseThrow(), card("both", "Bo Local Wins"));
        String bothHref = href(auth, "both");
        ContactSyncIT.dav(node, "PUT", bothHref, auth, card("both", "Bo Node Loses"));
        vdirsyncer("sync");
        assertThat(Files.readString(localFile("both").orElseThrow())).contains("FN:Bo Local Wins");
        assertThat(ContactSyncIT.dav(node, "GET", bothHref, auth, null).body()).contains("FN:Bo Local Wins");

        // Delete on each side.
        Files.delete(localFile("local-one").orElseThrow());
        assertThat(ContactSyncIT.dav(node, "DELETE", BOOK + "node-one.vcf", auth, null).status()).isEqualTo(204);
        vdirsyncer("sync");
        assertThat(localFile("node-one")).isEmpty();
        assertThat(ContactSyncIT.dav(node, "REPORT", BOOK, auth, fnQuery("Lou"), "Depth", "1").body()).doesNotContain("local-one");

        // khard reads what vdirsyncer left.
        Files.writeString(home.resolve("khard.conf"), String.join("\n", "[addressbooks]", "[[node]]", "path = " + local, "",
                "[general]", "editor = /bin/true", "merge_editor = /bin/true", ""));
        String listed = run(List.of(khard.toString(), "-c", home.resolve("khard.conf").toString(), "list", "--parsable")).output();
        assertThat(listed).contains("both\tBo Local Wins").doesNotContain("Nora").doesNotContain("Lou");
    }

    /**
     * Discovery as plugins/contact-sync/README.md configures it: from the server's root URL (so through
     * /.well-known/carddav, the principal and the home) to every address book, shared ones included.
     */
    @Test
    void vdirsyncerShouldDiscoverOwnAndSharedBooksWhenGivenOnlyTheServerUrl() throws Exception {
        var fay = node.client().register("fay", "password123");
        var gus = node.client().register("gus", "password123");
        String password = ContactSyncIT.appPassword(node, fay.accessToken());
        String gusAuth = ContactSyncIT.basic("gus", ContactSyncIT.appPassword(node, gus.accessToken()));
        String fayAuth = ContactSyncIT.basic("fay", password);
        String gusBook = ContactSyncIT.DAV + "addressbooks/gus/contacts/";
        assertThat(ContactSyncIT.dav(node, "PUT", gusBook + "g.vcf", gusAuth, card("gus-friend", "Gus Friend")).status()).isEqualTo(201);
        assertThat(node.client().put("/_lightweb/contact-sync/v1/books/contacts/shares/" + fay.userId(), gus.accessToken(),
                Map.of("access", "read")).status()).isEqualTo(200);
        assertThat(ContactSyncIT.dav(node, "PUT", ContactSyncIT.DAV + "addressbooks/fay/contacts/f.vcf", fayAuth, card("fay-own", "Fay Own")).status()).isEqualTo(201);

        home = Files.createTempDirectory(node.dataDir(), "vdirsyncer-home");
        local = Files.createDirectories(home.resolve("books"));
        Files.createDirectories(local.resolve("contacts"));          // created up front: discover would ask on stdin
        Files.createDirectories(local.resolve("shared~gus~contacts"));
        writeConfig("books", "collections = [\"from b\"]", node.baseUrl() + "/", "fay", password);
        vdirsyncer("discover", "books");
        vdirsyncer("sync");
        try (var own = Files.list(local.resolve("contacts")); var shared = Files.list(local.resolve("shared~gus~contacts"))) {
            assertThat(own.map(f -> read(f)).toList()).anySatisfy(t -> assertThat(t).contains("FN:Fay Own"));
            assertThat(shared.map(f -> read(f)).toList()).anySatisfy(t -> assertThat(t).contains("FN:Gus Friend"));
        }
    }

    /** vdirsyncer.conf in {@code home}: one pair between the folder {@code local} and the node at {@code url}. */
    private void writeConfig(String pair, String pairOptions, String url, String user, String password) throws java.io.IOException {
        Files.writeString(home.resolve("vdirsyncer.conf"), String.join("\n",
                "[general]",
                "status_path = \"" + home.resolve("status") + "/\"",
                "",
                "[pair " + pair + "]",
                "a = \"local\"",
                "b = \"node\"",
                pairOptions,
                "",
                "[storage local]",
                "type = \"filesystem\"",
                "path = \"" + local + "/\"",
                "fileext = \".vcf\"",
                "",
                "[storage node]",
                "type = \"carddav\"",
                "url = \"" + url + "\"",
                "username = \"" + user + "\"",
                "password = \"" + password + "\"",
                ""));
    }

    private static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The href of the card with {@code uid} on the node (vdirsyncer chose its name). */
    private String href(String auth, String uid) {
        String body = ContactSyncIT.dav(node, "REPORT", BOOK, auth, "<C:addressbook-query xmlns:D=\"DAV:\" xmlns:C=\"urn:ietf:params:xml:ns:carddav\">"
                + "<D:prop><D:getetag/></D:prop><C:filter><C:prop-filter name=\"UID\"><C:text-match match-type=\"equals\">" + uid
                + "</C:text-match></C:prop-filter></C:filter></C:addressbook-query>", "Depth", "1").body();
        String h = body.replaceAll("(?s).*?<d:href>([^<]*)</d:href>.*", "$1");
        assertThat(h).startsWith(BOOK);
        return h;
    }

    private static String fnQuery(String fn) {
        return "<C:addressbook-query xmlns:D=\"DAV:\" xmlns:C=\"urn:ietf:params:xml:ns:carddav\"><D:prop><C:address-data/></D:prop>"
                + "<C:filter><C:prop-filter name=\"FN\"><C:text-match>" + fn + "</C:text-match></C:prop-filter></C:filter></C:addressbook-query>";
    }
}

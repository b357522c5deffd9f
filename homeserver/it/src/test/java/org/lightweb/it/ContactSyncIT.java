package org.lightweb.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The contact-sync plugin (the shaded jar the same Maven run built from plugins/contact-sync) on a real node, with raw
 * WebDAV requests taken from RFC 6352 section 8 and RFC 6578 section 6, and the bad inputs the issue lists: each gets
 * its status and changes nothing.
 */
class ContactSyncIT {
    static final String DAV = "/_lightweb/contact-sync/dav/";
    static final String BOOK = DAV + "addressbooks/alice/contacts/";

    @RegisterExtension
    static final TestNode node = TestNode.create(c -> configure(c, pluginDirectory()));

    static TestClient.Account alice;
    static TestClient.Account bob;
    static String aliceAuth;
    static String bobAuth;

    static void configure(ObjectNode c, Path directory) {
        ObjectNode p = c.putObject("plugins");
        p.put("directory", directory.toString()).put("max_request_body", "256KiB");
        p.putObject("config").putObject("contact-sync").put("max_vcard_bytes", 4096);
    }

    /** The plugin's shaded jar, built earlier in the same Maven run. */
    static Path pluginJar() {
        Path target = Path.of(System.getProperty("lightweb.repo.root", "../..")).resolve("plugins/contact-sync/target");
        try (var files = Files.list(target)) {
            return files.filter(f -> f.getFileName().toString().matches("lightweb-plugin-contact-sync-[^-]+(-SNAPSHOT)?\\.jar"))
                    .findFirst().orElseThrow(() -> new IllegalStateException("no contact-sync jar in " + target
                            + ": build it first (mvn -B package -pl plugins/contact-sync -am)"));
        } catch (IOException e) {
            throw new IllegalStateException("no " + target + ": build plugins/contact-sync first", e);
        }
    }

    static Path pluginDirectory() {
        try {
            Path dir = Files.createTempDirectory("lightweb-plugins-");
            Files.copy(pluginJar(), dir.resolve("contact-sync.jar"));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @BeforeAll
    static void accounts() {
        alice = node.client().register("alice", "password123");
        bob = node.client().register("bob", "password123");
        aliceAuth = basic("alice", appPassword(node, alice.accessToken()));
        bobAuth = basic(bob.userId(), appPassword(node, bob.accessToken()));
    }

    static String appPassword(TestNode node, String token) {
        var res = node.client().post("/_lightweb/contact-sync/v1/app_passwords", token, Map.of("label", "test device"));
        assertThat(res.status()).as(res.body()).isEqualTo(200);
        return res.json().path("password").asText();
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    record Res(int status, HttpResponse<String> raw) {
        String body() { return raw.body(); }

        String header(String name) { return raw.headers().firstValue(name).orElse(null); }
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** A raw request; {@code headers} are name, value pairs. */
    static Res dav(TestNode node, String method, String path, String auth, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(node.baseUrl() + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (auth != null) b.header("Authorization", auth);
        for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        try {
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Res(r.statusCode(), r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Res dav(String method, String path, String auth, String body, String... headers) {
        return dav(node, method, path, auth, body, headers);
    }

    /** RFC 6352 6.3.2.1's example vCard (Cyrus Daboo), with its UID. */
    static String daboo(String uid) {
        return String.join("\r\n", "BEGIN:VCARD", "VERSION:3.0", "FN:Cyrus Daboo", "N:Daboo;Cyrus;;;",
                "ADR;TYPE=POSTAL:;2822 Email HQ;Suite 2821;RFCVille;PA;15213;USA", "EMAIL;TYPE=PREF:cyrus@example.com",
                "NICKNAME:me", "NOTE:Example VCard.", "ORG:Self Employed", "TEL;TYPE=VOICE:412 605 0499",
                "TEL;TYPE=FAX:412 605 0705", "URL:http://www.example.com", "UID:" + uid, "END:VCARD", "");
    }

    static String simple(String uid, String fn) {
        return "BEGIN:VCARD\r\nVERSION:4.0\r\nUID:" + uid + "\r\nFN:" + fn + "\r\nEMAIL:" + uid + "@example.org\r\nEND:VCARD\r\n";
    }

    @Test
    void discoveryShouldLeadFromWellKnownToTheHomeWhenAClientStarts() {
        Res wk = dav("GET", "/.well-known/carddav", null, null);
        assertThat(wk.status()).isEqualTo(301);
        assertThat(wk.header("Location")).isEqualTo(DAV);
        Res options = dav("OPTIONS", DAV, null, null);
        assertThat(options.status()).isEqualTo(200);
        assertThat(options.header("DAV")).contains("1").contains("3").contains("addressbook");
        Res preflight = dav("OPTIONS", DAV, null, null, "Origin", "https://app.example", "Access-Control-Request-Method", "PROPFIND");
        assertThat(preflight.status()).isEqualTo(204);

        Res unauth = dav("PROPFIND", DAV, null, null, "Depth", "0");
        assertThat(unauth.status()).isEqualTo(401);
        assertThat(unauth.header("WWW-Authenticate")).isEqualTo("Basic realm=\"Lightweb contacts\"");
        assertThat(dav("PROPFIND", DAV, basic("alice", "password123"), null, "Depth", "0").status()).isEqualTo(401);

        Res root = dav("PROPFIND", DAV, aliceAuth, "<?xml version=\"1.0\" encoding=\"utf-8\"?><d:propfind xmlns:d=\"DAV:\"><d:prop><d:current-user-principal/></d:prop></d:propfind>", "Depth", "0");
        assertThat(root.status()).isEqualTo(207);
        assertThat(root.body()).contains("<d:href>" + DAV + "principals/alice/</d:href>");
        Res principal = dav("PROPFIND", DAV + "principals/alice/", aliceAuth, "<d:propfind xmlns:d=\"DAV:\" xmlns:card=\"urn:ietf:params:xml:ns:carddav\"><d:prop><card:addressbook-home-set/></d:prop></d:propfind>", "Depth", "0");
        assertThat(principal.body()).contains(DAV + "addressbooks/alice/");
        Res home = dav("PROPFIND", DAV + "addressbooks/alice/", aliceAuth, "<d:propfind xmlns:d=\"DAV:\" xmlns:cs=\"http://calendarserver.org/ns/\"><d:prop><d:resourcetype/><d:displayname/><cs:getctag/><d:sync-token/><d:supported-report-set/><d:current-user-privilege-set/></d:prop></d:propfind>", "Depth", "1");
        assertThat(home.status()).isEqualTo(207);
        assertThat(home.body()).contains(BOOK).contains("<card:addressbook/>").contains("<cs:getctag>").contains("<d:sync-token>")
                .contains("<card:addressbook-query/>");
    }

    /** RFC 6352 8.6.4 / 8.6.5 (addressbook-query) and 8.7.2 (multiget), after the PUT of 6.3.2.1. */
    @Test
    void rfc6352ExamplesShouldAnswerAsTheRfcShowsWhenRunAgainstTheNode() {
        Res put = dav("PUT", BOOK + "newvcard.vcf", aliceAuth, daboo("1234-5678-9000-1"), "If-None-Match", "*", "Content-Type", "text/vcard");
        assertThat(put.status()).isEqualTo(201);
        assertThat(put.header("ETag")).startsWith("\"");
        assertThat(dav("PUT", BOOK + "other.vcf", aliceAuth, simple("other", "Other Person"), "Content-Type", "text/vcard").status()).isEqualTo(201);

        String nickname = """
                <?xml version="1.0" encoding="utf-8" ?>
                <C:addressbook-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:carddav">
                  <D:prop><D:getetag/><C:address-data><C:prop name="VERSION"/><C:prop name="UID"/><C:prop name="NICKNAME"/><C:prop name="EMAIL"/><C:prop name="FN"/></C:address-data></D:prop>
                  <C:filter><C:prop-filter name="NICKNAME"><C:text-match collation="i;unicode-casemap" match-type="equals">me</C:text-match></C:prop-filter></C:filter>
                </C:addressbook-query>""";
        Res q = dav("REPORT", BOOK, aliceAuth, nickname, "Depth", "1", "Content-Type", "text/xml; charset=utf-8");
        assertThat(q.status()).isEqualTo(207);
        assertThat(q.body()).contains(BOOK + "newvcard.vcf").contains("UID:1234-5678-9000-1").doesNotContain("other.vcf");

        String fnOrEmail = """
                <?xml version="1.0" encoding="utf-8" ?>
                <C:addressbook-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:carddav">
                  <D:prop><D:getetag/><C:address-data><C:prop name="VERSION"/><C:prop name="UID"/><C:prop name="NICKNAME"/><C:prop name="EMAIL"/><C:prop name="FN"/></C:address-data></D:prop>
                  <C:filter test="anyof">
                    <C:prop-filter name="FN"><C:text-match collation="i;unicode-casemap" match-type="contains">daboo</C:text-match></C:prop-filter>
                    <C:prop-filter name="EMAIL"><C:text-match collation="i;unicode-casemap" match-type="contains">daboo</C:text-match></C:prop-filter>
                  </C:filter>
                </C:addressbook-query>""";
        assertThat(dav("REPORT", BOOK, aliceAuth, fnOrEmail, "Depth", "1").body()).contains("newvcard.vcf").doesNotContain("other.vcf");
        String uid = fnOrEmail.replace("name=\"FN\"", "name=\"UID\"").replace(">daboo<", ">other<");
        assertThat(dav("REPORT", BOOK, aliceAuth, uid, "Depth", "1").body()).contains("other.vcf");

        String multiget = """
                <?xml version="1.0" encoding="utf-8" ?>
                <C:addressbook-multiget xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:carddav">
                  <D:prop><D:getetag/><C:address-data><C:prop name="VERSION"/><C:prop name="UID"/><C:prop name="NICKNAME"/></C:address-data></D:prop>
                  <D:href>%snewvcard.vcf</D:href>
                  <D:href>%svcf1.vcf</D:href>
                </C:addressbook-multiget>""".formatted(BOOK, BOOK);
        Res mg = dav("REPORT", BOOK, aliceAuth, multiget, "Depth", "1");
        assertThat(mg.status()).isEqualTo(207);
        assertThat(mg.body()).contains("NICKNAME:me").contains("<d:href>" + BOOK + "vcf1.vcf</d:href><d:status>HTTP/1.1 404 Not Found</d:status>");
    }

    /** RFC 6578 6.1 (initial sync, with a property of another namespace), 6.2 (a later sync) and a bad token. */
    @Test
    void rfc6578ExamplesShouldReportChangesSinceATokenWhenSyncing() {
        String book = DAV + "addressbooks/alice/sync/";
        assertThat(dav("MKCOL", book, aliceAuth, "<D:mkcol xmlns:D=\"DAV:\" xmlns:C=\"urn:ietf:params:xml:ns:carddav\"><D:set><D:prop><D:resourcetype><D:collection/><C:addressbook/></D:resourcetype><D:displayname>Sync</D:displayname></D:prop></D:set></D:mkcol>").status()).isEqualTo(201);
        dav("PUT", book + "test.vcf", aliceAuth, simple("t1", "Test One"));
        dav("PUT", book + "gone.vcf", aliceAuth, simple("t2", "Gone Soon"));
        String initial = """
                <?xml version="1.0" encoding="utf-8" ?>
                <D:sync-collection xmlns:D="DAV:">
                  <D:sync-token/>
                  <D:sync-level>1</D:sync-level>
                  <D:prop xmlns:R="urn:ns.example.com:boxschema"><D:getetag/><R:bigbox/></D:prop>
                </D:sync-collection>""";
        Res first = dav("REPORT", book, aliceAuth, initial, "Depth", "0");
        assertThat(first.status()).isEqualTo(207);
        assertThat(first.body()).contains("test.vcf").contains("gone.vcf").contains("bigbox").contains("HTTP/1.1 404 Not Found");
        String token = first.body().replaceAll("(?s).*<d:sync-token>(.*)</d:sync-token>.*", "$1");

        dav("DELETE", book + "gone.vcf", aliceAuth, null);
        dav("PUT", book + "new.vcf", aliceAuth, simple("t3", "New One"));
        Res second = dav("REPORT", book, aliceAuth, initial.replace("<D:sync-token/>", "<D:sync-token>" + token + "</D:sync-token>"), "Depth", "0");
        assertThat(second.body()).contains("<d:href>" + book + "gone.vcf</d:href><d:status>HTTP/1.1 404 Not Found</d:status>")
                .contains("new.vcf").doesNotContain("test.vcf").doesNotContain(token);
        Res bad = dav("REPORT", book, aliceAuth, initial.replace("<D:sync-token/>", "<D:sync-token>http://example.com/bogus</D:sync-token>"), "Depth", "0");
        assertThat(bad.status()).isEqualTo(403);
        assertThat(bad.body()).contains("valid-sync-token");
    }

    @Test
    void badInputShouldGetItsStatusAndChangeNothingWhenSent() {
        String book = DAV + "addressbooks/bob/contacts/";
        Res created = dav("PUT", book + "card.vcf", bobAuth, simple("bobs", "Bob's Friend"));
        assertThat(created.status()).isEqualTo(201);
        String etag = created.header("ETag");

        assertThat(dav("PROPFIND", book, bobAuth, "<d:propfind xmlns:d=\"DAV:\"><d:prop>", "Depth", "0").status()).isEqualTo(400);
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><d:propertyupdate xmlns:d=\"DAV:\"><d:set><d:prop><d:displayname>&x;</d:displayname></d:prop></d:set></d:propertyupdate>";
        assertThat(dav("PROPPATCH", book, bobAuth, xxe).status()).isEqualTo(400);
        Res invalid = dav("PUT", book + "card.vcf", bobAuth, "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:No UID\r\nEND:VCARD\r\n", "Content-Type", "text/vcard");
        assertThat(invalid.status()).isEqualTo(403);
        assertThat(invalid.body()).contains("<d:error").contains("<card:valid-address-data/>");
        assertThat(dav("PUT", book + "card.vcf", bobAuth, "{}", "Content-Type", "application/json").status()).isEqualTo(415);
        assertThat(dav("PUT", book + "card.vcf", bobAuth, simple("bobs", "Changed"), "If-Match", "\"wrong\"").status()).isEqualTo(412);
        assertThat(dav("PUT", book + "card.vcf", bobAuth, simple("bobs", "Changed"), "If-None-Match", "*").status()).isEqualTo(412);
        assertThat(dav("DELETE", book + "card.vcf", bobAuth, null, "If-Match", "\"wrong\"").status()).isEqualTo(412);

        assertThat(dav("GET", book + "card.vcf", aliceAuth, null).status()).isEqualTo(403);
        assertThat(dav("PUT", book + "card.vcf", aliceAuth, simple("bobs", "Alice was here")).status()).isEqualTo(403);
        assertThat(dav("DELETE", book, aliceAuth, null).status()).isEqualTo(403);
        assertThat(dav("PROPFIND", DAV + "addressbooks/bob/", aliceAuth, null, "Depth", "1").status()).isEqualTo(403);
        assertThat(dav("PUT", DAV + "addressbooks/alice/..%2Fbob/contacts/card.vcf", aliceAuth, simple("bobs", "Alice was here")).status()).isIn(400, 403, 404, 409);
        assertThat(dav("PUT", DAV + "addressbooks/alice/%2E%2E/bob/contacts/card.vcf", aliceAuth, simple("bobs", "Alice was here")).status()).isIn(400, 403, 404);
        assertThat(dav("PUT", BOOK + "..%2F..%2Fbob%2Fcontacts%2Fcard.vcf", aliceAuth, simple("bobs", "Alice was here")).status()).isIn(400, 403, 404, 409);
        assertThat(dav("PUT", BOOK + "a%2Fb.vcf", aliceAuth, simple("slash", "Slash")).status()).isIn(400, 404, 409);

        Res after = dav("GET", book + "card.vcf", bobAuth, null);
        assertThat(after.status()).isEqualTo(200);
        assertThat(after.header("ETag")).isEqualTo(etag);
        assertThat(after.body()).contains("FN:Bob's Friend");
    }

    @Test
    void appPasswordShouldStopWorkingWhenAnAdminRevokesItOrTheAccountIsDeactivated() {
        String admin = AdminIT.registerWithSharedSecret(node, "contactsadmin", "password123", true);
        var erin = node.client().register("erin", "password123");
        String first = appPassword(node, erin.accessToken());
        String second = appPassword(node, erin.accessToken());
        assertThat(dav("PROPFIND", DAV, basic("erin", first), null, "Depth", "0").status()).isEqualTo(207);

        var listed = node.client().post("/_lightweb/admin/v1/plugins/commands/contacts-app-passwords", admin,
                Map.of("args", java.util.List.of(erin.userId())));
        assertThat(listed.status()).as(listed.body()).isEqualTo(200);
        String text = listed.json().path("text").asText();
        assertThat(text).contains("2 app password(s)").doesNotContain(first);
        String firstId = text.lines().skip(1).findFirst().orElseThrow().split(" ")[0];
        var revoked = node.client().post("/_lightweb/admin/v1/plugins/commands/contacts-revoke-app-password", admin,
                Map.of("args", java.util.List.of(erin.userId(), firstId)));
        assertThat(revoked.json().path("text").asText()).startsWith("Revoked");
        assertThat(dav("PROPFIND", DAV, basic("erin", first), null, "Depth", "0").status()).isEqualTo(401);
        assertThat(dav("PROPFIND", DAV, basic("erin", second), null, "Depth", "0").status()).isEqualTo(207);

        assertThat(node.client().post("/_synapse/admin/v1/deactivate/" + erin.userId(), admin, Map.of("erase", false)).status()).isEqualTo(200);
        assertThat(dav("PROPFIND", DAV, basic("erin", second), null, "Depth", "0").status()).isEqualTo(401);
    }

    @Test
    void sharedBookShouldBeReadableButNotWritableWhenSharedReadOnly() {
        String carol = node.client().register("carol", "password123").accessToken();
        String carolAuth = basic("carol", appPassword(node, carol));
        String own = DAV + "addressbooks/carol/team/";
        assertThat(dav("MKCOL", own, carolAuth, null).status()).isEqualTo(201);
        assertThat(dav("PUT", own + "m.vcf", carolAuth, simple("m", "Member")).status()).isEqualTo(201);
        var share = node.client().put("/_lightweb/contact-sync/v1/books/team/shares/" + alice.userId(), carol, Map.of("access", "read"));
        assertThat(share.status()).as(share.body()).isEqualTo(200);

        String shared = DAV + "addressbooks/alice/shared~carol~team/";
        assertThat(dav("PROPFIND", DAV + "addressbooks/alice/", aliceAuth, null, "Depth", "1").body()).contains(shared);
        assertThat(dav("GET", shared + "m.vcf", aliceAuth, null).body()).contains("FN:Member");
        assertThat(dav("PUT", shared + "x.vcf", aliceAuth, simple("x", "Intruder")).status()).isEqualTo(403);
        assertThat(dav("DELETE", shared + "m.vcf", aliceAuth, null).status()).isEqualTo(403);
        assertThat(dav("GET", own + "x.vcf", carolAuth, null).status()).isEqualTo(404);
        assertThat(node.client().delete("/_lightweb/contact-sync/v1/books/team/shares/" + alice.userId(), carol, null).status()).isEqualTo(200);
        assertThat(dav("PROPFIND", shared, aliceAuth, null, "Depth", "0").status()).isEqualTo(404);
    }
}

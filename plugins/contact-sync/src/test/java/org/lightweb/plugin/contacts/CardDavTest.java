package org.lightweb.plugin.contacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lightweb.plugin.AdminCommand.CommandContext;
import org.lightweb.plugin.HttpResponse;
import org.lightweb.plugin.PluginConfigException;
import org.lightweb.plugin.Users;
import org.lightweb.plugin.testkit.FakeHttpRequest;
import org.lightweb.plugin.testkit.FakePluginContext;
import org.lightweb.plugin.testkit.FakeRoutes;

/** The CardDAV handler and the member routes, on the test kit's fake node. */
class CardDavTest {
    static final String ALICE = "@alice:kaslo.test";
    static final String BOB = "@bob:kaslo.test";
    static final String BOOK = "/dav/addressbooks/alice/contacts/";

    FakePluginContext ctx;
    FakeRoutes routes;
    String alicePassword;
    String aliceAuth;
    String bobAuth;

    static String card(String uid, String fn) {
        return "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:" + uid + "\r\nFN:" + fn + "\r\nN:" + fn + ";;;;\r\nEMAIL;TYPE=work:" + uid + "@example.org\r\nEND:VCARD\r\n";
    }

    @BeforeEach
    void setUp() {
        ctx = FakePluginContext.builder("contact-sync").serverName("kaslo.test").config(Map.of("max_vcard_bytes", 2048, "max_cards_per_book", 3)).build();
        ctx.users().add(ALICE, "Alice");
        ctx.users().add(BOB, "Bob");
        routes = FakeRoutes.of(ctx, ctx.extension(ContactSyncRoutes.class));
        alicePassword = appPassword(ALICE);
        aliceAuth = basic("alice", alicePassword);
        bobAuth = basic(BOB, appPassword(BOB));
    }

    @AfterEach
    void tearDown() { ctx.close(); }

    String appPassword(String user) {
        HttpResponse res = routes.client(FakeHttpRequest.post("/v1/app_passwords").json(Map.of("label", "phone")), FakeRoutes.user(user));
        assertThat(res.status()).isEqualTo(200);
        return (String) FakeRoutes.json(res).get("password");
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    HttpResponse dav(String method, String path, String auth, String body, String... headers) {
        FakeHttpRequest req = new FakeHttpRequest(method, path);
        if (auth != null) req.header("Authorization", auth);
        if (body != null) req.body(body);
        for (int i = 0; i < headers.length; i += 2) req.header(headers[i], headers[i + 1]);
        return routes.open(req);
    }

    static String text(HttpResponse res) { return new String(res.body(), StandardCharsets.UTF_8); }

    HttpResponse putCard(String auth, String path, String vcard, String... headers) {
        String[] h = new String[headers.length + 2];
        h[0] = "Content-Type";
        h[1] = "text/vcard; charset=utf-8";
        System.arraycopy(headers, 0, h, 2, headers.length);
        return dav("PUT", path, auth, vcard, h);
    }

    @Test
    void davShouldAnswer401WithBasicChallengeWhenThePasswordIsMissingOrWrong() {
        HttpResponse none = dav("PROPFIND", BOOK, null, null);
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.headers()).containsEntry("WWW-Authenticate", "Basic realm=\"Lightweb contacts\"");
        assertThat(dav("PROPFIND", BOOK, basic("alice", "wrong"), null).status()).isEqualTo(401);
        assertThat(dav("PROPFIND", BOOK, basic("@alice:kaslo.test", alicePassword), null, "Depth", "0").status()).isEqualTo(207);
        assertThat(dav("PROPFIND", BOOK, "Basic !!!", null).status()).isEqualTo(401);
        assertThat(dav("PROPFIND", BOOK, basic("bob", alicePassword), null).status()).isEqualTo(401);
    }

    @Test
    void davShouldRefuseAppPasswordWhenRevokedOrAccountDeactivated() {
        String password = appPassword(ALICE);
        assertThat(dav("PROPFIND", BOOK, basic("alice", password), null, "Depth", "0").status()).isEqualTo(207);
        List<?> list = (List<?>) FakeRoutes.json(routes.client(FakeHttpRequest.get("/v1/app_passwords"), FakeRoutes.user(ALICE))).get("app_passwords");
        assertThat(list).hasSize(2);
        String id = (String) ((Map<?, ?>) list.get(1)).get("id");
        assertThat(routes.client(FakeHttpRequest.delete("/v1/app_passwords/" + id), FakeRoutes.user(ALICE)).status()).isEqualTo(200);
        assertThat(dav("PROPFIND", BOOK, basic("alice", password), null, "Depth", "0").status()).isEqualTo(401);

        ctx.users().add(new Users.User(ALICE, "Alice", false, true, false));
        assertThat(dav("PROPFIND", BOOK, aliceAuth, null, "Depth", "0").status()).isEqualTo(401);
    }

    @Test
    void wellKnownShouldRedirectToDavRootWhenAsked() {
        HttpResponse res = routes.wellKnown(FakeHttpRequest.get("/.well-known/carddav"));
        assertThat(res.status()).isEqualTo(301);
        assertThat(res.headers()).containsEntry("Location", "/_lightweb/contact-sync/dav/");
    }

    @Test
    void optionsShouldAdvertiseAddressbookWhenAskedWithoutCredentials() {
        HttpResponse res = dav("OPTIONS", BOOK, null, null);
        assertThat(res.status()).isEqualTo(200);
        assertThat(res.headers().get("DAV")).contains("addressbook");
    }

    @Test
    void propfindShouldFindPrincipalHomeAndDefaultBookWhenAMemberStarts() {
        String root = text(dav("PROPFIND", "/dav/", aliceAuth, "<d:propfind xmlns:d=\"DAV:\"><d:prop><d:current-user-principal/></d:prop></d:propfind>", "Depth", "0"));
        assertThat(root).contains("<d:current-user-principal><d:href>/_lightweb/contact-sync/dav/principals/alice/</d:href>");
        String principal = text(dav("PROPFIND", "/dav/principals/alice/", aliceAuth,
                "<d:propfind xmlns:d=\"DAV:\" xmlns:c=\"urn:ietf:params:xml:ns:carddav\"><d:prop><c:addressbook-home-set/></d:prop></d:propfind>", "Depth", "0"));
        assertThat(principal).contains("<card:addressbook-home-set><d:href>/_lightweb/contact-sync/dav/addressbooks/alice/</d:href>");
        HttpResponse home = dav("PROPFIND", "/dav/addressbooks/alice/", aliceAuth, null, "Depth", "1");
        assertThat(home.status()).isEqualTo(207);
        assertThat(text(home)).contains("<d:href>/_lightweb/contact-sync/dav/addressbooks/alice/contacts/</d:href>")
                .contains("<card:addressbook/>").contains("<cs:getctag>0</cs:getctag>").contains("<d:sync-token>")
                .contains("<card:addressbook-multiget/>").contains("<d:privilege><d:write/></d:privilege>");
    }

    @Test
    void putShouldStoreAndServeCardWithEtagWhenValid() {
        HttpResponse put = putCard(aliceAuth, BOOK + "a.vcf", card("a", "Ann Example"), "If-None-Match", "*");
        assertThat(put.status()).isEqualTo(201);
        String etag = put.headers().get("ETag");
        HttpResponse get = dav("GET", BOOK + "a.vcf", aliceAuth, null);
        assertThat(get.status()).isEqualTo(200);
        assertThat(get.headers()).containsEntry("ETag", etag);
        assertThat(text(get)).isEqualTo(card("a", "Ann Example"));

        assertThat(putCard(aliceAuth, BOOK + "a.vcf", card("a", "Ann"), "If-None-Match", "*").status()).isEqualTo(412);
        assertThat(putCard(aliceAuth, BOOK + "a.vcf", card("a", "Ann"), "If-Match", "\"stale\"").status()).isEqualTo(412);
        assertThat(text(dav("GET", BOOK + "a.vcf", aliceAuth, null))).contains("FN:Ann Example");
        HttpResponse update = putCard(aliceAuth, BOOK + "a.vcf", card("a", "Ann Two"), "If-Match", etag);
        assertThat(update.status()).isEqualTo(204);
        assertThat(dav("DELETE", BOOK + "a.vcf", aliceAuth, null, "If-Match", etag).status()).isEqualTo(412);
        assertThat(dav("DELETE", BOOK + "a.vcf", aliceAuth, null, "If-Match", update.headers().get("ETag")).status()).isEqualTo(204);
        assertThat(dav("GET", BOOK + "a.vcf", aliceAuth, null).status()).isEqualTo(404);
    }

    @Test
    void putShouldAcceptVcard4WhenValid() {
        String v4 = "BEGIN:VCARD\r\nVERSION:4.0\r\nUID:urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1\r\nFN:J. Doe\r\nEMAIL:jdoe@example.com\r\nEND:VCARD\r\n";
        assertThat(putCard(aliceAuth, BOOK + "jdoe.vcf", v4).status()).isEqualTo(201);
    }

    @Test
    void putShouldRefuseWithPreconditionBodyWhenVcardIsInvalid() {
        for (String bad : List.of("not a vcard", "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:No Uid\r\nEND:VCARD\r\n",
                "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:x\r\nEND:VCARD\r\n", "BEGIN:VCARD\r\nVERSION:2.1\r\nUID:x\r\nFN:Old\r\nEND:VCARD\r\n",
                card("x", "One") + card("y", "Two"))) {
            HttpResponse res = putCard(aliceAuth, BOOK + "bad.vcf", bad);
            assertThat(res.status()).as(bad).isEqualTo(403);
            assertThat(text(res)).contains("<d:error").contains("<card:valid-address-data/>");
        }
        HttpResponse type = dav("PUT", BOOK + "bad.vcf", aliceAuth, card("x", "X"), "Content-Type", "application/json");
        assertThat(type.status()).isEqualTo(415);
        assertThat(text(type)).contains("<card:supported-address-data/>");
        HttpResponse big = putCard(aliceAuth, BOOK + "big.vcf", card("big", "B".repeat(3000)));
        assertThat(big.status()).isEqualTo(403);
        assertThat(text(big)).contains("<card:max-resource-size/>");
        assertThat(dav("GET", BOOK + "bad.vcf", aliceAuth, null).status()).isEqualTo(404);
        assertThat(dav("GET", BOOK + "big.vcf", aliceAuth, null).status()).isEqualTo(404);
    }

    @Test
    void putShouldRefuseWhenUidIsTakenOrBookIsFull() {
        assertThat(putCard(aliceAuth, BOOK + "a.vcf", card("a", "A")).status()).isEqualTo(201);
        HttpResponse dup = putCard(aliceAuth, BOOK + "other.vcf", card("a", "A again"));
        assertThat(dup.status()).isEqualTo(409);
        assertThat(text(dup)).contains("<card:no-uid-conflict/>");
        assertThat(putCard(aliceAuth, BOOK + "b.vcf", card("b", "B")).status()).isEqualTo(201);
        assertThat(putCard(aliceAuth, BOOK + "c.vcf", card("c", "C")).status()).isEqualTo(201);
        assertThat(putCard(aliceAuth, BOOK + "d.vcf", card("d", "D")).status()).isEqualTo(507);
    }

    @Test
    void davShouldAnswer400AndChangeNothingWhenXmlIsMalformedOrHasADoctype() {
        dav("PROPFIND", "/dav/addressbooks/alice/", aliceAuth, null, "Depth", "1");
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<d:propertyupdate xmlns:d=\"DAV:\"><d:set><d:prop><d:displayname>&x;</d:displayname></d:prop></d:set></d:propertyupdate>";
        assertThat(dav("PROPPATCH", BOOK, aliceAuth, xxe).status()).isEqualTo(400);
        assertThat(dav("PROPFIND", BOOK, aliceAuth, "<d:propfind xmlns:d=\"DAV:\"><d:prop>", "Depth", "0").status()).isEqualTo(400);
        assertThat(dav("REPORT", BOOK, aliceAuth, "<<<").status()).isEqualTo(400);
        assertThat(text(dav("PROPFIND", BOOK, aliceAuth, null, "Depth", "0"))).contains("<d:displayname>Contacts</d:displayname>").doesNotContain("root:");
    }

    @Test
    void mkcolProppatchDeleteShouldManageBooksWhenOwner() {
        String mkcol = "<?xml version=\"1.0\" encoding=\"utf-8\" ?><D:mkcol xmlns:D=\"DAV:\" xmlns:C=\"urn:ietf:params:xml:ns:carddav\">"
                + "<D:set><D:prop><D:resourcetype><D:collection/><C:addressbook/></D:resourcetype><D:displayname>Lisa's Contacts</D:displayname>"
                + "<C:addressbook-description xml:lang=\"en\">My primary address book.</C:addressbook-description></D:prop></D:set></D:mkcol>";
        assertThat(dav("MKCOL", "/dav/addressbooks/alice/work/", aliceAuth, mkcol).status()).isEqualTo(201);
        assertThat(dav("MKCOL", "/dav/addressbooks/alice/work/", aliceAuth, mkcol).status()).isEqualTo(405);
        assertThat(dav("MKCOL", "/dav/addressbooks/bob/work/", aliceAuth, mkcol).status()).isEqualTo(403);
        assertThat(text(dav("PROPFIND", "/dav/addressbooks/alice/work/", aliceAuth, null, "Depth", "0")))
                .contains("<d:displayname>Lisa's Contacts</d:displayname>").contains("My primary address book.");
        String patch = "<d:propertyupdate xmlns:d=\"DAV:\"><d:set><d:prop><d:displayname>Work</d:displayname></d:prop></d:set></d:propertyupdate>";
        HttpResponse res = dav("PROPPATCH", "/dav/addressbooks/alice/work/", aliceAuth, patch);
        assertThat(res.status()).isEqualTo(207);
        assertThat(text(res)).contains("HTTP/1.1 200 OK");
        String refused = "<d:propertyupdate xmlns:d=\"DAV:\"><d:set><d:prop><d:displayname>X</d:displayname><d:getetag>x</d:getetag></d:prop></d:set></d:propertyupdate>";
        assertThat(text(dav("PROPPATCH", "/dav/addressbooks/alice/work/", aliceAuth, refused))).contains("403 Forbidden").contains("424 Failed Dependency");
        assertThat(text(dav("PROPFIND", "/dav/addressbooks/alice/work/", aliceAuth, null, "Depth", "0"))).contains("<d:displayname>Work</d:displayname>");
        assertThat(dav("DELETE", "/dav/addressbooks/alice/work/", aliceAuth, null).status()).isEqualTo(204);
        assertThat(dav("PROPFIND", "/dav/addressbooks/alice/work/", aliceAuth, null, "Depth", "0").status()).isEqualTo(404);
    }

    @Test
    void reportsShouldFilterFetchAndSyncWhenAsked() {
        putCard(aliceAuth, BOOK + "a.vcf", card("a", "Ann Example"));
        putCard(aliceAuth, BOOK + "b.vcf", card("b", "Bea Other"));
        String query = "<C:addressbook-query xmlns:D=\"DAV:\" xmlns:C=\"urn:ietf:params:xml:ns:carddav\"><D:prop><D:getetag/>"
                + "<C:address-data/></D:prop><C:filter test=\"anyof\"><C:prop-filter name=\"FN\"><C:text-match collation=\"i;unicode-casemap\" "
                + "match-type=\"contains\">ann</C:text-match></C:prop-filter></C:filter></C:addressbook-query>";
        String found = text(dav("REPORT", BOOK, aliceAuth, query, "Depth", "1"));
        assertThat(found).contains("a.vcf").doesNotContain("b.vcf").contains("FN:Ann Example");
        String email = query.replace("name=\"FN\"", "name=\"EMAIL\"").replace(">ann<", ">b@example<").replace("contains", "starts-with");
        assertThat(text(dav("REPORT", BOOK, aliceAuth, email, "Depth", "1"))).contains("b.vcf").doesNotContain("a.vcf");

        String multiget = "<C:addressbook-multiget xmlns:D=\"DAV:\" xmlns:C=\"urn:ietf:params:xml:ns:carddav\"><D:prop><D:getetag/><C:address-data/></D:prop>"
                + "<D:href>/_lightweb/contact-sync/dav/addressbooks/alice/contacts/b.vcf</D:href><D:href>/_lightweb/contact-sync/dav/addressbooks/alice/contacts/zz.vcf</D:href></C:addressbook-multiget>";
        String got = text(dav("REPORT", BOOK, aliceAuth, multiget, "Depth", "1"));
        assertThat(got).contains("FN:Bea Other").contains("HTTP/1.1 404 Not Found");

        String initial = text(dav("REPORT", BOOK, aliceAuth, sync(""), "Depth", "0"));
        assertThat(initial).contains("a.vcf").contains("b.vcf");
        String token = initial.replaceAll("(?s).*<d:sync-token>(.*)</d:sync-token>.*", "$1");
        dav("DELETE", BOOK + "a.vcf", aliceAuth, null);
        putCard(aliceAuth, BOOK + "c.vcf", card("c", "Cy"));
        String delta = text(dav("REPORT", BOOK, aliceAuth, sync(token), "Depth", "0"));
        assertThat(delta).contains("a.vcf</d:href><d:status>HTTP/1.1 404 Not Found").contains("c.vcf").doesNotContain("b.vcf");
        HttpResponse bad = dav("REPORT", BOOK, aliceAuth, sync(token + "9"), "Depth", "0");
        assertThat(bad.status()).isEqualTo(403);
        assertThat(text(bad)).contains("<d:valid-sync-token/>");
    }

    static String sync(String token) {
        return "<D:sync-collection xmlns:D=\"DAV:\"><D:sync-token>" + token + "</D:sync-token><D:sync-level>1</D:sync-level><D:prop><D:getetag/></D:prop></D:sync-collection>";
    }

    @Test
    void davShouldRefuseAndChangeNothingWhenPathTraversesOrNamesAnotherMembersBook() {
        dav("PROPFIND", "/dav/addressbooks/bob/", bobAuth, null, "Depth", "1");
        putCard(bobAuth, "/dav/addressbooks/bob/contacts/secret.vcf", card("s", "Secret"));
        assertThat(dav("GET", "/dav/addressbooks/bob/contacts/secret.vcf", aliceAuth, null).status()).isEqualTo(403);
        assertThat(dav("DELETE", "/dav/addressbooks/bob/contacts/secret.vcf", aliceAuth, null).status()).isEqualTo(403);
        assertThat(dav("PROPFIND", "/dav/addressbooks/bob/", aliceAuth, null, "Depth", "1").status()).isEqualTo(403);
        assertThat(putCard(aliceAuth, "/dav/addressbooks/alice/../bob/contacts/secret.vcf", card("s", "Mine now")).status()).isEqualTo(400);
        assertThat(putCard(aliceAuth, "/dav/addressbooks/alice/contacts/..", card("s", "Mine now")).status()).isEqualTo(400);
        assertThat(putCard(aliceAuth, "/dav/addressbooks/alice/contacts/a/b.vcf", card("s", "Nested")).status()).isIn(404, 409);
        assertThat(text(dav("GET", "/dav/addressbooks/bob/contacts/secret.vcf", bobAuth, null))).contains("FN:Secret");
    }

    @Test
    void sharedBookShouldAppearInShareeHomeWithItsAccessWhenShared() {
        putCard(aliceAuth, BOOK + "a.vcf", card("a", "Ann"));
        assertThat(routes.client(new FakeHttpRequest("PUT", "/v1/books/contacts/shares/" + BOB).json(Map.of("access", "read")), FakeRoutes.user(ALICE)).status()).isEqualTo(200);
        String shared = "/dav/addressbooks/bob/shared~alice~contacts/";
        assertThat(text(dav("PROPFIND", "/dav/addressbooks/bob/", bobAuth, null, "Depth", "1"))).contains(shared).contains("Contacts (alice)");
        assertThat(text(dav("GET", shared + "a.vcf", bobAuth, null))).contains("FN:Ann");
        HttpResponse denied = putCard(bobAuth, shared + "b.vcf", card("b", "Bob was here"));
        assertThat(denied.status()).isEqualTo(403);
        assertThat(dav("DELETE", shared + "a.vcf", bobAuth, null).status()).isEqualTo(403);
        assertThat(dav("GET", shared + "b.vcf", bobAuth, null).status()).isEqualTo(404);

        routes.client(new FakeHttpRequest("PUT", "/v1/books/contacts/shares/" + BOB).json(Map.of("access", "read-write")), FakeRoutes.user(ALICE));
        assertThat(putCard(bobAuth, shared + "b.vcf", card("b", "Bob was here")).status()).isEqualTo(201);
        assertThat(text(dav("GET", BOOK + "b.vcf", aliceAuth, null))).contains("FN:Bob was here");
        assertThat(dav("DELETE", shared, bobAuth, null).status()).isEqualTo(403);

        assertThat(routes.client(FakeHttpRequest.delete("/v1/books/contacts/shares/" + BOB), FakeRoutes.user(ALICE)).status()).isEqualTo(200);
        assertThat(dav("GET", shared + "a.vcf", bobAuth, null).status()).isEqualTo(409);
        assertThat(dav("PROPFIND", shared, bobAuth, null, "Depth", "0").status()).isEqualTo(404);
        assertThat(routes.client(new FakeHttpRequest("PUT", "/v1/books/contacts/shares/@nobody:kaslo.test").json(Map.of("access", "read")), FakeRoutes.user(ALICE)).status()).isEqualTo(404);
    }

    @Test
    void adminCommandsShouldListAndRevokeAppPasswordsWhenRun() throws Exception {
        String listed = ctx.extension(AppPasswordsCommand.class).run(new CommandContext("@admin:kaslo.test", null), List.of(ALICE)).text();
        assertThat(listed).contains("1 app password").contains("phone").contains("never");
        String id = listed.lines().skip(1).findFirst().orElseThrow().split(" ")[0];
        assertThat(ctx.extension(RevokeAppPasswordCommand.class).run(new CommandContext("@admin:kaslo.test", null), List.of(ALICE, id)).text()).startsWith("Revoked");
        assertThat(dav("PROPFIND", BOOK, aliceAuth, null, "Depth", "0").status()).isEqualTo(401);
    }

    @Test
    void settingsShouldRefuseUnknownKeyWhenConfigured() {
        assertThatThrownBy(() -> ContactSyncSettings.from(new org.lightweb.plugin.PluginConfig("plugins.config.contact-sync", Map.of("max_vcard_byte", 1))))
                .isInstanceOf(PluginConfigException.class).hasMessageContaining("plugins.config.contact-sync.max_vcard_byte");
        assertThat(ContactSyncSettings.from(new org.lightweb.plugin.PluginConfig("x", Map.of())).maxVcardBytes()).isEqualTo(1024 * 1024);
    }
}

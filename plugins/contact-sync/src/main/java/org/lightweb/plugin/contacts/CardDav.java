package org.lightweb.plugin.contacts;

import static org.lightweb.plugin.contacts.DavXml.CARD;
import static org.lightweb.plugin.contacts.DavXml.CS;
import static org.lightweb.plugin.contacts.DavXml.DAV;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.xml.namespace.QName;
import org.lightweb.plugin.HttpRequest;
import org.lightweb.plugin.HttpResponse;
import org.lightweb.plugin.PluginContext;
import org.lightweb.plugin.Users;
import org.lightweb.plugin.contacts.ContactStore.Book;
import org.lightweb.plugin.contacts.ContactStore.Card;
import org.w3c.dom.Element;

/**
 * CardDAV (RFC 6352) over WebDAV (RFC 4918), with sync-collection (RFC 6578), under {@code /_lightweb/contact-sync/dav/}:
 *
 * <pre>
 * dav/                                        root: current-user-principal
 * dav/principals/&lt;localpart&gt;/                the member's principal: addressbook-home-set
 * dav/addressbooks/&lt;localpart&gt;/              the member's home: own books, and books shared with them
 * dav/addressbooks/&lt;localpart&gt;/&lt;book&gt;/       an address book (shared ones are named shared~&lt;owner&gt;~&lt;book&gt;)
 * dav/addressbooks/&lt;localpart&gt;/&lt;book&gt;/&lt;card&gt; a vCard
 * </pre>
 *
 * Every request but OPTIONS needs HTTP Basic with an app password; a member sees only their own home.
 */
final class CardDav {
    static final String BASE = "/_lightweb/contact-sync";
    static final String ROOT = BASE + "/dav/";
    static final String REALM = "Basic realm=\"Lightweb contacts\"";
    static final String SHARED_PREFIX = "shared~";
    static final String TOKEN_PREFIX = "http://lightweb.org/ns/contact-sync/sync/";
    static final String DEFAULT_BOOK = "contacts";
    static final String METHODS = "OPTIONS, GET, HEAD, PUT, DELETE, PROPFIND, PROPPATCH, REPORT, MKCOL";

    private static final QName RESOURCETYPE = new QName(DAV, "resourcetype");
    private static final QName DISPLAYNAME = new QName(DAV, "displayname");
    private static final QName GETETAG = new QName(DAV, "getetag");
    private static final QName GETCONTENTTYPE = new QName(DAV, "getcontenttype");
    private static final QName GETCONTENTLENGTH = new QName(DAV, "getcontentlength");
    private static final QName GETCTAG = new QName(CS, "getctag");
    private static final QName SYNC_TOKEN = new QName(DAV, "sync-token");
    private static final QName SUPPORTED_REPORT_SET = new QName(DAV, "supported-report-set");
    private static final QName PRIVILEGES = new QName(DAV, "current-user-privilege-set");
    private static final QName CURRENT_USER_PRINCIPAL = new QName(DAV, "current-user-principal");
    private static final QName PRINCIPAL_URL = new QName(DAV, "principal-URL");
    private static final QName OWNER = new QName(DAV, "owner");
    private static final QName HOME_SET = new QName(CARD, "addressbook-home-set");
    private static final QName DESCRIPTION = new QName(CARD, "addressbook-description");
    private static final QName SUPPORTED_DATA = new QName(CARD, "supported-address-data");
    private static final QName MAX_SIZE = new QName(CARD, "max-resource-size");
    private static final QName ADDRESS_DATA = new QName(CARD, "address-data");

    /** Properties returned for allprop: everything but address-data (RFC 6352 10.4). */
    private static final Set<QName> NOT_IN_ALLPROP = Set.of(ADDRESS_DATA);

    enum Access { OWNER, READ_WRITE, READ }

    /** What a path names, for the authenticated member. */
    private record Target(Kind kind, String localpart, Book book, Access access, String bookSegment, String cardName) {}

    private enum Kind { ROOT, PRINCIPAL, HOME, BOOK, CARD, MISSING_BOOK }

    /** An answer decided early: an error status, with a WebDAV error body when there is one. */
    static final class DavException extends Exception {
        private static final long serialVersionUID = 1L;
        final transient HttpResponse response;

        DavException(HttpResponse response) {
            super(null, null, false, false);
            this.response = response;
        }

        static DavException status(int status, String why) {
            return new DavException(HttpResponse.text(status, "text/plain", why));
        }

        static DavException condition(int status, String condition) {
            return new DavException(HttpResponse.text(status, "application/xml", DavXml.error(condition)));
        }
    }

    private final PluginContext ctx;
    private final ContactStore store;
    private final ContactSyncSettings settings;

    CardDav(PluginContext ctx, ContactStore store, ContactSyncSettings settings) {
        this.ctx = ctx;
        this.store = store;
        this.settings = settings;
    }

    /** Answers one DAV request; never throws for bad input. */
    HttpResponse handle(HttpRequest req) throws Exception {
        try {
            if (req.method().equals("OPTIONS")) return options();
            String userId = authenticate(req);
            Target t = resolve(segments(req.pathParam("path")), userId);
            return switch (req.method()) {
                case "PROPFIND" -> propfind(req, t, userId);
                case "PROPPATCH" -> proppatch(req, t);
                case "MKCOL" -> mkcol(req, t, userId);
                case "REPORT" -> report(req, t, userId);
                case "GET", "HEAD" -> get(req, t);
                case "PUT" -> put(req, t);
                case "DELETE" -> delete(req, t);
                default -> HttpResponse.empty(405).header("Allow", METHODS);
            };
        } catch (DavException e) {
            return e.response;
        } catch (DavXml.BadXml e) {
            return HttpResponse.text(400, "text/plain", e.getMessage());
        }
    }

    static HttpResponse options() {
        return HttpResponse.empty(200).header("DAV", "1, 3, addressbook, extended-mkcol").header("Allow", METHODS);
    }

    // ---- authentication

    /** The member behind HTTP Basic (username: localpart or user id; password: an app password). */
    String authenticate(HttpRequest req) throws Exception {
        Optional<String> header = req.header("Authorization");
        DavException unauthorized = new DavException(HttpResponse.text(401, "text/plain", "An app password is needed")
                .header("WWW-Authenticate", REALM));
        if (header.isEmpty() || !header.get().regionMatches(true, 0, "Basic ", 0, 6)) throw unauthorized;
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.get().substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw unauthorized;
        }
        // A full user id holds ':' itself (RFC 7617 user-ids do not): it ends where this server's name does.
        String fullPrefix = ":" + ctx.serverName() + ":";
        int colon = decoded.startsWith("@") && decoded.contains(fullPrefix)
                ? decoded.indexOf(fullPrefix) + fullPrefix.length() - 1 : decoded.indexOf(':');
        if (colon <= 0) throw unauthorized;
        String name = decoded.substring(0, colon);
        String password = decoded.substring(colon + 1);
        String userId = name.startsWith("@") ? name : "@" + name + ":" + ctx.serverName();
        if (!ctx.users().isLocal(userId)) throw unauthorized;
        Optional<Users.User> user = ctx.users().find(userId);
        if (user.isEmpty() || user.get().deactivated()) throw unauthorized;
        if (!store.checkAppPassword(userId, password)) throw unauthorized;
        return userId;
    }

    static String localpart(String userId) {
        int colon = userId.indexOf(':');
        return userId.substring(1, colon < 0 ? userId.length() : colon);
    }

    // ---- paths

    /** The path's segments (already percent-decoded by the node); '..', '.', backslashes and controls are refused. */
    static List<String> segments(String path) throws DavException {
        List<String> out = new ArrayList<>();
        if (path == null) return out;
        for (String s : path.split("/", -1)) {
            if (s.isEmpty()) continue;
            if (s.equals(".") || s.equals("..") || s.contains("\\") || s.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f) || s.length() > 255) {
                throw DavException.status(400, "Bad path segment");
            }
            out.add(s);
        }
        return out;
    }

    private Target resolve(List<String> segs, String userId) throws Exception {
        String me = localpart(userId);
        if (segs.isEmpty()) return new Target(Kind.ROOT, me, null, null, null, null);
        if (segs.get(0).equals("principals") && segs.size() == 2) {
            if (!segs.get(1).equals(me)) throw DavException.status(403, "Not your principal");
            return new Target(Kind.PRINCIPAL, me, null, null, null, null);
        }
        if (!segs.get(0).equals("addressbooks") || segs.size() < 2 || segs.size() > 4) throw DavException.status(404, "Not found");
        if (!segs.get(1).equals(me)) throw DavException.status(403, "Not your address books");
        ensureDefaultBook(userId);
        if (segs.size() == 2) {
            return new Target(Kind.HOME, me, null, null, null, null);
        }
        String seg = segs.get(2);
        Optional<Target> book = book(userId, seg);
        if (book.isEmpty()) {
            if (segs.size() == 4) throw DavException.status(409, "No such address book");
            return new Target(Kind.MISSING_BOOK, me, null, null, seg, null);
        }
        if (segs.size() == 3) return book.get();
        Target b = book.get();
        return new Target(Kind.CARD, me, b.book(), b.access(), seg, segs.get(3));
    }

    private Optional<Target> book(String userId, String seg) throws Exception {
        String me = localpart(userId);
        if (seg.startsWith(SHARED_PREFIX)) {
            String[] parts = seg.substring(SHARED_PREFIX.length()).split("~", 2);
            if (parts.length != 2) return Optional.empty();
            Optional<Book> b = store.book("@" + parts[0] + ":" + ctx.serverName(), parts[1]);
            if (b.isEmpty()) return Optional.empty();
            for (ContactStore.Share s : store.sharesOf(b.get().id())) {
                if (s.sharee().equals(userId)) {
                    return Optional.of(new Target(Kind.BOOK, me, b.get(), s.access().equals("read-write") ? Access.READ_WRITE : Access.READ, seg, null));
                }
            }
            return Optional.empty();
        }
        return store.book(userId, seg).map(b -> new Target(Kind.BOOK, me, b, Access.OWNER, seg, null));
    }

    private void ensureDefaultBook(String userId) throws Exception {
        if (store.ownBooks(userId).isEmpty()) store.createBook(userId, DEFAULT_BOOK, "Contacts", null, settings.maxBooksPerUser());
    }

    static String enc(String segment) {
        StringBuilder b = new StringBuilder();
        for (byte by : segment.getBytes(StandardCharsets.UTF_8)) {
            int c = by & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~@:!$'()*+,;=".indexOf(c) >= 0) {
                b.append((char) c);
            } else {
                b.append('%').append(String.format("%02X", c));
            }
        }
        return b.toString();
    }

    static String principalHref(String lp) { return ROOT + "principals/" + enc(lp) + "/"; }

    static String homeHref(String lp) { return ROOT + "addressbooks/" + enc(lp) + "/"; }

    static String bookHref(String lp, String seg) { return homeHref(lp) + enc(seg) + "/"; }

    static String bookSegment(Book b, Access access) {
        return access == Access.OWNER ? b.slug() : SHARED_PREFIX + localpart(b.owner()) + "~" + b.slug();
    }

    // ---- properties

    private record Resource(String href, Map<QName, String> props) {}

    private Map<QName, String> common(String lp) {
        Map<QName, String> p = new LinkedHashMap<>();
        p.put(CURRENT_USER_PRINCIPAL, "<d:href>" + DavXml.escape(principalHref(lp)) + "</d:href>");
        return p;
    }

    private Resource rootResource(String lp) {
        Map<QName, String> p = common(lp);
        p.put(RESOURCETYPE, "<d:collection/>");
        p.put(DISPLAYNAME, "Lightweb contacts");
        return new Resource(ROOT, p);
    }

    private Resource principalResource(String userId) {
        String lp = localpart(userId);
        Map<QName, String> p = common(lp);
        p.put(RESOURCETYPE, "<d:principal/>");
        String name = ctx.users().find(userId).map(Users.User::displayName).orElse(null);
        p.put(DISPLAYNAME, DavXml.escape(name == null ? lp : name));
        p.put(PRINCIPAL_URL, "<d:href>" + DavXml.escape(principalHref(lp)) + "</d:href>");
        p.put(HOME_SET, "<d:href>" + DavXml.escape(homeHref(lp)) + "</d:href>");
        return new Resource(principalHref(lp), p);
    }

    private Resource homeResource(String lp) {
        Map<QName, String> p = common(lp);
        p.put(RESOURCETYPE, "<d:collection/>");
        p.put(DISPLAYNAME, DavXml.escape(lp));
        p.put(HOME_SET, "<d:href>" + DavXml.escape(homeHref(lp)) + "</d:href>");
        p.put(OWNER, "<d:href>" + DavXml.escape(principalHref(lp)) + "</d:href>");
        p.put(PRIVILEGES, privileges(Access.OWNER));
        return new Resource(homeHref(lp), p);
    }

    private Resource bookResource(String lp, Book b, Access access) {
        Map<QName, String> p = common(lp);
        p.put(RESOURCETYPE, "<d:collection/><card:addressbook/>");
        String name = access == Access.OWNER ? b.displayname() : b.displayname() + " (" + localpart(b.owner()) + ")";
        p.put(DISPLAYNAME, DavXml.escape(name));
        if (b.description() != null) p.put(DESCRIPTION, DavXml.escape(b.description()));
        p.put(GETCTAG, String.valueOf(b.syncSeq()));
        p.put(SYNC_TOKEN, DavXml.escape(token(b)));
        p.put(SUPPORTED_REPORT_SET, "<d:supported-report><d:report><card:addressbook-query/></d:report></d:supported-report>"
                + "<d:supported-report><d:report><card:addressbook-multiget/></d:report></d:supported-report>"
                + "<d:supported-report><d:report><d:sync-collection/></d:report></d:supported-report>");
        p.put(PRIVILEGES, privileges(access));
        p.put(SUPPORTED_DATA, "<card:address-data-type content-type=\"text/vcard\" version=\"3.0\"/>"
                + "<card:address-data-type content-type=\"text/vcard\" version=\"4.0\"/>");
        p.put(MAX_SIZE, String.valueOf(settings.maxVcardBytes()));
        p.put(OWNER, "<d:href>" + DavXml.escape(principalHref(localpart(b.owner()))) + "</d:href>");
        return new Resource(bookHref(lp, bookSegment(b, access)), p);
    }

    private Resource cardResource(String bookHref, Card c, Access access) {
        Map<QName, String> p = new LinkedHashMap<>();
        p.put(RESOURCETYPE, "");
        p.put(GETETAG, DavXml.escape(c.etag()));
        p.put(GETCONTENTTYPE, "text/vcard; charset=utf-8");
        p.put(GETCONTENTLENGTH, String.valueOf(c.data().getBytes(StandardCharsets.UTF_8).length));
        p.put(PRIVILEGES, privileges(access));
        p.put(ADDRESS_DATA, DavXml.escape(c.data()));
        return new Resource(bookHref + enc(c.name()), p);
    }

    private static String privileges(Access access) {
        List<String> names = access == Access.READ ? List.of("read", "read-current-user-privilege-set")
                : List.of("read", "read-current-user-privilege-set", "write", "write-content", "write-properties", "bind", "unbind");
        StringBuilder b = new StringBuilder();
        for (String n : names) b.append("<d:privilege><d:").append(n).append("/></d:privilege>");
        return b.toString();
    }

    static String token(Book b) { return TOKEN_PREFIX + b.id() + "/" + b.syncSeq(); }

    static String etag(String data) { return "\"" + ContactStore.sha256(data).substring(0, 32) + "\""; }

    /** Which properties a PROPFIND or REPORT asked for: null means allprop. */
    private static List<QName> requested(Element parent) {
        Element prop = DavXml.child(parent, DAV, "prop");
        if (prop == null) return null;
        List<QName> out = new ArrayList<>();
        for (Element e : DavXml.children(prop)) out.add(DavXml.qname(e));
        return out;
    }

    private static void appendResponse(StringBuilder out, Resource r, List<QName> wanted) {
        out.append("<d:response><d:href>").append(DavXml.escape(r.href())).append("</d:href>");
        StringBuilder found = new StringBuilder();
        StringBuilder missing = new StringBuilder();
        Iterable<QName> names = wanted != null ? wanted : r.props().keySet();
        for (QName q : names) {
            if (wanted == null && NOT_IN_ALLPROP.contains(q)) continue;
            String v = r.props().get(q);
            if (v == null) {
                missing.append('<').append(DavXml.open(q)).append("/>");
            } else if (v.isEmpty()) {
                found.append('<').append(DavXml.open(q)).append("/>");
            } else {
                found.append('<').append(DavXml.open(q)).append('>').append(v).append("</").append(DavXml.close(q)).append('>');
            }
        }
        if (found.length() > 0 || missing.length() == 0) {
            out.append("<d:propstat><d:prop>").append(found).append("</d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat>");
        }
        if (missing.length() > 0) {
            out.append("<d:propstat><d:prop>").append(missing).append("</d:prop><d:status>HTTP/1.1 404 Not Found</d:status></d:propstat>");
        }
        out.append("</d:response>");
    }

    private static StringBuilder multistatus() {
        return new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<d:multistatus").append(DavXml.ROOT_NS).append('>');
    }

    private static HttpResponse multistatus(StringBuilder body) {
        body.append("</d:multistatus>");
        return HttpResponse.text(207, "application/xml", body.toString());
    }

    // ---- PROPFIND

    private HttpResponse propfind(HttpRequest req, Target t, String userId) throws Exception {
        Element root = DavXml.parse(req.body());
        List<QName> wanted = null;
        if (root != null) {
            if (!DavXml.is(root, DAV, "propfind")) throw DavException.status(400, "Expected DAV:propfind");
            if (DavXml.child(root, DAV, "prop") != null) wanted = requested(root);
        }
        boolean depth0 = req.header("Depth").map(String::trim).orElse("infinity").equals("0");
        List<Resource> resources = new ArrayList<>();
        switch (t.kind()) {
            case ROOT -> {
                resources.add(rootResource(t.localpart()));
                if (!depth0) resources.add(principalResource(userId));
            }
            case PRINCIPAL -> resources.add(principalResource(userId));
            case HOME -> {
                resources.add(homeResource(t.localpart()));
                if (!depth0) {
                    for (Book b : store.ownBooks(userId)) resources.add(bookResource(t.localpart(), b, Access.OWNER));
                    for (ContactStore.Share s : store.sharedWith(userId)) {
                        Optional<Book> b = store.bookById(s.bookId());
                        if (b.isPresent()) {
                            resources.add(bookResource(t.localpart(), b.get(), s.access().equals("read-write") ? Access.READ_WRITE : Access.READ));
                        }
                    }
                }
            }
            case BOOK -> {
                Resource book = bookResource(t.localpart(), t.book(), t.access());
                resources.add(book);
                if (!depth0) for (Card c : store.cards(t.book().id())) resources.add(cardResource(book.href(), c, t.access()));
            }
            case CARD -> {
                Optional<Card> c = store.card(t.book().id(), t.cardName());
                if (c.isEmpty()) throw DavException.status(404, "No such card");
                resources.add(cardResource(bookHref(t.localpart(), t.bookSegment()), c.get(), t.access()));
            }
            default -> throw DavException.status(404, "No such address book");
        }
        StringBuilder out = multistatus();
        for (Resource r : resources) appendResponse(out, r, wanted);
        return multistatus(out);
    }

    // ---- PROPPATCH and MKCOL

    private HttpResponse proppatch(HttpRequest req, Target t) throws Exception {
        Element root = DavXml.parse(req.body());
        if (root == null || !DavXml.is(root, DAV, "propertyupdate")) throw DavException.status(400, "Expected DAV:propertyupdate");
        if (t.kind() != Kind.BOOK) throw DavException.status(403, "Only address books have writable properties");
        if (t.access() != Access.OWNER) throw DavException.condition(403, "d:need-privileges");
        Map<QName, String> set = new LinkedHashMap<>();
        List<QName> refused = new ArrayList<>();
        for (Element op : DavXml.children(root)) {
            boolean remove = DavXml.is(op, DAV, "remove");
            if (!remove && !DavXml.is(op, DAV, "set")) continue;
            for (Element prop : DavXml.children(DavXml.child(op, DAV, "prop"))) {
                QName q = DavXml.qname(prop);
                if (q.equals(DISPLAYNAME) && !remove) set.put(q, prop.getTextContent().strip());
                else if (q.equals(DESCRIPTION)) set.put(q, remove ? "" : prop.getTextContent().strip());
                else refused.add(q);
            }
        }
        for (Map.Entry<QName, String> e : set.entrySet()) {
            if (e.getKey().equals(DISPLAYNAME) && (e.getValue().isEmpty() || e.getValue().length() > 200)) refused.add(e.getKey());
            if (e.getKey().equals(DESCRIPTION) && e.getValue().length() > 2000) refused.add(e.getKey());
        }
        StringBuilder out = multistatus();
        out.append("<d:response><d:href>").append(DavXml.escape(bookHref(t.localpart(), t.bookSegment()))).append("</d:href>");
        if (refused.isEmpty()) {
            store.updateBook(t.book().id(), set.get(DISPLAYNAME), set.get(DESCRIPTION));
            out.append(propstat(set.keySet(), "200 OK"));
        } else {
            List<QName> dependent = new ArrayList<>(set.keySet());
            dependent.removeAll(refused);
            out.append(propstat(refused, "403 Forbidden"));
            if (!dependent.isEmpty()) out.append(propstat(dependent, "424 Failed Dependency"));
        }
        out.append("</d:response>");
        return multistatus(out);
    }

    private static String propstat(Iterable<QName> names, String status) {
        StringBuilder b = new StringBuilder("<d:propstat><d:prop>");
        for (QName q : names) b.append('<').append(DavXml.open(q)).append("/>");
        return b.append("</d:prop><d:status>HTTP/1.1 ").append(status).append("</d:status></d:propstat>").toString();
    }

    private HttpResponse mkcol(HttpRequest req, Target t, String userId) throws Exception {
        Element root = DavXml.parse(req.body());
        if (t.kind() == Kind.BOOK || t.kind() == Kind.CARD) throw DavException.status(405, "It exists already");
        if (t.kind() != Kind.MISSING_BOOK) throw DavException.status(403, "Address books are made in your home");
        String slug = t.bookSegment();
        if (!slug.matches("[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}")) throw DavException.status(403, "An address book's name is letters, digits, '_', '.' and '-'");
        String displayname = slug;
        String description = null;
        if (root != null) {
            if (!DavXml.is(root, DAV, "mkcol")) throw DavException.status(415, "Expected DAV:mkcol");
            boolean addressbook = false;
            boolean typeGiven = false;
            for (Element setEl : DavXml.all(root, DAV, "set")) {
                for (Element prop : DavXml.children(DavXml.child(setEl, DAV, "prop"))) {
                    if (DavXml.is(prop, DAV, "resourcetype")) {
                        typeGiven = true;
                        addressbook = DavXml.child(prop, CARD, "addressbook") != null;
                    } else if (DavXml.is(prop, DAV, "displayname")) {
                        displayname = prop.getTextContent().strip();
                    } else if (DavXml.is(prop, CARD, "addressbook-description")) {
                        description = prop.getTextContent().strip();
                    }
                }
            }
            if (typeGiven && !addressbook) throw DavException.condition(403, "d:valid-resourcetype");
        }
        if (displayname.isEmpty() || displayname.length() > 200) displayname = slug;
        try {
            if (!store.createBook(userId, slug, displayname, description, settings.maxBooksPerUser())) {
                throw DavException.status(405, "It exists already");
            }
        } catch (ContactStore.LimitException e) {
            throw DavException.status(507, e.getMessage());
        }
        return HttpResponse.empty(201);
    }

    // ---- GET, PUT, DELETE

    private HttpResponse get(HttpRequest req, Target t) throws Exception {
        if (t.kind() == Kind.MISSING_BOOK) throw DavException.status(404, "No such address book");
        if (t.kind() != Kind.CARD) return HttpResponse.text(200, "text/plain", "Lightweb CardDAV: use a CardDAV client.\n");
        Card c = store.card(t.book().id(), t.cardName()).orElseThrow(() -> DavException.status(404, "No such card"));
        byte[] body = req.method().equals("HEAD") ? new byte[0] : c.data().getBytes(StandardCharsets.UTF_8);
        return HttpResponse.bytes(200, "text/vcard; charset=utf-8", body).header("ETag", c.etag());
    }

    private HttpResponse put(HttpRequest req, Target t) throws Exception {
        if (t.kind() != Kind.CARD) throw DavException.status(405, "Only vCards are PUT, inside an address book");
        if (t.access() == Access.READ) throw DavException.condition(403, "d:need-privileges");
        if (!t.cardName().matches("[^/]{1,255}")) throw DavException.status(400, "Bad resource name");
        String type = req.header("Content-Type").orElse("text/vcard").toLowerCase(Locale.ROOT).trim();
        if (!type.startsWith("text/vcard") && !type.startsWith("text/x-vcard") && !type.startsWith("text/directory")) {
            throw DavException.condition(415, "card:supported-address-data");
        }
        byte[] body = req.body();
        if (body.length > settings.maxVcardBytes()) throw DavException.condition(403, "card:max-resource-size");
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw DavException.condition(403, "card:valid-address-data");
        }
        String uid;
        try {
            uid = VCards.validate(text);
        } catch (VCards.Invalid e) {
            throw DavException.condition(403, "card:valid-address-data");
        }
        String etag = etag(text);
        String ifMatch = req.header("If-Match").orElse(null);
        boolean ifNoneMatchAny = req.header("If-None-Match").map(v -> v.trim().equals("*")).orElse(false);
        ContactStore.PutOutcome outcome = store.putCard(t.book().id(), t.cardName(), uid, etag, text, ifMatch, ifNoneMatchAny, settings.maxCardsPerBook());
        return switch (outcome) {
            case CREATED -> HttpResponse.empty(201).header("ETag", etag);
            case UPDATED -> HttpResponse.empty(204).header("ETag", etag);
            case PRECONDITION_FAILED -> HttpResponse.text(412, "text/plain", "Precondition failed: the card changed or exists");
            case UID_CONFLICT -> DavException.condition(409, "card:no-uid-conflict").response;
            case TOO_MANY -> DavException.condition(507, "d:quota-not-exceeded").response;
        };
    }

    private HttpResponse delete(HttpRequest req, Target t) throws Exception {
        String ifMatch = req.header("If-Match").orElse(null);
        switch (t.kind()) {
            case CARD -> {
                if (t.access() == Access.READ) throw DavException.condition(403, "d:need-privileges");
                int r = store.deleteCard(t.book().id(), t.cardName(), ifMatch);
                if (r < 0) return HttpResponse.text(412, "text/plain", "Precondition failed: the card changed");
                if (r == 0) throw DavException.status(404, "No such card");
                return HttpResponse.empty(204);
            }
            case BOOK -> {
                if (t.access() != Access.OWNER) throw DavException.condition(403, "d:need-privileges");
                if (ifMatch != null) return HttpResponse.text(412, "text/plain", "Precondition failed");
                store.deleteBook(t.book().id());
                return HttpResponse.empty(204);
            }
            case MISSING_BOOK -> throw DavException.status(404, "No such address book");
            default -> throw DavException.status(403, "This cannot be deleted");
        }
    }

    // ---- REPORT

    private HttpResponse report(HttpRequest req, Target t, String userId) throws Exception {
        Element root = DavXml.parse(req.body());
        if (root == null) throw DavException.status(400, "REPORT needs a body");
        if (t.kind() != Kind.BOOK) {
            if (t.kind() == Kind.MISSING_BOOK) throw DavException.status(404, "No such address book");
            throw DavException.condition(403, "d:supported-report");
        }
        String href = bookHref(t.localpart(), t.bookSegment());
        if (DavXml.is(root, CARD, "addressbook-multiget")) return multiget(root, t, href);
        if (DavXml.is(root, CARD, "addressbook-query")) return query(root, t, href);
        if (DavXml.is(root, DAV, "sync-collection")) return syncCollection(root, t, href);
        throw DavException.condition(403, "d:supported-report");
    }

    private HttpResponse multiget(Element root, Target t, String href) throws Exception {
        List<QName> wanted = requested(root);
        StringBuilder out = multistatus();
        Set<String> seen = new LinkedHashSet<>();
        for (Element h : DavXml.all(root, DAV, "href")) seen.add(h.getTextContent().strip());
        for (String raw : seen) {
            String path = pathOf(raw);
            Optional<Card> c = Optional.empty();
            if (path != null && path.startsWith(href) && path.length() > href.length()) {
                String name = decode(path.substring(href.length()));
                if (name != null && !name.contains("/")) c = store.card(t.book().id(), name);
            }
            if (c.isPresent()) {
                appendResponse(out, cardResource(href, c.get(), t.access()), wanted);
            } else {
                out.append("<d:response><d:href>").append(DavXml.escape(raw)).append("</d:href><d:status>HTTP/1.1 404 Not Found</d:status></d:response>");
            }
        }
        return multistatus(out);
    }

    /** The path of an href, which may be absolute (http://host/path) or a path. */
    private static String pathOf(String href) {
        String h = href;
        int scheme = h.indexOf("://");
        if (scheme > 0) {
            int slash = h.indexOf('/', scheme + 3);
            if (slash < 0) return null;
            h = h.substring(slash);
        }
        return h;
    }

    private static String decode(String s) {
        try {
            return java.net.URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private HttpResponse query(Element root, Target t, String href) throws Exception {
        List<QName> wanted = requested(root);
        Element filter = DavXml.child(root, CARD, "filter");
        long limit = Long.MAX_VALUE;
        Element limitEl = DavXml.child(root, CARD, "limit");
        if (limitEl != null) {
            Element n = DavXml.child(limitEl, CARD, "nresults");
            try {
                limit = Long.parseLong(n == null ? "" : n.getTextContent().strip());
            } catch (NumberFormatException e) {
                throw DavException.status(400, "Bad nresults");
            }
        }
        StringBuilder out = multistatus();
        long count = 0;
        boolean truncated = false;
        for (Card c : store.cards(t.book().id())) {
            if (!matches(filter, c.data())) continue;
            if (count >= limit) {
                truncated = true;
                break;
            }
            count++;
            appendResponse(out, cardResource(href, c, t.access()), wanted);
        }
        if (truncated) {
            out.append("<d:response><d:href>").append(DavXml.escape(href))
                    .append("</d:href><d:status>HTTP/1.1 507 Insufficient Storage</d:status><d:error><d:number-of-matches-within-limits/></d:error></d:response>");
        }
        return multistatus(out);
    }

    /** RFC 6352 10.5: prop-filters combined by the filter's test (anyof by default), each with text-matches. */
    static boolean matches(Element filter, String vcard) throws DavException {
        if (filter == null) return true;
        List<Element> props = DavXml.all(filter, CARD, "prop-filter");
        if (props.isEmpty()) return true;
        boolean all = "allof".equals(filter.getAttribute("test"));
        for (Element pf : props) {
            boolean m = propMatches(pf, vcard);
            if (all && !m) return false;
            if (!all && m) return true;
        }
        return all;
    }

    private static boolean propMatches(Element pf, String vcard) throws DavException {
        String name = pf.getAttribute("name");
        if (name.isEmpty()) throw DavException.status(400, "prop-filter needs a name");
        List<String> values = VCards.values(vcard, name);
        if (DavXml.child(pf, CARD, "is-not-defined") != null) return values.isEmpty();
        List<Element> texts = DavXml.all(pf, CARD, "text-match");
        if (values.isEmpty()) return false;
        if (texts.isEmpty()) return true;
        boolean all = "allof".equals(pf.getAttribute("test"));
        for (Element tm : texts) {
            boolean m = false;
            for (String v : values) {
                if (textMatches(tm, v)) {
                    m = true;
                    break;
                }
            }
            if (all && !m) return false;
            if (!all && m) return true;
        }
        return all;
    }

    private static boolean textMatches(Element tm, String value) throws DavException {
        String collation = tm.getAttribute("collation").isEmpty() ? "i;unicode-casemap" : tm.getAttribute("collation");
        String matchType = tm.getAttribute("match-type").isEmpty() ? "contains" : tm.getAttribute("match-type");
        boolean negate = "yes".equals(tm.getAttribute("negate-condition"));
        String needle = tm.getTextContent();
        String hay = value;
        switch (collation) {
            case "i;unicode-casemap" -> {
                needle = needle.toLowerCase(Locale.ROOT);
                hay = hay.toLowerCase(Locale.ROOT);
            }
            case "i;ascii-casemap" -> {
                needle = asciiLower(needle);
                hay = asciiLower(hay);
            }
            case "i;octet" -> { }
            default -> throw DavException.condition(403, "card:supported-collation");
        }
        boolean m = switch (matchType) {
            case "equals" -> hay.equals(needle);
            case "contains" -> hay.contains(needle);
            case "starts-with" -> hay.startsWith(needle);
            case "ends-with" -> hay.endsWith(needle);
            default -> throw DavException.condition(403, "card:supported-filter");
        };
        return negate != m;
    }

    private static String asciiLower(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char ch : s.toCharArray()) b.append(ch >= 'A' && ch <= 'Z' ? (char) (ch + 32) : ch);
        return b.toString();
    }

    /** RFC 6578: the cards changed since the token (all of them for an empty token), deleted ones as 404. */
    private HttpResponse syncCollection(Element root, Target t, String href) throws Exception {
        List<QName> wanted = requested(root);
        Element tokenEl = DavXml.child(root, DAV, "sync-token");
        String token = tokenEl == null ? "" : tokenEl.getTextContent().strip();
        Element levelEl = DavXml.child(root, DAV, "sync-level");
        String level = levelEl == null ? "1" : levelEl.getTextContent().strip();
        if (!level.equals("1") && !level.equals("infinite")) throw DavException.status(400, "sync-level is 1 or infinite");
        Book book = store.bookById(t.book().id()).orElseThrow(() -> DavException.status(404, "No such address book"));
        StringBuilder out = multistatus();
        if (token.isEmpty()) {
            for (Card c : store.cards(book.id())) appendResponse(out, cardResource(href, c, t.access()), wanted);
        } else {
            String prefix = TOKEN_PREFIX + book.id() + "/";
            long since;
            try {
                if (!token.startsWith(prefix)) throw new NumberFormatException();
                since = Long.parseLong(token.substring(prefix.length()));
            } catch (NumberFormatException e) {
                throw DavException.condition(403, "d:valid-sync-token");
            }
            if (since < 0 || since > book.syncSeq()) throw DavException.condition(403, "d:valid-sync-token");
            for (ContactStore.Change ch : store.changesSince(book.id(), since, book.syncSeq())) {
                Optional<Card> c = ch.deleted() ? Optional.empty() : store.card(book.id(), ch.name());
                if (c.isPresent()) {
                    appendResponse(out, cardResource(href, c.get(), t.access()), wanted);
                } else {
                    out.append("<d:response><d:href>").append(DavXml.escape(href + enc(ch.name())))
                            .append("</d:href><d:status>HTTP/1.1 404 Not Found</d:status></d:response>");
                }
            }
        }
        out.append("<d:sync-token>").append(DavXml.escape(token(book))).append("</d:sync-token>");
        return multistatus(out);
    }
}

package org.lightweb.plugin.contacts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.lightweb.plugin.HttpResponse;
import org.lightweb.plugin.HttpRoutes;
import org.lightweb.plugin.MatrixError;
import org.lightweb.plugin.PluginContext;
import org.lightweb.plugin.Users;
import org.pf4j.Extension;

/**
 * The plugin's routes: CardDAV (open: the plugin checks HTTP Basic with an app password), {@code /.well-known/carddav},
 * and the client-authenticated routes a member manages app passwords and shares with.
 */
@Extension
public class ContactSyncRoutes implements HttpRoutes {
    static final List<String> DAV_METHODS = List.of("OPTIONS", "GET", "HEAD", "PUT", "DELETE", "PROPFIND", "PROPPATCH", "REPORT", "MKCOL");

    private final PluginContext ctx;
    private final ContactStore store;
    private final ContactSyncSettings settings;
    private final CardDav dav;

    public ContactSyncRoutes(PluginContext ctx) {
        this.ctx = ctx;
        this.store = ContactStore.of(ctx);
        this.settings = ContactSyncSettings.from(ctx.config());
        this.dav = new CardDav(ctx, store, settings);
    }

    @Override
    public void register(RouteRegistry routes) {
        for (String m : DAV_METHODS) routes.open(m, "/dav/{*path}", dav::handle);
        for (String m : List.of("GET", "PROPFIND", "HEAD")) {
            routes.wellKnown(m, "/.well-known/carddav", req -> HttpResponse.redirect(301, CardDav.ROOT));
        }

        routes.client("POST", "/v1/app_passwords", (req, user) -> {
            Object label = req.json().get("label");
            if (!(label instanceof String text) || text.isBlank()) throw MatrixError.badJson("'label' must be a non-empty string");
            if (text.length() > 200) throw MatrixError.invalidParam("'label' is longer than 200 characters");
            ContactStore.NewPassword p;
            try {
                p = store.createAppPassword(user.userId(), text.strip(), settings.maxAppPasswordsPerUser());
            } catch (ContactStore.LimitException e) {
                throw MatrixError.limitExceeded(e.getMessage());
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("id", p.id());
            out.put("label", text.strip());
            out.put("username", CardDav.localpart(user.userId()));
            out.put("password", p.secret());
            out.put("dav_path", CardDav.ROOT);
            return HttpResponse.json(200, out);
        });
        routes.client("GET", "/v1/app_passwords", (req, user) -> HttpResponse.json(200, Map.of("app_passwords", describe(store.appPasswords(user.userId())))));
        routes.client("DELETE", "/v1/app_passwords/{id}", (req, user) -> {
            if (!store.revokeAppPassword(user.userId(), req.pathParam("id"))) throw MatrixError.notFound("No such app password");
            return HttpResponse.json(200, Map.of());
        });

        routes.client("GET", "/v1/books", (req, user) -> {
            List<Object> own = new ArrayList<>();
            for (ContactStore.Book b : store.ownBooks(user.userId())) {
                List<Object> shares = new ArrayList<>();
                for (ContactStore.Share s : store.sharesOf(b.id())) shares.add(Map.of("user_id", s.sharee(), "access", s.access()));
                own.add(Map.of("book", b.slug(), "displayname", b.displayname(), "shares", shares));
            }
            List<Object> shared = new ArrayList<>();
            for (ContactStore.Share s : store.sharedWith(user.userId())) {
                store.bookById(s.bookId()).ifPresent(b -> shared.add(Map.of("owner", b.owner(), "book", b.slug(),
                        "displayname", b.displayname(), "access", s.access(),
                        "path", CardDav.bookHref(CardDav.localpart(user.userId()), CardDav.bookSegment(b, CardDav.Access.READ)))));
            }
            return HttpResponse.json(200, Map.of("books", own, "shared_with_me", shared));
        });
        // Every card of the member's own books, for their encrypted backup: the backup client fetches this with the
        // member's access token and puts the cards in the snapshot it encrypts (the node never holds their key).
        routes.client("GET", "/v1/export", (req, user) -> {
            List<Object> books = new ArrayList<>();
            for (ContactStore.Book b : store.ownBooks(user.userId())) {
                List<Object> cards = new ArrayList<>();
                for (ContactStore.Card c : store.cards(b.id())) cards.add(Map.of("name", c.name(), "etag", c.etag(), "vcard", c.data()));
                books.add(Map.of("book", b.slug(), "displayname", b.displayname() == null ? b.slug() : b.displayname(), "cards", cards));
            }
            return HttpResponse.json(200, Map.of("books", books));
        });
        routes.client("PUT", "/v1/books/{book}/shares/{userId}", (req, user) -> {
            ContactStore.Book b = ownBook(user.userId(), req.pathParam("book"));
            String sharee = req.pathParam("userId");
            Object access = req.json().get("access");
            if (!"read".equals(access) && !"read-write".equals(access)) throw MatrixError.badJson("'access' is 'read' or 'read-write'");
            if (sharee.equals(user.userId())) throw MatrixError.invalidParam("You own this address book");
            Optional<Users.User> target = ctx.users().isLocal(sharee) ? ctx.users().find(sharee) : Optional.empty();
            if (target.isEmpty() || target.get().deactivated()) throw MatrixError.notFound("No such member of this server: " + sharee);
            store.share(b.id(), sharee, (String) access);
            return HttpResponse.json(200, Map.of());
        });
        routes.client("DELETE", "/v1/books/{book}/shares/{userId}", (req, user) -> {
            ContactStore.Book b = ownBook(user.userId(), req.pathParam("book"));
            if (!store.unshare(b.id(), req.pathParam("userId"))) throw MatrixError.notFound("The book is not shared with " + req.pathParam("userId"));
            return HttpResponse.json(200, Map.of());
        });
    }

    private ContactStore.Book ownBook(String userId, String slug) throws Exception {
        return store.book(userId, slug).orElseThrow(() -> MatrixError.notFound("You have no address book '" + slug + "'"));
    }

    static List<Object> describe(List<ContactStore.AppPassword> passwords) {
        List<Object> out = new ArrayList<>();
        for (ContactStore.AppPassword p : passwords) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", p.id());
            m.put("label", p.label());
            m.put("created_ts", p.createdTs());
            m.put("last_used_ts", p.lastUsedTs());
            out.add(m);
        }
        return out;
    }
}

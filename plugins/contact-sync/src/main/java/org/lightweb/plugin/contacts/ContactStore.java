package org.lightweb.plugin.contacts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.lightweb.plugin.PluginContext;
import org.lightweb.plugin.PluginDatabase;

/** The plugin's tables: app passwords, address books, cards, their change log and shares. Every method blocks. */
public final class ContactStore {
    private static final SecureRandom RANDOM = new SecureRandom();

    public record AppPassword(String id, String userId, String label, long createdTs, Long lastUsedTs) {}

    public record Book(String id, String owner, String slug, String displayname, String description, long syncSeq) {}

    public record Card(String name, String uid, String etag, String data) {}

    public record Change(String name, boolean deleted) {}

    public record Share(String bookId, String sharee, String access) {}

    private final PluginDatabase db;
    private final PluginContext ctx;

    public ContactStore(PluginContext ctx) {
        this.ctx = ctx;
        this.db = ctx.database();
    }

    public static ContactStore of(PluginContext ctx) { return ctx.shared(ContactStore.class, () -> new ContactStore(ctx)); }

    // ---- app passwords

    /** A new app password: its id and the secret, which is shown once and kept only as a hash. */
    public record NewPassword(String id, String secret) {}

    public NewPassword createAppPassword(String userId, String label, long max) throws Exception {
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        String id = UUID.randomUUID().toString();
        long now = ctx.clock().millis();
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM contact_sync_app_passwords WHERE user_id = ?")) {
                ps.setString(1, userId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) >= max) throw new LimitException("You have " + max + " app passwords already: revoke one first");
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO contact_sync_app_passwords (id, user_id, label, secret_hash, created_ts, last_used_ts) VALUES (?, ?, ?, ?, ?, NULL)")) {
                ps.setString(1, id);
                ps.setString(2, userId);
                ps.setString(3, label);
                ps.setString(4, sha256(secret));
                ps.setLong(5, now);
                ps.executeUpdate();
            }
            return null;
        });
        return new NewPassword(id, secret);
    }

    public List<AppPassword> appPasswords(String userId) throws Exception {
        return db.read(c -> {
            List<AppPassword> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, user_id, label, created_ts, last_used_ts FROM contact_sync_app_passwords WHERE user_id = ? ORDER BY created_ts, id")) {
                ps.setString(1, userId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long last = rs.getLong(5);
                        Long lastUsed = rs.wasNull() ? null : last;
                        out.add(new AppPassword(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), lastUsed));
                    }
                }
            }
            return out;
        });
    }

    public boolean revokeAppPassword(String userId, String id) throws Exception {
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM contact_sync_app_passwords WHERE user_id = ? AND id = ?")) {
                ps.setString(1, userId);
                ps.setString(2, id);
                return ps.executeUpdate() > 0;
            }
        });
    }

    /** Whether {@code secret} is an app password of {@code userId}; notes its use (at most once a minute). */
    public boolean checkAppPassword(String userId, String secret) throws Exception {
        String hash = sha256(secret);
        Optional<long[]> found = db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT user_id, last_used_ts FROM contact_sync_app_passwords WHERE secret_hash = ?")) {
                ps.setString(1, hash);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next() || !MessageDigest.isEqual(rs.getString(1).getBytes(StandardCharsets.UTF_8), userId.getBytes(StandardCharsets.UTF_8))) {
                        return Optional.empty();
                    }
                    long last = rs.getLong(2);
                    return Optional.of(new long[] {rs.wasNull() ? 0 : last});
                }
            }
        });
        if (found.isEmpty()) return false;
        long now = ctx.clock().millis();
        if (now - found.get()[0] > 60_000) {
            db.write(c -> {
                try (PreparedStatement ps = c.prepareStatement("UPDATE contact_sync_app_passwords SET last_used_ts = ? WHERE secret_hash = ?")) {
                    ps.setLong(1, now);
                    ps.setString(2, hash);
                    return ps.executeUpdate();
                }
            });
        }
        return true;
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- books

    public List<Book> ownBooks(String owner) throws Exception {
        return db.read(c -> books(c, "SELECT id, owner, slug, displayname, description, sync_seq FROM contact_sync_books WHERE owner = ? ORDER BY slug", owner));
    }

    public Optional<Book> book(String owner, String slug) throws Exception {
        return db.read(c -> books(c, "SELECT id, owner, slug, displayname, description, sync_seq FROM contact_sync_books WHERE owner = ? AND slug = ?", owner, slug))
                .stream().findFirst();
    }

    public Optional<Book> bookById(String id) throws Exception {
        return db.read(c -> books(c, "SELECT id, owner, slug, displayname, description, sync_seq FROM contact_sync_books WHERE id = ?", id))
                .stream().findFirst();
    }

    private static List<Book> books(Connection c, String sql, String... args) throws SQLException {
        List<Book> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) ps.setString(i + 1, args[i]);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(new Book(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getLong(6)));
            }
        }
        return out;
    }

    /** Creates a book; false when the owner has one at that path already. */
    public boolean createBook(String owner, String slug, String displayname, String description, long maxBooks) throws Exception {
        return db.write(c -> {
            if (!books(c, "SELECT id, owner, slug, displayname, description, sync_seq FROM contact_sync_books WHERE owner = ? AND slug = ?", owner, slug).isEmpty()) return false;
            if (books(c, "SELECT id, owner, slug, displayname, description, sync_seq FROM contact_sync_books WHERE owner = ?", owner).size() >= maxBooks) {
                throw new LimitException("You have " + maxBooks + " address books already");
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO contact_sync_books (id, owner, slug, displayname, description, sync_seq, created_ts) VALUES (?, ?, ?, ?, ?, 0, ?)")) {
                ps.setString(1, UUID.randomUUID().toString());
                ps.setString(2, owner);
                ps.setString(3, slug);
                ps.setString(4, displayname);
                ps.setString(5, description);
                ps.setLong(6, ctx.clock().millis());
                ps.executeUpdate();
            }
            return true;
        });
    }

    public void updateBook(String id, String displayname, String description) throws Exception {
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE contact_sync_books SET displayname = COALESCE(?, displayname), description = COALESCE(?, description), sync_seq = sync_seq + 1 WHERE id = ?")) {
                ps.setString(1, displayname);
                ps.setString(2, description);
                ps.setString(3, id);
                return ps.executeUpdate();
            }
        });
    }

    public void deleteBook(String id) throws Exception {
        db.write(c -> {
            for (String t : List.of("contact_sync_cards", "contact_sync_changes", "contact_sync_shares", "contact_sync_books")) {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + t + " WHERE " + (t.equals("contact_sync_books") ? "id" : "book_id") + " = ?")) {
                    ps.setString(1, id);
                    ps.executeUpdate();
                }
            }
            return null;
        });
    }

    // ---- cards

    public List<Card> cards(String bookId) throws Exception {
        return db.read(c -> {
            List<Card> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT name, uid, etag, data FROM contact_sync_cards WHERE book_id = ? ORDER BY name")) {
                ps.setString(1, bookId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(new Card(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
                }
            }
            return out;
        });
    }

    public Optional<Card> card(String bookId, String name) throws Exception {
        return db.read(c -> card(c, bookId, name));
    }

    private static Optional<Card> card(Connection c, String bookId, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT name, uid, etag, data FROM contact_sync_cards WHERE book_id = ? AND name = ?")) {
            ps.setString(1, bookId);
            ps.setString(2, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Card(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4))) : Optional.empty();
            }
        }
    }

    /** Why a write was refused, checked inside the writing transaction. */
    public enum PutOutcome { CREATED, UPDATED, PRECONDITION_FAILED, UID_CONFLICT, TOO_MANY }

    /**
     * Stores a card if the preconditions hold: {@code ifMatch} (an ETag, or null) and {@code ifNoneMatchAny}
     * (If-None-Match: *). The check and the write are one transaction.
     */
    public PutOutcome putCard(String bookId, String name, String uid, String etag, String data, String ifMatch, boolean ifNoneMatchAny, long maxCards) throws Exception {
        return db.write(c -> {
            Optional<Card> existing = card(c, bookId, name);
            if (ifNoneMatchAny && existing.isPresent()) return PutOutcome.PRECONDITION_FAILED;
            if (ifMatch != null && (existing.isEmpty() || !etagMatches(ifMatch, existing.get().etag()))) return PutOutcome.PRECONDITION_FAILED;
            try (PreparedStatement ps = c.prepareStatement("SELECT name FROM contact_sync_cards WHERE book_id = ? AND uid = ? AND name <> ?")) {
                ps.setString(1, bookId);
                ps.setString(2, uid);
                ps.setString(3, name);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) return PutOutcome.UID_CONFLICT;
                }
            }
            if (existing.isEmpty()) {
                try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM contact_sync_cards WHERE book_id = ?")) {
                    ps.setString(1, bookId);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        if (rs.getLong(1) >= maxCards) return PutOutcome.TOO_MANY;
                    }
                }
            }
            String sql = existing.isPresent()
                    ? "UPDATE contact_sync_cards SET uid = ?, etag = ?, data = ?, updated_ts = ? WHERE book_id = ? AND name = ?"
                    : "INSERT INTO contact_sync_cards (uid, etag, data, updated_ts, book_id, name) VALUES (?, ?, ?, ?, ?, ?)";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, uid);
                ps.setString(2, etag);
                ps.setString(3, data);
                ps.setLong(4, ctx.clock().millis());
                ps.setString(5, bookId);
                ps.setString(6, name);
                ps.executeUpdate();
            }
            logChange(c, bookId, name, false);
            return existing.isPresent() ? PutOutcome.UPDATED : PutOutcome.CREATED;
        });
    }

    /** Deletes a card: 1 deleted, 0 not there, -1 precondition failed. */
    public int deleteCard(String bookId, String name, String ifMatch) throws Exception {
        return db.write(c -> {
            Optional<Card> existing = card(c, bookId, name);
            if (existing.isEmpty()) return ifMatch != null ? -1 : 0;
            if (ifMatch != null && !etagMatches(ifMatch, existing.get().etag())) return -1;
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM contact_sync_cards WHERE book_id = ? AND name = ?")) {
                ps.setString(1, bookId);
                ps.setString(2, name);
                ps.executeUpdate();
            }
            logChange(c, bookId, name, true);
            return 1;
        });
    }

    static boolean etagMatches(String header, String etag) {
        for (String part : header.split(",")) {
            String p = part.trim();
            if (p.startsWith("W/")) p = p.substring(2);
            if (p.equals("*") || p.equals(etag)) return true;
        }
        return false;
    }

    private static void logChange(Connection c, String bookId, String name, boolean deleted) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE contact_sync_books SET sync_seq = sync_seq + 1 WHERE id = ?")) {
            ps.setString(1, bookId);
            ps.executeUpdate();
        }
        long seq;
        try (PreparedStatement ps = c.prepareStatement("SELECT sync_seq FROM contact_sync_books WHERE id = ?")) {
            ps.setString(1, bookId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                seq = rs.getLong(1);
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO contact_sync_changes (book_id, seq, name, deleted) VALUES (?, ?, ?, ?)")) {
            ps.setString(1, bookId);
            ps.setLong(2, seq);
            ps.setString(3, name);
            ps.setInt(4, deleted ? 1 : 0);
            ps.executeUpdate();
        }
    }

    /** The cards changed after {@code since} up to {@code upTo}, latest state of each, in order of change. */
    public List<Change> changesSince(String bookId, long since, long upTo) throws Exception {
        return db.read(c -> {
            Map<String, Change> latest = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT name, deleted FROM contact_sync_changes WHERE book_id = ? AND seq > ? AND seq <= ? ORDER BY seq")) {
                ps.setString(1, bookId);
                ps.setLong(2, since);
                ps.setLong(3, upTo);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        latest.remove(rs.getString(1));
                        latest.put(rs.getString(1), new Change(rs.getString(1), rs.getInt(2) != 0));
                    }
                }
            }
            return new ArrayList<>(latest.values());
        });
    }

    // ---- shares

    public void share(String bookId, String sharee, String access) throws Exception {
        db.write(c -> {
            try (PreparedStatement del = c.prepareStatement("DELETE FROM contact_sync_shares WHERE book_id = ? AND sharee = ?")) {
                del.setString(1, bookId);
                del.setString(2, sharee);
                del.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO contact_sync_shares (book_id, sharee, access) VALUES (?, ?, ?)")) {
                ps.setString(1, bookId);
                ps.setString(2, sharee);
                ps.setString(3, access);
                return ps.executeUpdate();
            }
        });
    }

    public boolean unshare(String bookId, String sharee) throws Exception {
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM contact_sync_shares WHERE book_id = ? AND sharee = ?")) {
                ps.setString(1, bookId);
                ps.setString(2, sharee);
                return ps.executeUpdate() > 0;
            }
        });
    }

    public List<Share> sharesOf(String bookId) throws Exception {
        return shares("SELECT book_id, sharee, access FROM contact_sync_shares WHERE book_id = ? ORDER BY sharee", bookId);
    }

    public List<Share> sharedWith(String sharee) throws Exception {
        return shares("SELECT book_id, sharee, access FROM contact_sync_shares WHERE sharee = ? ORDER BY book_id", sharee);
    }

    private List<Share> shares(String sql, String arg) throws Exception {
        return db.read(c -> {
            List<Share> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, arg);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(new Share(rs.getString(1), rs.getString(2), rs.getString(3)));
                }
            }
            return out;
        });
    }

    /** A limit of the configuration was reached; the message says which. */
    public static final class LimitException extends SQLException {
        private static final long serialVersionUID = 1L;

        public LimitException(String message) { super(message); }
    }
}

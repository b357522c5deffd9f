package org.lightweb.plugin.backup;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.lightweb.plugin.Federation;
import org.lightweb.plugin.PluginContext;
import org.lightweb.plugin.PluginDatabase;

/**
 * The origin side of blind replication: a durable queue ({@code file_backup_queue}) of puts and deletes per partner,
 * drained in order with backoff; what each partner acknowledged ({@code file_backup_replicated}); and
 * proof-of-storage challenges with their history ({@code file_backup_challenges}).
 */
final class Replication {
    static final String PREFIX = "/_lightweb/file-backup/v1";

    private final PluginContext ctx;
    private final PluginDatabase db;
    private final FileBackupSettings settings;
    private final Partners partners;
    private final SecureRandom random = new SecureRandom();

    Replication(PluginContext ctx, FileBackupSettings settings, Partners partners) {
        this.ctx = ctx;
        this.db = ctx.database();
        this.settings = settings;
        this.partners = partners;
    }

    static Replication of(PluginContext ctx) {
        FileBackupSettings s = BlobStore.of(ctx).settings(); // outside shared(): its map must not be changed from inside
        return ctx.shared(Replication.class, () -> new Replication(ctx, s, new AgreedPartners(ctx, s)));
    }

    Partners partners() {
        return partners;
    }

    /** The pseudonym of a member on partners: 32 hex digits of SHA-256 over the user id. */
    static String owner(String userId) {
        byte[] b = ("file-backup:" + userId).getBytes(StandardCharsets.UTF_8);
        return BlobNames.hex(BlobNames.sha256(b, b.length)).substring(0, 32);
    }

    /**
     * Locks are not replicated: they live for the length of one push or prune, and a copy read during recovery needs
     * none (restore, ls and verify take no lock).
     */
    static boolean replicated(String type) {
        return !type.equals("locks");
    }

    /** Queues a new or replaced blob for every partner. */
    void blobStored(String user, String repo, String type, String name) throws Exception {
        if (!replicated(type)) return;
        long now = ctx.clock().millis();
        for (String p : partners.servers()) enqueue(p, "put", user, repo, type, name, now);
    }

    /** Queues the deletion of a blob on every partner, after the grace period. */
    void blobDeleted(String user, String repo, String type, String name) throws Exception {
        if (!replicated(type)) return;
        long due = ctx.clock().millis() + settings.deleteGrace().toMillis();
        for (String p : partners.servers()) enqueue(p, "delete", user, repo, type, name, due);
    }

    private synchronized void enqueue(String partner, String op, String user, String repo, String type, String name, long due) throws Exception {
        db.write(c -> insert(c, partner, op, user, repo, type, name, due));
    }

    private static int insert(Connection c, String partner, String op, String user, String repo, String type, String name, long due) throws java.sql.SQLException {
        long seq;
        try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(MAX(seq), 0) + 1 FROM file_backup_queue");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            seq = rs.getLong(1);
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO file_backup_queue (seq, partner, op, user_id, repo, blob_type, name,"
                + " due_ts, next_try_ts, attempts, last_error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, 0, NULL)")) {
            ps.setLong(1, seq);
            ps.setString(2, partner);
            ps.setString(3, op);
            ps.setString(4, user);
            ps.setString(5, repo);
            ps.setString(6, type);
            ps.setString(7, name);
            ps.setLong(8, due);
            return ps.executeUpdate();
        }
    }

    private List<String> lastPartners = List.of();

    /** Backfills when the partners changed since the last call (an agreement made): the new one gets everything. */
    synchronized int backfillNewPartners() throws Exception {
        List<String> now = partners.servers();
        if (now.equals(lastPartners)) return 0;
        lastPartners = now;
        return backfill();
    }

    /**
     * At start: queues, for every partner, each stored blob the partner does not hold and no queued item names (a new
     * partner gets everything; a crash between a put and its queue entry is repaired). Returns how many were queued.
     */
    synchronized int backfill() throws Exception {
        long now = ctx.clock().millis();
        int total = 0;
        for (String p : partners.servers()) {
            total += db.write(c -> {
                List<String[]> missing = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement("SELECT b.user_id, b.repo, b.blob_type, b.name FROM file_backup_blobs b"
                        + " WHERE NOT EXISTS (SELECT 1 FROM file_backup_replicated r WHERE r.partner = ? AND r.user_id = b.user_id"
                        + " AND r.repo = b.repo AND r.blob_type = b.blob_type AND r.name = b.name)"
                        + " AND NOT EXISTS (SELECT 1 FROM file_backup_queue q WHERE q.partner = ? AND q.user_id = b.user_id"
                        + " AND q.repo = b.repo AND q.blob_type = b.blob_type AND q.name = b.name)"
                        + " AND b.blob_type <> 'locks'"
                        + " ORDER BY b.created_ts, b.user_id, b.repo, b.blob_type, b.name")) {
                    ps.setString(1, p);
                    ps.setString(2, p);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) missing.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)});
                    }
                }
                for (String[] m : missing) insert(c, p, "put", m[0], m[1], m[2], m[3], now);
                return missing.size();
            });
        }
        return total;
    }

    record Item(long seq, String partner, String op, String user, String repo, String type, String name, long nextTry, int attempts) {}

    /** The first due item of a partner's queue (deletes wait for their grace period), or null. */
    private Item head(String partner, long now) throws Exception {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT seq, op, user_id, repo, blob_type, name, next_try_ts, attempts"
                    + " FROM file_backup_queue WHERE partner = ? AND due_ts <= ? ORDER BY seq LIMIT 1")) {
                ps.setString(1, partner);
                ps.setLong(2, now);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) return null;
                    return new Item(rs.getLong(1), partner, rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getString(6), rs.getLong(7), rs.getInt(8));
                }
            }
        });
    }

    /**
     * Sends every partner's due items in order until one fails (it waits with backoff, and the ones behind it with it)
     * or {@code max} were sent. Returns how many were done.
     */
    int drain(int max) throws Exception {
        int done = 0;
        BlobStore blobs = BlobStore.of(ctx);
        for (String partner : partners.servers()) {
            while (done < max) {
                long now = ctx.clock().millis();
                Item it = head(partner, now);
                if (it == null || it.nextTry > now) break;
                String error = send(blobs, it);
                if (error == null) {
                    done++;
                } else {
                    long delay = Math.min(settings.retryMaxDelay().toMillis(),
                            settings.replicationInterval().toMillis() << Math.min(it.attempts, 20));
                    db.write(c -> {
                        try (PreparedStatement ps = c.prepareStatement("UPDATE file_backup_queue SET attempts = attempts + 1,"
                                + " next_try_ts = ?, last_error = ? WHERE seq = ?")) {
                            ps.setLong(1, now + delay);
                            ps.setString(2, error.length() > 500 ? error.substring(0, 500) : error);
                            ps.setLong(3, it.seq);
                            return ps.executeUpdate();
                        }
                    });
                    break;
                }
            }
        }
        return done;
    }

    private String path(Item it) {
        return PREFIX + "/replicas/" + owner(it.user) + "/" + it.repo + "/" + it.type + "/" + it.name;
    }

    /** Sends one item; null when the partner acknowledged it (and the item is gone), else why not. */
    private String send(BlobStore blobs, Item it) throws Exception {
        long size = -1;
        Federation.Response r;
        try {
            if (it.op.equals("put")) {
                byte[] content;
                try {
                    content = blobs.get(it.user, it.repo, it.type, it.name);
                } catch (org.lightweb.plugin.MatrixError gone) {
                    finish(it, -1); // deleted before it was sent: its delete follows in the queue
                    return null;
                }
                size = content.length;
                r = ctx.federation().request(it.partner, "PUT", path(it), Map.of("content", Base64.getEncoder().encodeToString(content)));
            } else {
                r = ctx.federation().request(it.partner, "DELETE", path(it), null);
            }
        } catch (java.io.IOException e) {
            return "unreachable: " + e.getMessage();
        }
        if (!r.ok()) return "HTTP " + r.status() + " " + r.json().getOrDefault("errcode", "") + " " + r.json().getOrDefault("error", "");
        finish(it, size);
        return null;
    }

    private void finish(Item it, long size) throws Exception {
        long now = ctx.clock().millis();
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM file_backup_queue WHERE seq = ?")) {
                ps.setLong(1, it.seq);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM file_backup_replicated WHERE partner = ? AND user_id = ?"
                    + " AND repo = ? AND blob_type = ? AND name = ?")) {
                ps.setString(1, it.partner);
                ps.setString(2, it.user);
                ps.setString(3, it.repo);
                ps.setString(4, it.type);
                ps.setString(5, it.name);
                ps.executeUpdate();
            }
            if (it.op.equals("put") && size >= 0) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO file_backup_replicated (partner, user_id, repo, blob_type,"
                        + " name, size, pushed_ts) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                    ps.setString(1, it.partner);
                    ps.setString(2, it.user);
                    ps.setString(3, it.repo);
                    ps.setString(4, it.type);
                    ps.setString(5, it.name);
                    ps.setLong(6, size);
                    ps.setLong(7, now);
                    ps.executeUpdate();
                }
            }
            return 0;
        });
    }

    /** One challenge result. */
    record Result(String partner, long ts, String blob, boolean ok, String detail) {}

    /** Challenges every partner on up to {@code challenge_blobs} random blobs it holds; records and returns the results. */
    List<Result> challengeAll() throws Exception {
        List<Result> out = new ArrayList<>();
        for (String p : partners.servers()) out.addAll(challenge(p));
        return out;
    }

    List<Result> challenge(String partner) throws Exception {
        List<String[]> picks = db.read(c -> {
            List<String[]> all = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT user_id, repo, blob_type, name, size FROM file_backup_replicated"
                    + " WHERE partner = ? ORDER BY user_id, repo, blob_type, name")) {
                ps.setString(1, partner);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) all.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)});
                }
            }
            return all;
        });
        java.util.Collections.shuffle(picks, random);
        BlobStore blobs = BlobStore.of(ctx);
        List<Result> results = new ArrayList<>();
        for (String[] b : picks.subList(0, (int) Math.min(picks.size(), settings.challengeBlobs()))) {
            String user = b[0], repo = b[1], type = b[2], name = b[3];
            long size = Long.parseLong(b[4]);
            boolean ok;
            String detail;
            if (size <= 0) continue;
            byte[] nonce = new byte[32];
            random.nextBytes(nonce);
            long offset = (long) (random.nextDouble() * size);
            int length = (int) Math.min(size - offset, settings.challengeMaxBytes());
            byte[] expected;
            try {
                expected = ReplicaRoutes.hmac(nonce, blobs.range(user, repo, type, name, offset, length));
            } catch (org.lightweb.plugin.MatrixError gone) {
                continue; // deleted here meanwhile
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("owner", owner(user));
            body.put("repo", repo);
            body.put("type", type);
            body.put("name", name);
            body.put("nonce", Base64.getEncoder().encodeToString(nonce));
            body.put("offset", offset);
            body.put("length", length);
            try {
                Federation.Response r = ctx.federation().request(partner, "POST", PREFIX + "/challenges", body);
                if (!r.ok()) {
                    ok = false;
                    detail = "HTTP " + r.status() + " " + r.json().getOrDefault("errcode", "");
                } else {
                    Object mac = r.json().get("mac");
                    ok = mac instanceof String s && Arrays.equals(decode(s), expected);
                    detail = ok ? "proof matches" : "wrong proof for bytes " + offset + "-" + (offset + length - 1);
                }
            } catch (java.io.IOException e) {
                ok = false;
                detail = "unreachable: " + e.getMessage();
            }
            Result res = new Result(partner, ctx.clock().millis(), type + "/" + name, ok, detail);
            record(res, user, repo, type, name);
            results.add(res);
        }
        return results;
    }

    private static byte[] decode(String s) {
        try {
            return Base64.getDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }

    private void record(Result r, String user, String repo, String type, String name) throws Exception {
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO file_backup_challenges (partner, ts, user_id, repo, blob_type,"
                    + " name, ok, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, r.partner());
                ps.setLong(2, r.ts());
                ps.setString(3, user);
                ps.setString(4, repo);
                ps.setString(5, type);
                ps.setString(6, name);
                ps.setBoolean(7, r.ok());
                ps.setString(8, r.detail());
                return ps.executeUpdate();
            }
        });
    }

    /** A partner's state for backup-status. */
    record Status(String partner, long blobs, long bytes, long queued, long deletesWaiting, String queueError, List<Result> lastChallenges, long failures) {}

    List<Status> status() throws Exception {
        List<Status> out = new ArrayList<>();
        long now = ctx.clock().millis();
        for (String p : partners.servers()) {
            out.add(db.read(c -> {
                long blobsN = 0, bytes = 0, queued = 0, waiting = 0, failures = 0;
                String err = null;
                try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*), COALESCE(SUM(size), 0) FROM file_backup_replicated WHERE partner = ?")) {
                    ps.setString(1, p);
                    try (ResultSet rs = ps.executeQuery()) { rs.next(); blobsN = rs.getLong(1); bytes = rs.getLong(2); }
                }
                try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM file_backup_queue WHERE partner = ? AND due_ts <= ?")) {
                    ps.setString(1, p);
                    ps.setLong(2, now);
                    try (ResultSet rs = ps.executeQuery()) { rs.next(); queued = rs.getLong(1); }
                }
                try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM file_backup_queue WHERE partner = ? AND due_ts > ?")) {
                    ps.setString(1, p);
                    ps.setLong(2, now);
                    try (ResultSet rs = ps.executeQuery()) { rs.next(); waiting = rs.getLong(1); }
                }
                try (PreparedStatement ps = c.prepareStatement("SELECT last_error FROM file_backup_queue WHERE partner = ? AND last_error IS NOT NULL ORDER BY seq LIMIT 1")) {
                    ps.setString(1, p);
                    try (ResultSet rs = ps.executeQuery()) { if (rs.next()) err = rs.getString(1); }
                }
                try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM file_backup_challenges WHERE partner = ? AND ok = ?")) {
                    ps.setString(1, p);
                    ps.setBoolean(2, false);
                    try (ResultSet rs = ps.executeQuery()) { rs.next(); failures = rs.getLong(1); }
                }
                List<Result> last = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement("SELECT ts, blob_type, name, ok, detail FROM file_backup_challenges"
                        + " WHERE partner = ? ORDER BY ts DESC LIMIT 5")) {
                    ps.setString(1, p);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) last.add(new Result(p, rs.getLong(1), rs.getString(2) + "/" + rs.getString(3), rs.getBoolean(4), rs.getString(5)));
                    }
                }
                return new Status(p, blobsN, bytes, queued, waiting, err, last, failures);
            }));
        }
        return out;
    }
}

package org.lightweb.plugin.backup;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.lightweb.plugin.MatrixError;
import org.lightweb.plugin.PluginContext;
import org.lightweb.plugin.PluginDatabase;

/**
 * The blobs of every member's repositories: bytes in files under the plugin's data directory
 * ({@code users/<user>/<repo>/<type>/<name>}), one row each in {@code file_backup_blobs} for listings and the quota.
 * A put writes a temporary file, checks the quota under the member's lock, then moves the file into place and records
 * it, so a reader sees a whole blob or none. Everything here is ciphertext the client made; the store checks names
 * against hashes and nothing else.
 */
public final class BlobStore {
    static final String TABLE = "file_backup_blobs";

    private final PluginContext ctx;
    private final PluginDatabase db;
    private final FileBackupSettings settings;
    private final Map<String, Object> userLocks = new ConcurrentHashMap<>();

    BlobStore(PluginContext ctx) {
        this.ctx = ctx;
        this.db = ctx.database();
        this.settings = FileBackupSettings.from(ctx.config());
    }

    /** The store of this plugin start, shared by its extensions. */
    public static BlobStore of(PluginContext ctx) {
        return ctx.shared(BlobStore.class, () -> new BlobStore(ctx));
    }

    FileBackupSettings settings() {
        return settings;
    }

    /** The bytes an owner may store: a member's {@code quota_bytes}, a group's (a room id) {@code group_quota_bytes}. */
    long quota(String owner) {
        return GroupRoutes.isRoomId(owner) ? settings.groupQuotaBytes() : settings.quotaBytes();
    }

    /** The member's storage is full (or holds too many repositories): the route answers 507. */
    static final class QuotaExceeded extends Exception {
        private static final long serialVersionUID = 1L;
        final long used;
        final long quota;

        QuotaExceeded(String message, long used, long quota) {
            super(message);
            this.used = used;
            this.quota = quota;
        }

        /** 507 M_RESOURCE_LIMIT_EXCEEDED with {@code used_bytes} and {@code quota_bytes}. */
        org.lightweb.plugin.HttpResponse response() {
            Map<String, Object> err = new java.util.LinkedHashMap<>();
            err.put("errcode", "M_RESOURCE_LIMIT_EXCEEDED");
            err.put("error", getMessage());
            err.put("used_bytes", used);
            err.put("quota_bytes", quota);
            return org.lightweb.plugin.HttpResponse.json(507, err);
        }
    }

    /** What a put did: stored it, or found it already there. */
    record Put(boolean created, long size) {}

    void clearTemporaryFiles() throws IOException {
        Path tmp = ctx.dataDirectory().resolve("tmp");
        if (!Files.isDirectory(tmp)) return;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(tmp)) {
            for (Path f : files) Files.deleteIfExists(f);
        }
    }

    List<String> list(String user, String repo, String type) throws Exception {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT name FROM " + TABLE
                    + " WHERE user_id = ? AND repo = ? AND blob_type = ? ORDER BY name")) {
                ps.setString(1, user);
                ps.setString(2, repo);
                ps.setString(3, type);
                List<String> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(rs.getString(1));
                }
                return out;
            }
        });
    }

    /** The blob's size, or -1 when it is not stored. */
    long size(String user, String repo, String type, String name) throws Exception {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT size FROM " + TABLE
                    + " WHERE user_id = ? AND repo = ? AND blob_type = ? AND name = ?")) {
                ps.setString(1, user);
                ps.setString(2, repo);
                ps.setString(3, type);
                ps.setString(4, name);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getLong(1) : -1L;
                }
            }
        });
    }

    /** Stores a blob whose name the caller checked. Idempotent: the same name again is a no-op. */
    Put put(String user, String repo, String type, String name, byte[] content) throws Exception {
        Path target = file(user, repo, type, name);
        boolean replaceable = type.equals("config");
        long existing = size(user, repo, type, name);
        if (existing >= 0 && !replaceable) return same(target, content, existing);
        Path tmpDir = Files.createDirectories(ctx.dataDirectory().resolve("tmp"));
        Path tmp = tmpDir.resolve(name + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(content);
                while (buf.hasRemaining()) ch.write(buf);
                ch.force(true);
            }
            synchronized (userLocks.computeIfAbsent(user, u -> new Object())) {
                long now = size(user, repo, type, name);
                if (now >= 0 && !replaceable) return new Put(false, now);
                Usage u = usage(user);
                long after = u.bytes - Math.max(now, 0) + content.length;
                long quota = quota(user);
                if (after > quota) {
                    throw new QuotaExceeded("storing " + content.length + " bytes would take " + user + " over the backup quota of "
                            + quota + " bytes (" + u.bytes + " used)", u.bytes, quota);
                }
                if (!u.repos.containsKey(repo) && u.repos.size() >= settings.maxRepositories()) {
                    throw new QuotaExceeded(user + " already has " + u.repos.size() + " backup repositories, the most allowed",
                            u.bytes, quota);
                }
                Files.createDirectories(target.getParent());
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                try {
                    record(user, repo, type, name, content.length);
                } catch (Exception e) {
                    if (!replaceable) Files.deleteIfExists(target);
                    throw e;
                }
                Replication.of(ctx).blobStored(user, repo, type, name); // a crash before this: the backfill at start repairs it
                return new Put(now < 0, content.length);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** A second put of a stored name: fine when the bytes are the same, a conflict when they are not. */
    private static Put same(Path target, byte[] content, long size) throws IOException {
        if (size == content.length && Arrays.equals(Files.readAllBytes(target), content)) return new Put(false, size);
        throw new MatrixError(409, "M_CONFLICT", "a different blob is already stored under this name; blobs are write-once");
    }

    private void record(String user, String repo, String type, String name, long size) throws Exception {
        long ts = ctx.clock().millis();
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + TABLE
                    + " (user_id, repo, blob_type, name, size, created_ts) VALUES (?, ?, ?, ?, ?, ?)"
                    + " ON CONFLICT (user_id, repo, blob_type, name) DO UPDATE SET size = excluded.size, created_ts = excluded.created_ts")) {
                ps.setString(1, user);
                ps.setString(2, repo);
                ps.setString(3, type);
                ps.setString(4, name);
                ps.setLong(5, size);
                ps.setLong(6, ts);
                return ps.executeUpdate();
            }
        });
    }

    /** The whole blob; 404 when it is not stored. */
    byte[] get(String user, String repo, String type, String name) throws Exception {
        if (size(user, repo, type, name) < 0) throw notFound(type, name);
        try {
            return Files.readAllBytes(file(user, repo, type, name));
        } catch (NoSuchFileException e) {
            throw notFound(type, name);
        }
    }

    /** {@code length} bytes from {@code offset}; the caller checked the range against the size. */
    byte[] range(String user, String repo, String type, String name, long offset, int length) throws Exception {
        try (FileChannel ch = FileChannel.open(file(user, repo, type, name), StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocate(length);
            long pos = offset;
            while (buf.hasRemaining()) {
                int n = ch.read(buf, pos);
                if (n < 0) throw new IOException("short read of " + type + "/" + name);
                pos += n;
            }
            return buf.array();
        } catch (NoSuchFileException e) {
            throw notFound(type, name);
        }
    }

    /** Deletes a blob; false when there was none. */
    boolean delete(String user, String repo, String type, String name) throws Exception {
        synchronized (userLocks.computeIfAbsent(user, u -> new Object())) {
            int n = db.write(c -> {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + TABLE
                        + " WHERE user_id = ? AND repo = ? AND blob_type = ? AND name = ?")) {
                    ps.setString(1, user);
                    ps.setString(2, repo);
                    ps.setString(3, type);
                    ps.setString(4, name);
                    return ps.executeUpdate();
                }
            });
            Files.deleteIfExists(file(user, repo, type, name));
            if (n > 0) Replication.of(ctx).blobDeleted(user, repo, type, name);
            return n > 0;
        }
    }

    /** Deletes a whole repository; returns how many blobs it held. */
    int deleteRepository(String user, String repo) throws Exception {
        synchronized (userLocks.computeIfAbsent(user, u -> new Object())) {
            List<String[]> gone = new ArrayList<>();
            for (String type : BlobNames.TYPES.values()) {
                for (String name : list(user, repo, type)) gone.add(new String[] {type, name});
            }
            int n = db.write(c -> {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + TABLE + " WHERE user_id = ? AND repo = ?")) {
                    ps.setString(1, user);
                    ps.setString(2, repo);
                    return ps.executeUpdate();
                }
            });
            Path dir = userDir(user).resolve(repo);
            if (Files.isDirectory(dir)) {
                try (Stream<Path> walk = Files.walk(dir)) {
                    for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
                }
            }
            for (String[] g : gone) Replication.of(ctx).blobDeleted(user, repo, g[0], g[1]);
            return n;
        }
    }

    /** A member's use: total bytes, and blobs and bytes per repository. */
    record Usage(long bytes, Map<String, long[]> repos) {}

    Usage usage(String user) throws Exception {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT repo, COUNT(*), SUM(size) FROM " + TABLE
                    + " WHERE user_id = ? GROUP BY repo ORDER BY repo")) {
                ps.setString(1, user);
                Map<String, long[]> repos = new LinkedHashMap<>();
                long total = 0;
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        repos.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3)});
                        total += rs.getLong(3);
                    }
                }
                return new Usage(total, repos);
            }
        });
    }

    private Path userDir(String user) {
        StringBuilder b = new StringBuilder();
        for (byte x : user.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            char ch = (char) (x & 0xff);
            if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '.' || ch == '_' || ch == '=' || ch == '-') b.append(ch);
            else b.append('~').append(String.format("%02x", x & 0xff));
        }
        return ctx.dataDirectory().resolve("users").resolve(b.toString());
    }

    /** The file of a blob; repo, type and name were checked against their patterns by the routes. */
    Path file(String user, String repo, String type, String name) {
        return userDir(user).resolve(repo).resolve(type).resolve(name);
    }

    private static MatrixError notFound(String type, String name) {
        return MatrixError.notFound("no blob " + type + "/" + name + " in this repository");
    }
}

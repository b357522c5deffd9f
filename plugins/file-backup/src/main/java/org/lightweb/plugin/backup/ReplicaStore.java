package org.lightweb.plugin.backup;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import org.lightweb.plugin.MatrixError;
import org.lightweb.plugin.PluginContext;
import org.lightweb.plugin.PluginDatabase;

/**
 * The partner side: blobs other servers replicate here, blind (ciphertext under hashed names, owners pseudonymous),
 * in files {@code replicas/<origin>/<owner>/<repo>/<type>/<name>} and rows of {@code file_backup_replicas}, counted
 * against the origin server's {@code partner_quota_bytes}.
 */
final class ReplicaStore {
    static final String TABLE = "file_backup_replicas";

    private final PluginContext ctx;
    private final PluginDatabase db;
    private final FileBackupSettings settings;

    ReplicaStore(PluginContext ctx, FileBackupSettings settings) {
        this.ctx = ctx;
        this.db = ctx.database();
        this.settings = settings;
    }

    static ReplicaStore of(PluginContext ctx) {
        FileBackupSettings s = BlobStore.of(ctx).settings();
        return ctx.shared(ReplicaStore.class, () -> new ReplicaStore(ctx, s));
    }

    long size(String origin, String owner, String repo, String type, String name) throws Exception {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT size FROM " + TABLE
                    + " WHERE origin = ? AND owner = ? AND repo = ? AND blob_type = ? AND name = ?")) {
                bind(ps, origin, owner, repo, type, name);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getLong(1) : -1L;
                }
            }
        });
    }

    /** The names of one type of blob of a replicated repository, sorted. */
    java.util.List<String> list(String origin, String owner, String repo, String type) throws Exception {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT name FROM " + TABLE
                    + " WHERE origin = ? AND owner = ? AND repo = ? AND blob_type = ? ORDER BY name")) {
                ps.setString(1, origin);
                ps.setString(2, owner);
                ps.setString(3, repo);
                ps.setString(4, type);
                java.util.List<String> names = new java.util.ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) names.add(rs.getString(1));
                }
                return names;
            }
        });
    }

    long used(String origin) throws Exception {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(SUM(size), 0) FROM " + TABLE + " WHERE origin = ?")) {
                ps.setString(1, origin);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    /** Stores a replica whose name the caller checked; true when it was new. Write-once but for config. */
    synchronized boolean put(String origin, String owner, String repo, String type, String name, byte[] content) throws Exception {
        Path target = file(origin, owner, repo, type, name);
        long existing = size(origin, owner, repo, type, name);
        boolean replaceable = type.equals("config");
        if (existing >= 0 && !replaceable) {
            if (existing == content.length && Arrays.equals(Files.readAllBytes(target), content)) return false;
            throw new MatrixError(409, "M_CONFLICT", "a different replica is already stored under this name");
        }
        long used = used(origin);
        long after = used - Math.max(existing, 0) + content.length;
        if (after > settings.partnerQuotaBytes())
            throw new BlobStore.QuotaExceeded("storing " + content.length + " bytes would take " + origin
                    + " over its partner quota of " + settings.partnerQuotaBytes() + " bytes", used, settings.partnerQuotaBytes());
        Path tmp = Files.createDirectories(ctx.dataDirectory().resolve("tmp"))
                .resolve("r-" + name + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(content);
                while (buf.hasRemaining()) ch.write(buf);
                ch.force(true);
            }
            Files.createDirectories(target.getParent());
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
        long ts = ctx.clock().millis();
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + TABLE
                    + " (origin, owner, repo, blob_type, name, size, created_ts) VALUES (?, ?, ?, ?, ?, ?, ?)"
                    + " ON CONFLICT (origin, owner, repo, blob_type, name) DO UPDATE SET size = excluded.size, created_ts = excluded.created_ts")) {
                bind(ps, origin, owner, repo, type, name);
                ps.setLong(6, content.length);
                ps.setLong(7, ts);
                return ps.executeUpdate();
            }
        });
        return existing < 0;
    }

    byte[] get(String origin, String owner, String repo, String type, String name) throws Exception {
        if (size(origin, owner, repo, type, name) < 0) throw MatrixError.notFound("no replica " + type + "/" + name);
        try {
            return Files.readAllBytes(file(origin, owner, repo, type, name));
        } catch (NoSuchFileException e) {
            throw MatrixError.notFound("no replica " + type + "/" + name);
        }
    }

    byte[] range(String origin, String owner, String repo, String type, String name, long offset, int length) throws Exception {
        try (FileChannel ch = FileChannel.open(file(origin, owner, repo, type, name), StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocate(length);
            long pos = offset;
            while (buf.hasRemaining()) {
                int n = ch.read(buf, pos);
                if (n < 0) throw new IOException("short read");
                pos += n;
            }
            return buf.array();
        } catch (NoSuchFileException e) {
            throw MatrixError.notFound("no replica " + type + "/" + name);
        }
    }

    synchronized boolean delete(String origin, String owner, String repo, String type, String name) throws Exception {
        int n = db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + TABLE
                    + " WHERE origin = ? AND owner = ? AND repo = ? AND blob_type = ? AND name = ?")) {
                bind(ps, origin, owner, repo, type, name);
                return ps.executeUpdate();
            }
        });
        Files.deleteIfExists(file(origin, owner, repo, type, name));
        return n > 0;
    }

    Path file(String origin, String owner, String repo, String type, String name) {
        return ctx.dataDirectory().resolve("replicas").resolve(escape(origin)).resolve(owner).resolve(repo).resolve(type).resolve(name);
    }

    private static String escape(String s) {
        StringBuilder b = new StringBuilder();
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            char ch = (char) (x & 0xff);
            if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '.' || ch == '-') b.append(ch);
            else b.append('~').append(String.format("%02x", x & 0xff));
        }
        return b.toString();
    }

    private static void bind(PreparedStatement ps, String origin, String owner, String repo, String type, String name) throws java.sql.SQLException {
        ps.setString(1, origin);
        ps.setString(2, owner);
        ps.setString(3, repo);
        ps.setString(4, type);
        ps.setString(5, name);
    }
}

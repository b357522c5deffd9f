package org.lightweb.plugin.example.greeter;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.lightweb.plugin.PluginDatabase;

/** The greeter's tables (db/example-greeter/common/V1__guestbook.sql), in plain JDBC. */
public final class GuestbookStore {
    /** A guestbook entry. */
    public record Entry(long id, String userId, String message, long createdTs) {}

    private final PluginDatabase db;

    public GuestbookStore(PluginDatabase db) { this.db = db; }

    /** Adds an entry; answers it. */
    public Entry add(String userId, String message, long now) throws Exception {
        SQLException last = null;
        // Ids are max + 1 inside the write: SQLite serialises writers; on PostgreSQL two racing writers may pick the
        // same id, and the loser tries again.
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                return db.write(c -> {
                    long id;
                    try (ResultSet rs = c.createStatement().executeQuery("SELECT COALESCE(MAX(id), 0) + 1 FROM example_greeter_guestbook")) {
                        rs.next();
                        id = rs.getLong(1);
                    }
                    try (PreparedStatement ps = c.prepareStatement(
                            "INSERT INTO example_greeter_guestbook (id, user_id, message, created_ts) VALUES (?, ?, ?, ?)")) {
                        ps.setLong(1, id);
                        ps.setString(2, userId);
                        ps.setString(3, message);
                        ps.setLong(4, now);
                        ps.executeUpdate();
                    }
                    return new Entry(id, userId, message, now);
                });
            } catch (SQLException e) {
                last = e;
            }
        }
        throw last;
    }

    /** The newest entries first, at most {@code limit}. */
    public List<Entry> newest(int limit) throws Exception {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id, user_id, message, created_ts FROM example_greeter_guestbook ORDER BY created_ts DESC, id DESC LIMIT ?")) {
                ps.setInt(1, limit);
                List<Entry> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(new Entry(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4)));
                }
                return out;
            }
        });
    }

    /** How many entries there are. */
    public long count() throws Exception {
        return single("SELECT COUNT(*) FROM example_greeter_guestbook");
    }

    /** Counts one run of a job. */
    public void tick(String job, long now) throws Exception {
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE example_greeter_ticks SET count = count + 1, last_ts = ? WHERE job = ?")) {
                ps.setLong(1, now);
                ps.setString(2, job);
                if (ps.executeUpdate() == 0) {
                    try (PreparedStatement insert = c.prepareStatement(
                            "INSERT INTO example_greeter_ticks (job, count, last_ts) VALUES (?, 1, ?)")) {
                        insert.setString(1, job);
                        insert.setLong(2, now);
                        insert.executeUpdate();
                    }
                }
            }
            return null;
        });
    }

    /** How many times the ticker ran. */
    public long ticks() throws Exception {
        return single("SELECT COALESCE(SUM(count), 0) FROM example_greeter_ticks");
    }

    private long single(String sql) throws Exception {
        return db.read(c -> {
            try (ResultSet rs = c.createStatement().executeQuery(sql)) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }
}

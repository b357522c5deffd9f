package org.lightweb.server.ops;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.lightweb.storage.Database;
import org.lightweb.storage.DatabaseSettings;

/**
 * {@code migrate-db --to postgres}: copies a SQLite node's database into an empty PostgreSQL one, as Synapse's
 * {@code synapse_port_db} does. Both are brought to the same schema version by the node's own migrations first;
 * then every table the node's schema has is copied row by row, parents before the tables whose foreign keys point
 * at them, in one transaction (all or nothing), converting SQLite's 0/1 into booleans. Tables only SQLite has (its
 * full-text index, which PostgreSQL builds itself) are skipped; tables of plugins are listed as not copied (a
 * plugin makes its own on the new database when it starts).
 */
public final class DatabaseMigration {
    private static final int BATCH = 1000;

    private DatabaseMigration() {}

    /** What was copied: rows per table, and the source tables left behind. */
    public record Report(Map<String, Long> rows, Set<String> notCopied) {}

    public static Report sqliteToPostgres(DatabaseSettings sqlite, DatabaseSettings postgres) throws SQLException {
        if (sqlite.type() != DatabaseSettings.Type.SQLITE) throw new IllegalArgumentException("the node's database is not SQLite");
        if (postgres.type() != DatabaseSettings.Type.POSTGRES) throw new IllegalArgumentException("the target is not PostgreSQL");
        try (Database from = Database.open(sqlite); Database to = Database.open(postgres);
             Connection src = from.dataSource().getConnection(); Connection dst = to.dataSource().getConnection()) {
            Set<String> targetTables = tables(dst);
            targetTables.removeIf(t -> t.startsWith("flyway_"));
            for (String t : targetTables) {
                try (Statement s = dst.createStatement(); ResultSet rs = s.executeQuery("SELECT 1 FROM " + t + " LIMIT 1")) {
                    if (rs.next() && !t.equals("stream_positions")) {
                        throw new IllegalStateException("the PostgreSQL database is not empty (table " + t + " has rows)");
                    }
                }
            }
            Set<String> sourceTables = tables(src);
            sourceTables.removeIf(t -> t.startsWith("sqlite_") || t.startsWith("flyway_") || t.startsWith("event_search_fts"));
            List<String> order = parentsFirst(dst, targetTables);
            Map<String, Long> copied = new LinkedHashMap<>();
            boolean autoCommit = dst.getAutoCommit();
            dst.setAutoCommit(false);
            try {
                try (Statement s = dst.createStatement()) {
                    s.execute("DELETE FROM stream_positions");   // the fresh database's counters give way to the node's
                }
                for (String table : order) {
                    if (sourceTables.contains(table)) copied.put(table, copy(src, dst, table));
                }
                dst.commit();
            } catch (SQLException | RuntimeException e) {
                dst.rollback();
                throw e;
            } finally {
                dst.setAutoCommit(autoCommit);
            }
            Set<String> left = new TreeSet<>(sourceTables);
            left.removeAll(targetTables);
            return new Report(copied, left);
        }
    }

    private static long copy(Connection src, Connection dst, String table) throws SQLException {
        Map<String, Integer> types = new LinkedHashMap<>();
        DatabaseMetaData meta = dst.getMetaData();
        try (ResultSet cols = meta.getColumns(null, dst.getSchema(), table, null)) {
            while (cols.next()) types.put(cols.getString("COLUMN_NAME").toLowerCase(Locale.ROOT), cols.getInt("DATA_TYPE"));
        }
        List<String> columns = new ArrayList<>(types.keySet());
        String insert = "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES ("
                + String.join(", ", columns.stream().map(c -> "?").toList()) + ")";
        long n = 0;
        try (Statement s = src.createStatement(); ResultSet rs = s.executeQuery("SELECT " + String.join(", ", columns) + " FROM " + table);
             PreparedStatement ps = dst.prepareStatement(insert)) {
            while (rs.next()) {
                for (int i = 0; i < columns.size(); i++) {
                    Object v = rs.getObject(i + 1);
                    int type = types.get(columns.get(i));
                    if (v == null) ps.setNull(i + 1, type);
                    else if (type == Types.BOOLEAN || type == Types.BIT) ps.setBoolean(i + 1, truthy(v));
                    else if (type == Types.BIGINT) ps.setLong(i + 1, ((Number) v).longValue());
                    else if (type == Types.INTEGER || type == Types.SMALLINT) ps.setInt(i + 1, ((Number) v).intValue());
                    else if (type == Types.BINARY || type == Types.VARBINARY || type == Types.LONGVARBINARY) ps.setBytes(i + 1, rs.getBytes(i + 1));
                    else ps.setString(i + 1, v.toString());
                }
                ps.addBatch();
                if (++n % BATCH == 0) ps.executeBatch();
            }
            ps.executeBatch();
        }
        return n;
    }

    private static boolean truthy(Object v) {
        if (v instanceof Boolean b) return b;
        if (v instanceof Number num) return num.longValue() != 0;
        return "true".equalsIgnoreCase(v.toString()) || "1".equals(v.toString());
    }

    private static Set<String> tables(Connection c) throws SQLException {
        Set<String> names = new TreeSet<>();
        try (ResultSet rs = c.getMetaData().getTables(null, c.getSchema(), "%", new String[] {"TABLE"})) {
            while (rs.next()) names.add(rs.getString("TABLE_NAME").toLowerCase(Locale.ROOT));
        }
        return names;
    }

    /** The tables in an order where every table comes after those its foreign keys point at. */
    private static List<String> parentsFirst(Connection c, Set<String> tables) throws SQLException {
        Map<String, Set<String>> parents = new LinkedHashMap<>();
        for (String t : tables) {
            Set<String> ps = new LinkedHashSet<>();
            try (ResultSet rs = c.getMetaData().getImportedKeys(null, c.getSchema(), t)) {
                while (rs.next()) {
                    String p = rs.getString("PKTABLE_NAME").toLowerCase(Locale.ROOT);
                    if (!p.equals(t)) ps.add(p);
                }
            }
            parents.put(t, ps);
        }
        List<String> order = new ArrayList<>();
        Set<String> done = new LinkedHashSet<>();
        for (String t : parents.keySet()) visit(t, parents, done, new LinkedHashSet<>(), order);
        return order;
    }

    private static void visit(String t, Map<String, Set<String>> parents, Set<String> done, Set<String> path, List<String> order) {
        if (done.contains(t) || !path.add(t)) return;
        for (String p : parents.getOrDefault(t, Set.of())) visit(p, parents, done, path, order);
        done.add(t);
        order.add(t);
    }
}

package org.lightweb.storage;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;

/**
 * Plain JDBC for the few statements every message runs (storing it, and reading what a send builds on). jOOQ
 * renders each query from its syntax tree on every execution, and binds and maps through its type system: on
 * the message benchmark that was four fifths of the single writer's CPU, SQLite itself a tenth. These statements
 * are written once as SQL that SQLite and PostgreSQL both accept (lower-case unquoted names, {@code ON CONFLICT},
 * {@code RETURNING}) and run on the connection of the jOOQ context given, so inside its transaction. Everything
 * else stays jOOQ.
 */
public final class Jdbc {
    private Jdbc() {}

    /** Maps the current row of a result. */
    @FunctionalInterface
    public interface Row<T> {
        T map(ResultSet rs) throws SQLException;
    }

    /** Runs an INSERT, UPDATE or DELETE; returns the rows it changed. */
    public static int update(DSLContext ctx, String sql, Object... args) {
        return ctx.connectionResult(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                bind(ps, args);
                return ps.executeUpdate();
            } catch (SQLException e) {
                throw failed(sql, e);
            }
        });
    }

    /**
     * Runs {@code sql} once per row of {@code rows} as one JDBC batch; returns the rows each changed (a driver that
     * cannot tell says {@link java.sql.Statement#SUCCESS_NO_INFO}).
     */
    public static int[] batch(DSLContext ctx, String sql, List<Object[]> rows) {
        if (rows.isEmpty()) return new int[0];
        if (rows.size() == 1) return new int[] {update(ctx, sql, rows.get(0))};
        return ctx.connectionResult(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (Object[] row : rows) {
                    bind(ps, row);
                    ps.addBatch();
                }
                return ps.executeBatch();
            } catch (SQLException e) {
                throw failed(sql, e);
            }
        });
    }

    /** The rows {@code sql} selects (or returns), mapped. */
    public static <T> List<T> query(DSLContext ctx, String sql, Row<T> row, Object... args) {
        return ctx.connectionResult(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                bind(ps, args);
                List<T> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(row.map(rs));
                }
                return out;
            } catch (SQLException e) {
                throw failed(sql, e);
            }
        });
    }

    /** The first row {@code sql} selects, mapped; null when there is none. */
    public static <T> T first(DSLContext ctx, String sql, Row<T> row, Object... args) {
        List<T> all = query(ctx, sql, row, args);
        return all.isEmpty() ? null : all.get(0);
    }

    /** {@code ?, ?, ?} for {@code n} values, for an {@code IN (...)} list. */
    public static String marks(int n) {
        if (n < 1) throw new IllegalArgumentException("an IN list needs a value");
        return "?" + ", ?".repeat(n - 1);
    }

    /** {@code values} as bind arguments, after {@code first} ones. */
    public static Object[] args(Collection<?> values, Object... first) {
        Object[] out = new Object[first.length + values.size()];
        System.arraycopy(first, 0, out, 0, first.length);
        int i = first.length;
        for (Object v : values) out[i++] = v;
        return out;
    }

    /** A nullable BIGINT column. */
    public static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    private static void bind(PreparedStatement ps, Object[] args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            int at = i + 1;
            if (a == null) ps.setNull(at, Types.NULL);
            else if (a instanceof String s) ps.setString(at, s);
            else if (a instanceof Long l) ps.setLong(at, l);
            else if (a instanceof Integer n) ps.setInt(at, n);
            else if (a instanceof Boolean b) ps.setBoolean(at, b);
            else throw new IllegalArgumentException("cannot bind a " + a.getClass().getName());
        }
    }

    /** The same exception jOOQ throws, so callers' handling (unique violations, disk full, locked) sees no difference. */
    private static DataAccessException failed(String sql, SQLException e) {
        return new DataAccessException("SQL [" + sql + "]; " + e.getMessage(), e);
    }
}

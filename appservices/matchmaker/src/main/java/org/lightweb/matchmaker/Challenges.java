package org.lightweb.matchmaker;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.lightweb.plugin.PluginDatabase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What this node's file-backup plugin saw of its partners: its proof-of-storage history, read (never written) from
 * that plugin's {@code file_backup_challenges} table on the node's database. Without the plugin there is none.
 */
final class Challenges {
    private static final Logger log = LoggerFactory.getLogger(Challenges.class);

    /** {@code failingSince}: the first failure after the last pass when the latest result failed, else 0. */
    record Partner(String server, long passed, long failed, long failingSince) {}

    private Challenges() {
    }

    private record Row(String server, long passed, long failed, long lastPass, long latest) {}

    static List<Partner> read(PluginDatabase db) {
        try {
            return db.read(c -> {
                List<Row> rows = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement("SELECT partner,"
                        + " SUM(CASE WHEN ok THEN 1 ELSE 0 END), SUM(CASE WHEN ok THEN 0 ELSE 1 END),"
                        + " MAX(CASE WHEN ok THEN ts ELSE 0 END), MAX(ts)"
                        + " FROM file_backup_challenges GROUP BY partner ORDER BY partner");
                     ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) rows.add(new Row(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)));
                }
                List<Partner> out = new ArrayList<>();
                for (Row r : rows) {
                    long since = 0;
                    if (r.latest() > r.lastPass()) {
                        try (PreparedStatement ps = c.prepareStatement("SELECT MIN(ts) FROM file_backup_challenges WHERE partner = ? AND ts > ?")) {
                            ps.setString(1, r.server());
                            ps.setLong(2, r.lastPass());
                            try (ResultSet rs = ps.executeQuery()) {
                                if (rs.next()) since = rs.getLong(1);
                            }
                        }
                    }
                    out.add(new Partner(r.server(), r.passed(), r.failed(), since));
                }
                return out;
            });
        } catch (SQLException e) {
            log.debug("no proof-of-storage history (is the file-backup plugin installed?): {}", e.toString());
            return List.of();
        } catch (Exception e) {
            log.warn("could not read the proof-of-storage history: {}", e.toString());
            return List.of();
        }
    }
}

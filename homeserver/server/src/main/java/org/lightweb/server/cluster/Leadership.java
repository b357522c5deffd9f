package org.lightweb.server.cluster;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.lightweb.storage.DatabaseSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Elects the one process of a clustered node that does the work that must not be done twice: sending federation
 * and appservice transactions and pushes. The leader is whoever holds a PostgreSQL session advisory lock, on a
 * connection of its own; when the process dies, PostgreSQL ends the session and frees the lock, and another process
 * takes it at its next try ({@code cluster.leader_check_interval}). Every process tries at that interval; the leader
 * checks its connection at the same interval, and if it is gone it can no longer know it leads: it stops the process
 * (its supervisor starts it again as a follower), so two leaders never work at once for longer than that.
 */
public final class Leadership implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Leadership.class);

    /** What the leader does: begun once, when this process is elected. */
    public interface Duties {
        void lead();
    }

    /** What happens when a leader loses its lock: by default the process exits (tests replace it). */
    public interface OnLost {
        void lost();
    }

    private final DatabaseSettings database;
    private final long key;
    private final Duration interval;
    private final Duties duties;
    private final OnLost onLost;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "lightweb-leadership");
        t.setDaemon(true);
        return t;
    });
    private Connection connection;   // only on the leadership thread
    private volatile boolean leader;

    public Leadership(DatabaseSettings database, String clusterName, Duration interval, Duties duties, OnLost onLost) {
        this.database = database;
        this.key = lockKey(clusterName + "/" + (database.schema() == null ? "" : database.schema()));
        this.interval = interval;
        this.duties = duties;
        this.onLost = onLost;
    }

    /** The advisory lock's key: 64 bits of SHA-256 of the cluster's name and schema, so clusters sharing a database differ. */
    static long lockKey(String name) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(("lightweb-leader/" + name).getBytes(StandardCharsets.UTF_8));
            long k = 0;
            for (int i = 0; i < 8; i++) k = (k << 8) | (h[i] & 0xff);
            return k;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public void start() {
        long ms = Math.max(50, interval.toMillis());
        thread.scheduleWithFixedDelay(this::check, 0, ms, TimeUnit.MILLISECONDS);
    }

    public boolean isLeader() { return leader; }

    private void check() {
        try {
            if (leader) {
                if (!connection.isValid(Math.max(1, (int) interval.toSeconds()))) lose("its database session ended");
                return;
            }
            if (connection == null || !connection.isValid(2)) {
                closeConnection();
                connection = DriverManager.getConnection(database.url(), database.user(), database.password());
            }
            try (PreparedStatement st = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
                st.setLong(1, key);
                try (ResultSet rs = st.executeQuery()) {
                    if (rs.next() && rs.getBoolean(1)) {
                        leader = true;
                        log.info("this process leads the cluster now: it sends federation and appservice transactions and pushes");
                        duties.lead();
                    }
                }
            }
        } catch (SQLException e) {
            if (leader) lose(e.getMessage());
            else log.warn("cannot try for the cluster's leadership: {}", e.getMessage());
        } catch (RuntimeException e) {
            log.error("cluster leadership check failed", e);
        }
    }

    private void lose(String why) {
        log.error("this process lost the cluster's leadership ({}); stopping it so that it starts again as a follower", why);
        leader = false;
        closeConnection();
        thread.shutdown();
        onLost.lost();
    }

    private void closeConnection() {
        if (connection == null) return;
        try {
            connection.close();
        } catch (SQLException ignored) {
            // gone anyway
        }
        connection = null;
    }

    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        leader = false;
        closeConnection();   // ends the session: the lock is free for the others at once
    }
}

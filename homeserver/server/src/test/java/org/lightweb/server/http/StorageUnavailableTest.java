package org.lightweb.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.Test;

class StorageUnavailableTest {
    private static DataAccessException jooq(SQLException cause) {
        return new DataAccessException("SQL [insert ...]; " + cause.getMessage(), cause);
    }

    @Test
    void sqliteShouldBeUnavailableWhenItsDiskIsFullOrRefusesWrites() {
        assertThat(StorageUnavailable.reason(jooq(new SQLException("[SQLITE_FULL] Insertion failed because database is full"))))
                .hasValueSatisfying(m -> assertThat(m).contains("disk full"));
        assertThat(StorageUnavailable.reason(jooq(new SQLException(
                "[SQLITE_IOERR_WRITE] I/O error in the VFS layer while trying to write to a file on disk (disk I/O error)"))))
                .hasValueSatisfying(m -> assertThat(m).contains("cannot write"));
        assertThat(StorageUnavailable.reason(jooq(new SQLException("[SQLITE_BUSY] The database file is locked (database is locked)"))))
                .hasValueSatisfying(m -> assertThat(m).contains("busy"));
    }

    @Test
    void postgresShouldBeUnavailableWhenItsStateSaysResourcesOrConnection() {
        assertThat(StorageUnavailable.reason(jooq(new SQLException("could not extend file: No space left", "53100"))))
                .hasValueSatisfying(m -> assertThat(m).contains("disk full"));
        assertThat(StorageUnavailable.reason(jooq(new SQLException("the database system is shutting down", "57P03")))).isPresent();
        assertThat(StorageUnavailable.reason(jooq(new SQLException("Connection refused", "08001")))).isPresent();
        assertThat(StorageUnavailable.reason(jooq(new SQLTransientConnectionException(
                "lightweb - Connection is not available, request timed out after 30000ms")))).isPresent();
    }

    @Test
    void mediaStoreShouldBeUnavailableWhenTheKernelRefusesTheWrite() {
        assertThat(StorageUnavailable.reason(new UncheckedIOException(new IOException("No space left on device")))).isPresent();
        assertThat(StorageUnavailable.reason(new RuntimeException("write failed", new IOException("File too large")))).isPresent();
    }

    @Test
    void reasonShouldBeEmptyWhenTheFailureIsABug() {
        assertThat(StorageUnavailable.reason(jooq(new SQLException("[SQLITE_CONSTRAINT_UNIQUE] A UNIQUE constraint failed")))).isEmpty();
        assertThat(StorageUnavailable.reason(jooq(new SQLException("syntax error at or near \"selct\"", "42601")))).isEmpty();
        assertThat(StorageUnavailable.reason(new IllegalStateException("SQLITE_FULL in a message is not a database failure"))).isEmpty();
        assertThat(StorageUnavailable.reason(new IOException("Connection reset by peer"))).isEmpty();
    }
}

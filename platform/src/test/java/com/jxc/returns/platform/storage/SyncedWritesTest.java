package com.jxc.returns.platform.storage;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a power loss leaves of an H2 database written with {@code WRITE_DELAY=0}, on {@code synced:} files and on
 * plain ones, while the connection is still open: every commit, in autocommit and in a transaction, or not.
 */
class SyncedWritesTest {

    @TempDir
    Path dir;

    @BeforeAll
    static void fileSystems() {
        SyncedWrites.register();
        PowerCut.register();
    }

    @Test
    void onSyncedFilesEveryCommitIsOnTheDiskWhenItReturns() throws Exception {
        assertThat(rowsAfterAPowerCut("synced:" + PowerCut.SCHEME + ":")).isEqualTo(10);
    }

    /** Why the prefix is there: H2 writes each commit to the file, where the operating system keeps it a while. */
    @Test
    void onPlainFilesTheSameCommitsAreNotOnTheDisk() throws Exception {
        assertThat(rowsAfterAPowerCut(PowerCut.SCHEME + ":")).isZero();
    }

    private long rowsAfterAPowerCut(String prefix) throws Exception {
        Path live = Files.createDirectories(dir.resolve("live"));
        try (Connection connection = DriverManager.getConnection(
                "jdbc:h2:" + prefix + live.resolve("db") + ";WRITE_DELAY=0", "sa", "");
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE acknowledged (id INT PRIMARY KEY)");
            for (int id = 0; id < 5; id++) {
                statement.executeUpdate("INSERT INTO acknowledged VALUES (" + id + ")");
            }
            connection.setAutoCommit(false);
            for (int id = 5; id < 10; id++) {
                statement.executeUpdate("INSERT INTO acknowledged VALUES (" + id + ")");
            }
            connection.commit();

            PowerCut.cut(live, dir.resolve("after"));
        }
        return rowsIn(dir.resolve("after").resolve("db"));
    }

    /** The rows of the table in the database the machine finds at its next start (none if it finds no table). */
    private static long rowsIn(Path database) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:h2:file:" + database, "sa", "");
             Statement statement = connection.createStatement()) {
            var tables = statement.executeQuery(
                    "SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME = 'ACKNOWLEDGED'");
            tables.next();
            if (tables.getLong(1) == 0) {
                return 0;
            }
            var rows = statement.executeQuery("SELECT COUNT(*) FROM acknowledged");
            rows.next();
            return rows.getLong(1);
        }
    }
}

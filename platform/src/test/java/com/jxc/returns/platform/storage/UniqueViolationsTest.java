package com.jxc.returns.platform.storage;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The second insert of one key, as each database reports it, alone and in a batch, is a duplicate; nothing else. */
class UniqueViolationsTest {

    private final UniqueViolations resolver = new UniqueViolations();

    @Test
    void h2ReportsTheSecondInsertOfAKeyAsAUniqueViolation() throws Exception {
        try (Connection h2 = DriverManager.getConnection("jdbc:h2:mem:unique-violations", "sa", "")) {
            assertDuplicatesRecognised(h2);
        }
    }

    @Test
    void postgresReportsTheSecondInsertOfAKeyAsAUniqueViolation(@TempDir Path data) throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setDataDirectory(data)
                .setCleanDataDirectory(true).start();
             Connection connection = postgres.getPostgresDatabase().getConnection()) {
            assertDuplicatesRecognised(connection);
        }
    }

    private void assertDuplicatesRecognised(Connection connection) throws SQLException {
        connection.setAutoCommit(true);
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE events (aggregate_id VARCHAR(40), seq BIGINT, PRIMARY KEY (aggregate_id, seq))");
            statement.execute("INSERT INTO events VALUES ('R-1', 0)");

            SQLException single = catchThrowableOfType(SQLException.class,
                    () -> statement.execute("INSERT INTO events VALUES ('R-1', 0)"));
            assertThat(resolver.isDuplicateKeyViolation(new RuntimeException("append failed", single))).isTrue();

            statement.addBatch("INSERT INTO events VALUES ('R-2', 0)");
            statement.addBatch("INSERT INTO events VALUES ('R-1', 0)");
            SQLException batch = catchThrowableOfType(SQLException.class, statement::executeBatch);
            assertThat(resolver.isDuplicateKeyViolation(batch)).as("in a batch: %s", batch).isTrue();

            SQLException other = catchThrowableOfType(SQLException.class,
                    () -> statement.execute("INSERT INTO events VALUES (NULL, 1)"));
            assertThat(resolver.isDuplicateKeyViolation(other)).as("a missing key is no duplicate: %s", other)
                    .isFalse();
            assertThat(resolver.isDuplicateKeyViolation(new IllegalStateException("no SQL at all"))).isFalse();
        }
    }
}

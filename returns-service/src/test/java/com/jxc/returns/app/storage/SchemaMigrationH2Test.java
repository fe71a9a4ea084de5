package com.jxc.returns.app.storage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded H2 event store under Flyway: the file of the release that created its tables by hand is upgraded at
 * start with every row found, and an empty one gets the same schema as that release made.
 */
class SchemaMigrationH2Test {

    @TempDir
    Path dataDir;

    /** The fixture's event-store file, where the service looks for it in {@code dataDir}. */
    private Path fixtureFile() throws Exception {
        Path file = dataDir.resolve("eventstore/events.mv.db");
        Files.createDirectories(file.getParent());
        try (InputStream in = SchemaBeforeFlyway.resource("h2/events.mv.db")) {
            Files.copy(in, file);
        }
        return file;
    }

    private static Connection open(Path databaseFile) throws Exception {
        String name = databaseFile.toString().replaceFirst("\\.mv\\.db$", "");
        return DriverManager.getConnection("jdbc:h2:" + name + ";IFEXISTS=TRUE", "sa", "");
    }

    @Test
    void aDatabaseOfTheReleaseBeforeFlywayIsUpgradedAtStartAndEveryRowIsFound() throws Exception {
        Path file = fixtureFile();
        SchemaBeforeFlyway.Snapshot fixture;
        Map<String, Object> schemaBefore;
        try (Connection connection = open(file)) {
            fixture = SchemaBeforeFlyway.Snapshot.of(connection);
            schemaBefore = SchemaBeforeFlyway.schema(connection);
        }

        try (var context = SchemaBeforeFlyway.boot(dataDir)) {
            var jdbc = context.getBean(JdbcTemplate.class);
            assertThat(SchemaBeforeFlyway.history(jdbc)).containsExactly("0 BASELINE", "1 SQL", "1.1 SQL");
            try (Connection connection = jdbc.getDataSource().getConnection()) {
                assertThat(SchemaBeforeFlyway.schema(connection)).isEqualTo(schemaBefore);
            }
            SchemaBeforeFlyway.assertEverythingFound(context, SchemaBeforeFlyway.expected("h2"), fixture);
        }
    }

    @Test
    void anEmptyDatabaseGetsTheSchemaTheReleaseBeforeFlywayMade() throws Exception {
        Path fixtureDir = Files.createDirectories(dataDir.resolve("fixture"));
        Map<String, Object> schemaBefore;
        try (InputStream in = SchemaBeforeFlyway.resource("h2/events.mv.db")) {
            Files.copy(in, fixtureDir.resolve("events.mv.db"));
        }
        try (Connection connection = open(fixtureDir.resolve("events.mv.db"))) {
            schemaBefore = SchemaBeforeFlyway.schema(connection);
        }

        SchemaBeforeFlyway.assertOwnedSchema(schemaBefore);

        try (var context = SchemaBeforeFlyway.boot(dataDir.resolve("fresh"))) {
            var jdbc = context.getBean(JdbcTemplate.class);
            assertThat(SchemaBeforeFlyway.history(jdbc)).containsExactly("1 SQL", "1.1 SQL");
            try (Connection connection = jdbc.getDataSource().getConnection()) {
                assertThat(SchemaBeforeFlyway.schema(connection)).isEqualTo(schemaBefore);
            }
        }
    }
}

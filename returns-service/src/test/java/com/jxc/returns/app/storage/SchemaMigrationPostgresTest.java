package com.jxc.returns.app.storage;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgreSQL under Flyway: a database holding the schema the release before Flyway created (its exact DDL, from the
 * server's statement log) and its data is upgraded at start with every row found; an empty one gets the same schema.
 */
class SchemaMigrationPostgresTest {

    private static final String USER = "postgres";

    static EmbeddedPostgres postgres;

    @TempDir
    Path dataDir;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    /** A new database of that server, with the fixture's scripts run on it. */
    private static String database(String name, String... fixtureScripts) throws Exception {
        try (Connection admin = DriverManager.getConnection(postgres.getJdbcUrl(USER, "postgres"), USER, USER)) {
            admin.createStatement().execute("CREATE DATABASE " + name);
        }
        String url = postgres.getJdbcUrl(USER, name);
        try (Connection connection = DriverManager.getConnection(url, USER, USER)) {
            for (String script : fixtureScripts) {
                connection.createStatement().execute(SchemaBeforeFlyway.text(script));
            }
        }
        return url;
    }

    private static String[] on(String url) {
        return new String[]{"--returns.eventstore.url=" + url, "--returns.eventstore.username=" + USER,
                "--returns.eventstore.password=" + USER};
    }

    @Test
    void aDatabaseOfTheReleaseBeforeFlywayIsUpgradedAtStartAndEveryRowIsFound() throws Exception {
        String url = database("before_flyway", "postgresql/schema.sql", "postgresql/data.sql");
        SchemaBeforeFlyway.Snapshot fixture;
        Map<String, Object> schemaBefore;
        try (Connection connection = DriverManager.getConnection(url, USER, USER)) {
            fixture = SchemaBeforeFlyway.Snapshot.of(connection);
            schemaBefore = SchemaBeforeFlyway.schema(connection);
        }

        try (var context = SchemaBeforeFlyway.boot(dataDir, on(url))) {
            var jdbc = context.getBean(JdbcTemplate.class);
            assertThat(SchemaBeforeFlyway.history(jdbc)).containsExactly("0 BASELINE", "1 SQL", "1.1 SQL");
            try (Connection connection = jdbc.getDataSource().getConnection()) {
                assertThat(SchemaBeforeFlyway.schema(connection)).isEqualTo(schemaBefore);
            }
            SchemaBeforeFlyway.assertEverythingFound(context, SchemaBeforeFlyway.expected("postgresql"), fixture);
        }
    }

    @Test
    void anEmptyDatabaseGetsTheSchemaTheReleaseBeforeFlywayMade() throws Exception {
        Map<String, Object> schemaBefore;
        try (Connection connection = DriverManager.getConnection(database("schema_before_flyway",
                "postgresql/schema.sql"), USER, USER)) {
            schemaBefore = SchemaBeforeFlyway.schema(connection);
        }

        SchemaBeforeFlyway.assertOwnedSchema(schemaBefore);

        try (var context = SchemaBeforeFlyway.boot(dataDir, on(database("empty")))) {
            var jdbc = context.getBean(JdbcTemplate.class);
            assertThat(SchemaBeforeFlyway.history(jdbc)).containsExactly("1 SQL", "1.1 SQL");
            try (Connection connection = jdbc.getDataSource().getConnection()) {
                assertThat(SchemaBeforeFlyway.schema(connection)).isEqualTo(schemaBefore);
            }
        }
    }
}

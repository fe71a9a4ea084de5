package com.jxc.returns.app.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.jxc.returns.app.ReturnsApplication;
import com.jxc.returns.app.testing.Orders;
import com.jxc.returns.app.testing.ServiceHttp;
import com.jxc.returns.app.testing.TestClock;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The fixtures of {@code fixtures/schema-before-flyway} (databases created by the release that ran its DDL by hand)
 * and what a service upgraded from one must still find in it.
 */
final class SchemaBeforeFlyway {

    static final String FOLDER = "/fixtures/schema-before-flyway/";

    /** The columns that identify a row of each owned table and must survive an upgrade unchanged. */
    private static final Map<String, List<String>> KEPT_COLUMNS = new LinkedHashMap<>();

    static {
        KEPT_COLUMNS.put("domainevententry", List.of("globalindex", "aggregateidentifier", "sequencenumber", "type",
                "eventidentifier", "metadata", "payload", "payloadrevision", "payloadtype", "timestamp"));
        KEPT_COLUMNS.put("event_chain", List.of("global_index", "aggregate_identifier", "sequence_number",
                "event_hash", "chain_hash"));
        KEPT_COLUMNS.put("idempotency_keys", List.of("principal", "idempotency_key", "fingerprint", "state",
                "owner_token", "created_at", "lease_until", "response_status", "response_content_type",
                "response_location", "response_body"));
        KEPT_COLUMNS.put("scheduled_tasks", List.of("task_name", "task_instance", "task_data"));
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private SchemaBeforeFlyway() {
    }

    static InputStream resource(String path) {
        InputStream in = SchemaBeforeFlyway.class.getResourceAsStream(FOLDER + path);
        assertThat(in).as(FOLDER + path).isNotNull();
        return in;
    }

    static String text(String path) {
        try (InputStream in = resource(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode expected(String vendor) {
        try {
            return JSON.readTree(text(vendor + "/expected.json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ConfigurableApplicationContext boot(Path dataDir, String... more) {
        var args = new ArrayList<>(List.of("--server.port=0", "--returns.data-dir=" + dataDir,
                "--returns.mongodb.embedded-port=0", "--returns.integrity.seal-interval=200ms",
                "--returns.deadlines.polling-interval=1s",
                // the fixture's idempotency key was stored the day the fixture was made
                "--returns.idempotency.retention=P36500D"));
        args.addAll(List.of(more));
        return new SpringApplicationBuilder(ReturnsApplication.class).run(args.toArray(String[]::new));
    }

    static ServiceHttp http(ConfigurableApplicationContext context) {
        return ServiceHttp.onPort(((WebServerApplicationContext) context).getWebServer().getPort());
    }

    /** A fixture database's rows, and when the receipt deadline among them falls due. */
    record Snapshot(Map<String, List<List<String>>> rows, Instant receiptDeadline) {

        static Snapshot of(Connection connection) throws SQLException {
            try (ResultSet deadline = connection.createStatement().executeQuery(
                    "SELECT MIN(execution_time) FROM scheduled_tasks")) {
                deadline.next();
                return new Snapshot(SchemaBeforeFlyway.rows(connection), deadline.getTimestamp(1).toInstant());
            }
        }
    }

    /** The rows of the owned tables, by the columns that must survive an upgrade (binary columns in hex). */
    static Map<String, List<List<String>>> rows(Connection connection) throws SQLException {
        var rows = new LinkedHashMap<String, List<List<String>>>();
        for (var table : KEPT_COLUMNS.entrySet()) {
            var found = new ArrayList<List<String>>();
            try (ResultSet result = connection.createStatement().executeQuery(
                    "SELECT " + String.join(", ", table.getValue()) + " FROM " + table.getKey())) {
                while (result.next()) {
                    var row = new ArrayList<String>();
                    for (int i = 1; i <= table.getValue().size(); i++) {
                        Object value = result.getObject(i);
                        row.add(value == null ? null
                                : value instanceof byte[] bytes ? HexFormat.of().formatHex(bytes) : value.toString());
                    }
                    found.add(row);
                }
            }
            rows.put(table.getKey(), found);
        }
        return rows;
    }

    /**
     * The schema as JDBC metadata describes it: tables with their columns (name, type, size, digits, nullability,
     * identity), primary keys and indexes (unique or not, their columns; names aside, H2 generates some), and the
     * sequences (those an identity column generates aside). Flyway's history table is not part of it.
     */
    static Map<String, Object> schema(Connection connection) throws SQLException {
        DatabaseMetaData meta = connection.getMetaData();
        String schema = connection.getSchema();
        var description = new TreeMap<String, Object>();
        var tables = new TreeSet<String>();
        try (ResultSet result = meta.getTables(null, schema, "%", new String[]{"TABLE"})) {
            while (result.next()) {
                String table = result.getString("TABLE_NAME");
                if (!table.equalsIgnoreCase("flyway_schema_history")) {
                    tables.add(table);
                }
            }
        }
        for (String table : tables) {
            var columns = new ArrayList<String>();
            try (ResultSet result = meta.getColumns(null, schema, table, "%")) {
                while (result.next()) {
                    columns.add(String.join(" ", result.getString("COLUMN_NAME"), result.getString("TYPE_NAME"),
                            result.getString("COLUMN_SIZE"), String.valueOf(result.getString("DECIMAL_DIGITS")),
                            result.getString("IS_NULLABLE"), result.getString("IS_AUTOINCREMENT")));
                }
            }
            var primaryKey = new TreeMap<Integer, String>();
            try (ResultSet result = meta.getPrimaryKeys(null, schema, table)) {
                while (result.next()) {
                    primaryKey.put(result.getInt("KEY_SEQ"), result.getString("COLUMN_NAME"));
                }
            }
            var indexColumns = new TreeMap<String, TreeMap<Integer, String>>();
            var unique = new TreeMap<String, Boolean>();
            try (ResultSet result = meta.getIndexInfo(null, schema, table, false, false)) {
                while (result.next()) {
                    String index = result.getString("INDEX_NAME");
                    if (index == null) {
                        continue;
                    }
                    indexColumns.computeIfAbsent(index, name -> new TreeMap<>())
                            .put(result.getInt("ORDINAL_POSITION"), result.getString("COLUMN_NAME"));
                    unique.put(index, !result.getBoolean("NON_UNIQUE"));
                }
            }
            var indexes = new TreeSet<String>();
            indexColumns.forEach((index, cols) -> indexes.add((unique.get(index) ? "unique " : "") + cols.values()));
            description.put(table.toLowerCase(Locale.ROOT),
                    Map.of("columns", columns, "primaryKey", List.copyOf(primaryKey.values()), "indexes", indexes));
        }
        description.put("sequences", sequences(connection));
        return description;
    }

    private static TreeSet<String> sequences(Connection connection) throws SQLException {
        boolean postgres = connection.getMetaData().getDatabaseProductName().equalsIgnoreCase("PostgreSQL");
        String query = postgres
                ? "SELECT s.relname, s.relname IN (SELECT pg_get_serial_sequence(quote_ident(c.table_name), "
                + "c.column_name)::regclass::text FROM information_schema.columns c WHERE c.is_identity = 'YES' "
                + "AND c.table_schema = 'public') FROM pg_class s JOIN pg_namespace n ON n.oid = s.relnamespace "
                + "WHERE s.relkind = 'S' AND n.nspname = 'public'"
                : "SELECT SEQUENCE_NAME, SEQUENCE_NAME LIKE 'SYSTEM_SEQUENCE%' FROM INFORMATION_SCHEMA.SEQUENCES "
                + "WHERE SEQUENCE_SCHEMA = 'PUBLIC'";
        var sequences = new TreeSet<String>();
        try (ResultSet result = connection.createStatement().executeQuery(query)) {
            while (result.next()) {
                if (!result.getBoolean(2)) {
                    sequences.add(result.getString(1).toLowerCase(Locale.ROOT));
                }
            }
        }
        return sequences;
    }

    /** What a description of the schema of the release before Flyway holds: every owned table and the sequence. */
    static void assertOwnedSchema(Map<String, Object> schema) {
        assertThat(schema).containsOnlyKeys("domainevententry", "snapshotevententry", "deadletterentry",
                "scheduled_tasks", "idempotency_keys", "event_chain", "sequences");
        assertThat(schema.get("sequences")).asString().isEqualTo("[return_order_number_seq]");
    }

    /**
     * Versions in Flyway's history, in the order applied, with their type (BASELINE, SQL); not the row Flyway keeps
     * of having created the history table itself (type TABLE).
     */
    static List<String> history(JdbcTemplate jdbc) {
        return jdbc.query("SELECT \"version\", \"type\", \"success\" FROM \"flyway_schema_history\" "
                        + "WHERE \"type\" <> 'TABLE' ORDER BY \"installed_rank\"",
                (row, n) -> row.getString(1) + " " + row.getString(2) + (row.getBoolean(3) ? "" : " FAILED"));
    }

    /**
     * What the service upgraded from a fixture database must find: every row of it, each fixture return's history,
     * the stored response of the fixture's idempotency key, return order numbers after the fixture's highest, and a
     * chain that verifies from the fixture's seal on.
     */
    static void assertEverythingFound(ConfigurableApplicationContext context, JsonNode expected, Snapshot fixture)
            throws SQLException {
        var http = http(context);
        var jdbc = context.getBean(JdbcTemplate.class);

        // every row the fixture had is there; a receipt deadline that fell due since then has fired instead
        Map<String, List<List<String>>> now;
        try (Connection connection = jdbc.getDataSource().getConnection()) {
            now = rows(connection);
        }
        for (var table : fixture.rows().entrySet()) {
            assertThat(table.getValue()).as("fixture rows of " + table.getKey()).isNotEmpty();
            if (!table.getKey().equals("scheduled_tasks")) {
                assertThat(now.get(table.getKey())).as(table.getKey()).containsAll(table.getValue());
            }
        }
        String waiting = expected.at("/returns/1/id").asText();
        if (fixture.receiptDeadline().isAfter(Instant.now().plus(Duration.ofMinutes(2)))) {
            assertThat(now.get("scheduled_tasks")).containsAll(fixture.rows().get("scheduled_tasks"));
            assertThat(historyEvents(http, waiting)).noneMatch(event -> event.path("type").asText()
                    .equals("ReturnExpired"));
        } else {
            await().atMost(Duration.ofSeconds(60)).until(() -> historyEvents(http, waiting).stream()
                    .anyMatch(event -> event.path("type").asText().equals("ReturnExpired")));
        }

        // each return reads as it did: the fixture's history, then whatever happened since (an expiry)
        for (JsonNode fixtureReturn : expected.get("returns")) {
            String id = fixtureReturn.get("id").asText();
            List<JsonNode> before = new ArrayList<>();
            fixtureReturn.at("/history/events").forEach(before::add);
            assertThat(before).as("fixture history of " + id).isNotEmpty();
            List<JsonNode> after = historyEvents(http, id);
            assertThat(after.subList(0, Math.min(after.size(), before.size()))).as("history of " + id)
                    .isEqualTo(before);
            var view = await().atMost(Duration.ofSeconds(60)).until(() -> http.get("/api/returns/" + id, "cs"),
                    r -> r.status() == 200);
            assertThat(view.json().path("request").path("orderId").asText())
                    .isEqualTo(fixtureReturn.at("/history/orderId").asText());
        }

        // the fixture's idempotency key answers the stored response, and runs nothing again
        JsonNode key = expected.get("idempotency");
        long eventsBefore = jdbc.queryForObject("SELECT COUNT(*) FROM domainevententry", Long.class);
        var replay = http.post(key.get("path").asText(), key.get("user").asText(), key.get("body").asText(),
                Map.of("Idempotency-Key", key.get("key").asText()));
        assertThat(replay.status()).as(replay.toString()).isEqualTo(key.get("status").asInt());
        assertThat(replay.headers().getFirst("Idempotent-Replayed")).isEqualTo("true");
        assertThat(replay.headers().getFirst(HttpHeaders.LOCATION)).isEqualTo(key.get("location").asText());
        assertThat(replay.body()).isEqualTo(key.get("response").asText());
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM domainevententry", Long.class)).isEqualTo(eventsBefore);

        // return order numbers continue after the fixture's highest
        String highest = expected.get("highestReturnOrderNumber").asText();
        assertThat(highest).matches("RT-\\d{4}-\\d{6}");
        String next = autoApprovedReturnOrderNumber(http);
        assertThat(serial(next)).as(next + " after " + highest).isEqualTo(serial(highest) + 1);

        // the chain verifies, from the point the fixture had sealed up to
        JsonNode sealed = expected.get("verify");
        var verified = await().atMost(Duration.ofSeconds(60)).until(() -> http.get("/api/audit/verify?anchorIndex="
                        + sealed.get("sealedUpTo").asLong() + "&anchorHash=" + sealed.get("sealedChainHash").asText(),
                "auditor"), r -> r.status() == 200 && r.json().path("unsealedEvents").asLong(-1) == 0);
        assertThat(verified.json().get("verified").asBoolean()).as(verified.toString()).isTrue();
        assertThat(verified.json().get("problemsFound").asLong()).isZero();
        assertThat(verified.json().get("eventsChecked").asLong())
                .isEqualTo(jdbc.queryForObject("SELECT COUNT(*) FROM domainevententry", Long.class))
                .isGreaterThan(sealed.get("eventsChecked").asLong());
    }

    private static List<JsonNode> historyEvents(ServiceHttp http, String returnId) {
        var history = await().atMost(Duration.ofSeconds(60))
                .until(() -> http.get("/api/returns/" + returnId + "/history", "cs"), r -> r.status() == 200);
        var events = new ArrayList<JsonNode>();
        history.json().get("events").forEach(events::add);
        return events;
    }

    private static String autoApprovedReturnOrderNumber(ServiceHttp http) {
        String orderId = "SO-" + UUID.randomUUID().toString().substring(0, 8);
        var order = http.post("/api/sales-orders", "integration", Orders.salesOrder(orderId)
                .line("SKU-KETTLE", "general", 1, "249.00", "10.00"));
        assertThat(order.status()).as(order.toString()).isEqualTo(201);
        var submitted = http.post("/api/returns", "cs", Orders.returnOf(orderId).line(1, 1, "DEFECTIVE")
                .reason("QUALITY_DEFECT").reasonText("after the upgrade"));
        assertThat(submitted.status()).as(submitted.toString()).isEqualTo(201);
        String id = submitted.createdId();
        var view = await().atMost(Duration.ofSeconds(60)).until(() -> http.get("/api/returns/" + id, "cs"),
                r -> r.status() == 200 && !r.json().at("/returnOrder/number").asText("").isEmpty());
        return view.json().at("/returnOrder/number").asText();
    }

    private static long serial(String returnOrderNumber) {
        return Long.parseLong(returnOrderNumber.substring(returnOrderNumber.lastIndexOf('-') + 1));
    }
}

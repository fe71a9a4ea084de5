package com.jxc.returns.app.reliability;

import com.jxc.returns.app.testing.ServiceHttp;
import com.jxc.returns.app.testing.Orders;
import com.jxc.returns.app.testing.ServiceOverHttp;
import com.jxc.returns.app.testing.ServiceTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.jxc.returns.app.reliability.ReliabilityScenarios.ok;
import static com.jxc.returns.app.testing.ServiceChecks.awaitCaughtUp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Metrics in Prometheus format for administrators: commands by type and outcome, refusals by rule, processor
 * positions, lag and dead letters, Axon's own meters. With structured logging switched on, log lines are JSON and
 * carry the request's correlation id, the same id the response echoes and the stored events carry.
 */
@ServiceTest(properties = {
        "logging.structured.format.console=ecs",
        // a webhook nobody answers: the rejection's notification is attempted, so its delivery meters exist
        "returns.notifications.webhook-url=http://127.0.0.1:9/unanswered",
        "returns.notifications.secret=observability-test",
        "returns.notifications.poll-interval=100ms"})
@ExtendWith(OutputCaptureExtension.class)
// tests switch metrics export off unless asked for
@AutoConfigureMetrics
class ObservabilityHttpTest extends ServiceOverHttp {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Spring Boot configures Logback once per JVM; forget that configuration so this test's context applies the
     * structured format, and again afterwards so later contexts get their own.
     */
    @BeforeAll
    @AfterAll
    static void forgetLoggingConfiguration() {
        LoggingSystem.get(ObservabilityHttpTest.class.getClassLoader()).cleanUp();
    }


    @Test
    void prometheusShowsCommandsRefusalsAndProcessorsAndJsonLogsCarryTheCorrelationId(CapturedOutput output)
            throws Exception {
        var order = Orders.salesOrder("SO-OBS-1").shippedDaysAgo(2).line("SKU-1", "electronics", 3, "199.00", "100.00");
        ok(lifecycle.recordOrder(order), "order");
        var submitted = ok(lifecycle.submit(Orders.returnOf("SO-OBS-1", 1)), "return");
        String returnId = submitted.json().get("returnId").asText();
        String generated = submitted.headers().getFirst("X-Correlation-Id");
        assertThat(generated).as("a correlation id is made up when the caller sends none").isNotBlank();
        ok(lifecycle.reject(returnId, "worn"), "reject");

        var refused = http.post("/api/returns/" + returnId + "/approve", "reviewer", "{}",
                Map.of("X-Correlation-Id", "obs-refusal-42"));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.headers().getFirst("X-Correlation-Id")).isEqualTo("obs-refusal-42");

        // the caller's mistakes: an unknown return, a stale version, an order id used twice
        assertThat(http.post("/api/returns/" + UUID.randomUUID() + "/approve", "reviewer", "{}").status())
                .isEqualTo(404);
        assertThat(http.post("/api/returns/" + returnId + "/feedback", "cs", "{\"rating\":5,\"comment\":\"ok\"}",
                Map.of("If-Match", "\"0\"")).status()).isEqualTo(412);
        assertThat(lifecycle.recordOrder(order).status()).isEqualTo(409);
        awaitCaughtUp(http);

        // the id made up for a request is the one its events carry
        JsonNode history = http.get("/api/returns/" + returnId + "/history", "auditor").json().get("events");
        JsonNode requested = null;
        for (JsonNode event : history) {
            if (event.get("type").asText().equals("ReturnRequested")) {
                requested = event;
            }
        }
        assertThat(requested).as(history.toString()).isNotNull();
        assertThat(requested.get("correlationId").asText()).isEqualTo(generated);

        assertThat(scrape("auditor").status()).isEqualTo(403);
        await("a delivery attempt of the rejection's notification").atMost(Duration.ofSeconds(30))
                .until(() -> scrape("admin").body().contains("returns_notifications_delivery_seconds_count{"));
        var scrape = scrape("admin");
        assertThat(scrape.status()).isEqualTo(200);
        assertThat(scrape.contentType()).startsWith("text/plain");
        String metrics = scrape.body();
        System.out.println("PROMETHEUS (returns_*)\n" + String.join("\n",
                metrics.lines().filter(line -> line.startsWith("returns_")).toList()));

        assertPromtoolFindsNothing(metrics);

        assertThat(value(metrics, "returns_commands_seconds_count",
                "command=\"RecordSalesOrderCommand\",outcome=\"accepted\"")).isEqualTo(1.0);
        assertThat(value(metrics, "returns_commands_seconds_count",
                "command=\"SubmitReturnCommand\",outcome=\"accepted\"")).isEqualTo(1.0);
        assertThat(value(metrics, "returns_commands_seconds_count",
                "command=\"RejectReturnCommand\",outcome=\"accepted\"")).isEqualTo(1.0);
        assertThat(value(metrics, "returns_commands_seconds_count",
                "command=\"ApproveReturnCommand\",outcome=\"refused\"")).isEqualTo(1.0);
        assertThat(value(metrics, "returns_commands_seconds_sum",
                "command=\"SubmitReturnCommand\",outcome=\"accepted\"")).isPositive();
        assertThat(value(metrics, "returns_commands_seconds_count",
                "command=\"ApproveReturnCommand\",outcome=\"client_error\"")).as("404").isEqualTo(1.0);
        assertThat(value(metrics, "returns_commands_seconds_count",
                "command=\"GiveFeedbackCommand\",outcome=\"client_error\"")).as("412").isEqualTo(1.0);
        assertThat(value(metrics, "returns_commands_seconds_count",
                "command=\"RecordSalesOrderCommand\",outcome=\"client_error\"")).as("409").isEqualTo(1.0);
        assertThat(metrics.lines().filter(line -> line.startsWith("returns_commands_seconds_count{")
                && line.contains("outcome=\"failed\""))).as("no command failed on the service's side").isEmpty();
        assertThat(metrics.lines().filter(line -> line.startsWith("returns_commands_seconds_bucket{")
                && line.contains("command=\"SubmitReturnCommand\",outcome=\"accepted\"")))
                .as("command latency buckets").hasSizeGreaterThan(10);
        assertThat(metrics.lines().filter(line -> line.startsWith("http_server_requests_seconds_bucket{")
                && line.contains("uri=\"/api/returns\"")))
                .as("HTTP latency buckets").hasSizeGreaterThan(10);
        assertThat(value(metrics, "returns_commands_refused_total",
                "command=\"ApproveReturnCommand\",kind=\"conflict\",rule=\"return-not-awaiting-review\""))
                .isEqualTo(1.0);

        double head = value(metrics, "returns_processor_position", "processor=\"returns\"");
        assertThat(head).as("the order, the return, its reservation, rejection and release, after the policy")
                .isGreaterThanOrEqualTo(5.0);
        for (String readModel : List.of("returns", "stock-levels", "ledger", "analytics", "notifications",
                "policy-versions")) {
            String tag = "processor=\"" + readModel + "\"";
            assertThat(value(metrics, "returns_processor_position", tag)).as(readModel).isEqualTo(head);
            assertThat(value(metrics, "returns_processor_lag", tag)).as(readModel).isZero();
            assertThat(value(metrics, "returns_processor_dead_letters", tag)).as(readModel).isZero();
            assertThat(value(metrics, "returns_processor_error", tag)).as(readModel).isZero();
        }
        assertThat(value(metrics, "returns_processor_position", "processor=\"reservation-keeper\"")).isEqualTo(head);
        assertThat(value(metrics, "axon_command_bus_success_messages_total", "payload_type=\"SubmitReturnCommand\""))
                .as("Axon's own meters, in snake_case").isEqualTo(1.0);
        assertThat(metrics.lines().filter(line -> line.startsWith("axon_event_processor_capacity{")
                && line.contains("processor_name=\"returns\""))).as("Axon's capacity meters (over a bounded window)")
                .isNotEmpty();
        assertThat(metrics).as("Axon's meters are described")
                .contains("# HELP axon_command_bus_success_messages_total Axon command bus: messages handled successfully");
        // the JVM's meters renamed for Prometheus keep their values, in seconds
        assertThat(value(metrics, "process_cpu_time_seconds_total", "")).isPositive();
        assertThat(metrics.lines().filter(line -> line.startsWith("jvm_compilation_time_seconds_total{"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum())
                .isPositive();
        assertThat(value(metrics, "system_cpus_available", ""))
                .isEqualTo(Runtime.getRuntime().availableProcessors());

        JsonNode refusalLine = output.getOut().lines().filter(line -> line.startsWith("{")
                        && line.contains("ApproveReturnCommand refused"))
                .map(ObservabilityHttpTest::json).findFirst()
                .orElseThrow(() -> new AssertionError("no JSON log line of the refusal in\n" + output.getOut()));
        System.out.println("LOG LINE " + refusalLine);
        assertThat(refusalLine.get("correlationId").asText()).isEqualTo("obs-refusal-42");
        assertThat(refusalLine.at("/log/level").asText()).isEqualTo("INFO");
        assertThat(refusalLine.at("/log/logger").asText()).endsWith("CommandMetricsInterceptor");
    }

    /**
     * {@code promtool check metrics} (Debian package {@code prometheus}, which {@code .ci/run} installs) lints the
     * whole scrape: this project's meters, Spring's, the JVM's, Tomcat's and Axon's (renamed and described by
     * {@code PrometheusNaming}). It must find nothing at all.
     */
    private static void assertPromtoolFindsNothing(String metrics) throws Exception {
        Path promtool = Path.of(System.getProperty("promtool", "/usr/bin/promtool"));
        assertThat(promtool).as("promtool is required at %s; install it with "
                + "'apt-get install -y --no-install-recommends prometheus'", promtool).isExecutable();
        Process process = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true)
                .start();
        try (var input = process.getOutputStream()) {
            input.write(metrics.getBytes(StandardCharsets.UTF_8));
        }
        String report = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).as("promtool ended").isTrue();
        System.out.println("PROMTOOL CHECK METRICS (exit " + process.exitValue() + ")\n" + report);
        assertThat(report).as("promtool's findings on the scrape").isBlank();
        assertThat(process.exitValue()).as("promtool's exit status").isZero();
    }

    private ServiceHttp.Response scrape(String user) {
        return http.get("/actuator/prometheus", user, "text/plain");
    }

    /**
     * The value of one sample; the labels given must be all of its labels, in Prometheus' (sorted) order (none for a
     * sample without labels).
     */
    private static double value(String metrics, String name, String labels) {
        String series = labels.isEmpty() ? name : name + "{" + labels + "}";
        Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$")
                .matcher(metrics);
        if (!matcher.find()) {
            throw new AssertionError("no sample " + name + "{" + labels + "} in\n" + String.join("\n",
                    metrics.lines().filter(line -> line.startsWith(name)).toList()));
        }
        return Double.parseDouble(matcher.group(1));
    }

    private static JsonNode json(String line) {
        try {
            return JSON.readTree(line);
        } catch (Exception e) {
            throw new AssertionError(line, e);
        }
    }
}

package com.jxc.returns.app.notification;

import com.jxc.returns.app.testing.LifecycleDriver;
import com.jxc.returns.app.testing.Orders;
import com.jxc.returns.app.testing.ServiceChecks;
import com.jxc.returns.app.testing.ServiceHttp;
import com.jxc.returns.app.testing.ServiceOverHttp;
import com.jxc.returns.app.testing.ServiceTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.jxc.returns.app.ReturnsApplication;
import com.jxc.returns.query.admin.ReadModelAdministration;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Customer notifications reach a real HTTP webhook: signed, with a stable delivery id, retried with back-off after
 * refusals, given up after the configured attempts, and never sent again by a rebuild of the outbox, nor by an
 * import of an export into another installation followed by a rebuild of every read model.
 */
@ServiceTest
class NotificationWebhookHttpTest extends ServiceOverHttp {

    private static final String SECRET = "webhook-test-secret";
    private static final Duration INITIAL_BACKOFF = Duration.ofMillis(300);
    private static final int MAX_ATTEMPTS = 4;
    private static final Duration PROCESSING = Duration.ofSeconds(90);
    private static final WebhookReceiver RECEIVER = WebhookReceiver.start(SECRET);

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("returns.notifications.webhook-url", RECEIVER::url);
        registry.add("returns.notifications.secret", () -> SECRET);
        registry.add("returns.notifications.poll-interval", () -> "100ms");
        registry.add("returns.notifications.initial-backoff", () -> INITIAL_BACKOFF.toMillis() + "ms");
        registry.add("returns.notifications.max-backoff", () -> "2s");
        registry.add("returns.notifications.max-attempts", () -> String.valueOf(MAX_ATTEMPTS));
    }

    @AfterAll
    static void stopReceiver() {
        RECEIVER.close();
    }

    @Autowired
    EventProcessingConfiguration processing;
    @Autowired
    ReadModelAdministration readModels;

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void aNotificationRefusedTwiceIsAcceptedOnceOnTheThirdAttemptUnderOneSignedDeliveryId() throws Exception {
        String returnId = submitReturn();
        String deliveryId = returnId + ":rejected";
        RECEIVER.refuseFirst(deliveryId, 2);

        reject(returnId);

        JsonNode notification = awaitNotification(returnId, "DELIVERED");
        assertThat(notification.get("notificationId").asText()).isEqualTo(deliveryId);
        assertThat(notification.get("topic").asText()).isEqualTo("REJECTED");
        assertThat(notification.get("attempts").asInt()).isEqualTo(3);
        assertThat(notification.get("lastError").asText()).isEqualTo("HTTP 500: try again");
        assertThat(notification.hasNonNull("deliveredAt")).isTrue();
        assertThat(notification.hasNonNull("nextAttemptAt")).isFalse();

        List<WebhookReceiver.Received> attempts = RECEIVER.receivedFor(deliveryId);
        assertThat(attempts).extracting(WebhookReceiver.Received::answered).containsExactly(500, 500, 200);
        assertThat(RECEIVER.acceptedFor(deliveryId)).isEqualTo(1);
        assertThat(attempts).allSatisfy(attempt -> {
            assertThat(attempt.verified()).as("signed by the Standard Webhooks scheme").isTrue();
            assertThat(attempt.legacyDeliveryId()).as("deprecated, still sent by default").isEqualTo(deliveryId);
            assertThat(attempt.legacySignature()).isEqualTo("sha256=" + hmacSha256Hex(SECRET, attempt.body()));
            assertThat(attempt.contentType()).isEqualTo("application/json");
            assertThat(attempt.text()).isEqualTo(attempts.get(0).text());
        });
        assertThat(Duration.between(attempts.get(0).at(), attempts.get(1).at())).isGreaterThanOrEqualTo(INITIAL_BACKOFF);
        assertThat(Duration.between(attempts.get(1).at(), attempts.get(2).at()))
                .isGreaterThanOrEqualTo(INITIAL_BACKOFF.multipliedBy(2));

        JsonNode body = json.readTree(attempts.get(0).body());
        assertThat(fieldNames(body)).containsExactly("deliveryId", "returnId", "topic", "recipient",
                "returnOrderNumber", "message", "requestedAt");
        assertThat(body.get("deliveryId").asText()).isEqualTo(deliveryId);
        assertThat(body.get("returnId").asText()).isEqualTo(returnId);
        assertThat(body.get("topic").asText()).isEqualTo("REJECTED");
        assertThat(body.at("/recipient/name").asText()).isEqualTo("张三");
        assertThat(body.at("/recipient/contact").asText()).isEqualTo("zhangsan@example.com");
        assertThat(body.get("returnOrderNumber").isNull()).isTrue();
        assertThat(body.get("message").asText()).isEqualTo("Your return request was rejected: not resalable");
        assertThat(body.get("requestedAt").asText()).isEqualTo(notification.get("requestedAt").asText());
    }

    @Test
    void aNotificationTheWebhookAlwaysRefusesEndsFailedWithTheLastError() {
        String returnId = submitReturn();
        String deliveryId = returnId + ":rejected";
        RECEIVER.refuseAlways(deliveryId);

        reject(returnId);

        JsonNode notification = awaitNotification(returnId, "FAILED");
        assertThat(notification.get("attempts").asInt()).isEqualTo(MAX_ATTEMPTS);
        assertThat(notification.get("lastError").asText()).isEqualTo("HTTP 503: down for maintenance");
        assertThat(notification.hasNonNull("deliveredAt")).isFalse();
        assertThat(notification.hasNonNull("nextAttemptAt")).isFalse();
        assertThat(RECEIVER.receivedFor(deliveryId)).hasSize(MAX_ATTEMPTS);
        assertThat(RECEIVER.acceptedFor(deliveryId)).isZero();

        JsonNode failed = page("/api/notifications?status=FAILED&size=200", "auditor");
        assertThat(failed.get("items").findValuesAsText("notificationId")).contains(deliveryId);
        assertThat(failed.get("items").findValuesAsText("status")).containsOnly("FAILED");
        JsonNode metric = page("/actuator/metrics/returns.notifications.delivery?tag=outcome:failed", "admin");
        assertThat(metric.at("/measurements/0/statistic").asText()).isEqualTo("COUNT");
        assertThat(metric.at("/measurements/0/value").asDouble()).isGreaterThanOrEqualTo(1.0);
    }

    @Test
    void aRebuildOfTheOutboxDoesNotSendADeliveredNotificationAgain() {
        String returnId = submitReturn();
        String deliveryId = returnId + ":rejected";
        reject(returnId);
        awaitNotification(returnId, "DELIVERED");
        assertThat(RECEIVER.acceptedFor(deliveryId)).isEqualTo(1);

        StreamingEventProcessor processor = processing
                .eventProcessor("notifications", StreamingEventProcessor.class).orElseThrow();
        await().atMost(PROCESSING).until(() -> !processor.processingStatus().isEmpty());
        processor.shutDown();
        processor.resetTokens();
        processor.start();
        // rebuilt once it has read every stored event again; Axon's own replay flag stays set until an event past
        // the reset point arrives, and none does here (see ProcessorReplayTest), so it is not the signal
        await().atMost(PROCESSING).until(() -> {
            ReadModelAdministration.Status status = readModels.status("notifications");
            return status.running() && status.claimedSegments() > 0 && !status.replaying()
                    && status.position() >= status.head();
        });

        JsonNode rebuilt = awaitNotification(returnId, "DELIVERED");
        assertThat(rebuilt.get("attempts").asInt()).isEqualTo(1);
        // a notification requested after the rebuild is delivered: the poller ran over the rebuilt outbox
        String later = submitReturn();
        reject(later);
        awaitNotification(later, "DELIVERED");
        assertThat(RECEIVER.receivedFor(deliveryId)).hasSize(1);
    }

    @Test
    void exportImportAndARebuildOfEveryReadModelDeliverEachNotificationExactlyOnce(@TempDir Path restoredDir) {
        String rejected = submitReturn();
        reject(rejected);
        String cancelled = submitReturn();
        RECEIVER.refuseFirst(cancelled + ":cancelled", 1);
        var approval = lifecycle.approve(cancelled);
        assertThat(approval.status()).as(approval.toString()).isBetween(200, 299);
        var cancellation = lifecycle.cancel(cancelled, "changed my mind");
        assertThat(cancellation.status()).as(cancellation.toString()).isBetween(200, 299);
        List<String> deliveryIds = List.of(rejected + ":rejected", cancelled + ":approved",
                cancelled + ":return_order_issued", cancelled + ":cancelled");
        awaitNotification(rejected, "DELIVERED");
        await().atMost(PROCESSING).until(() -> page("/api/notifications?returnId=" + cancelled, "cs").get("items")
                .findValuesAsText("status").equals(List.of("DELIVERED", "DELIVERED", "DELIVERED")));
        // every delivery is in the stream before the export is taken
        await().atMost(PROCESSING).until(() -> deliveredEventsIn(export(http), deliveryIds) == 4);
        String exported = export(http);

        try (ConfigurableApplicationContext restored = new SpringApplicationBuilder(ReturnsApplication.class).run(
                "--server.port=0", "--returns.data-dir=" + restoredDir, "--returns.mongodb.embedded-port=0",
                "--returns.notifications.webhook-url=" + RECEIVER.url(), "--returns.notifications.secret=" + SECRET,
                "--returns.notifications.poll-interval=100ms")) {
            var other = ServiceHttp.onPort(((WebServerApplicationContext) restored).getWebServer().getPort());
            var imported = other.post("/api/admin/import", "admin", exported);
            assertThat(imported.status()).as(imported.toString()).isEqualTo(200);
            ServiceChecks.awaitCaughtUp(other);
            other.get("/api/admin/read-models", "admin").json().findValuesAsText("name").forEach(name -> {
                var rebuild = other.post("/api/admin/read-models/" + name + "/rebuild", "admin", "");
                assertThat(rebuild.status()).as(name + " " + rebuild).isBetween(200, 299);
            });
            ServiceChecks.awaitCaughtUp(other);

            // a notification requested after the restore is delivered: the poller has run over everything older
            var otherLifecycle = new LifecycleDriver(other);
            String later = submitReturn(otherLifecycle);
            var rejectLater = otherLifecycle.reject(later, "worn");
            assertThat(rejectLater.status()).as(rejectLater.toString()).isBetween(200, 299);
            await().atMost(PROCESSING).until(() -> RECEIVER.acceptedFor(later + ":rejected") == 1);

            for (String deliveryId : deliveryIds) {
                assertThat(RECEIVER.acceptedFor(deliveryId)).as(deliveryId).isEqualTo(1);
                assertThat(RECEIVER.receivedFor(deliveryId).size()).as(deliveryId)
                        .isEqualTo(deliveryId.endsWith(":cancelled") ? 2 : 1);
            }
            for (String returnId : List.of(rejected, cancelled, later)) {
                assertThat(other.get("/api/notifications?returnId=" + returnId, "auditor").json().get("items")
                        .findValuesAsText("status")).as(returnId).isNotEmpty().containsOnly("DELIVERED");
            }
            var withLater = new java.util.ArrayList<>(deliveryIds);
            withLater.add(later + ":rejected");
            assertThat(deliveredEventsIn(export(other), withLater)).isEqualTo(5);
        }
        for (String deliveryId : deliveryIds) {
            assertThat(RECEIVER.acceptedFor(deliveryId)).as(deliveryId).isEqualTo(1);
        }
    }

    private static String export(ServiceHttp http) {
        var exported = http.get("/api/admin/export", "admin");
        assertThat(exported.status()).isEqualTo(200);
        return exported.body();
    }

    private static long deliveredEventsIn(String export, List<String> deliveryIds) {
        return export.lines().filter(line -> line.contains("\"type\":\"CustomerNotificationDelivered\""))
                .filter(line -> deliveryIds.stream().anyMatch(id -> line.contains("\"" + id + "\"")))
                .count();
    }

    @Test
    void aReturnWhoseGoodsWereAllRefusedTellsTheCustomerNothingIsRefunded() throws Exception {
        String returnId = submitReturn();
        for (var step : List.<Map.Entry<String, Supplier<ServiceHttp.Response>>>of(
                Map.entry("approve", () -> lifecycle.approve(returnId)),
                Map.entry("receive", () -> lifecycle.receive(returnId, LifecycleDriver.lines(1, 1))),
                Map.entry("inspect", () -> lifecycle.inspect(returnId, LifecycleDriver.inspected(1, 0, 0, 0, 0, 1))),
                Map.entry("settle", () -> lifecycle.settle(returnId, LifecycleDriver.method("REFUND"))))) {
            var response = step.getValue().get();
            assertThat(response.status()).as(step.getKey() + " " + response).isBetween(200, 299);
        }
        String deliveryId = returnId + ":settled";
        await().atMost(PROCESSING).until(() -> RECEIVER.acceptedFor(deliveryId) == 1);

        String message = json.readTree(RECEIVER.receivedFor(deliveryId).get(0).body()).get("message").asText();
        assertThat(message).isEqualTo("None of the returned goods were accepted at inspection: 1 unit was refused and"
                + " will be sent back to you. Nothing is refunded.");
        assertThat(message).doesNotContain("refund of");
    }

    @Test
    void theOutboxIsShownToCustomerServiceAuditorsAndAdminsAndRefusesBadFilters() {

        assertThat(http.get("/api/notifications", "cs").status()).isEqualTo(200);
        assertThat(http.get("/api/notifications", "admin").json().get("deliveryEnabled").asBoolean()).isTrue();
        assertThat(http.get("/api/notifications", "warehouse").status()).isEqualTo(403);
        var badStatus = http.get("/api/notifications?status=LOST", "auditor");
        assertThat(badStatus.status()).isEqualTo(400);
        assertThat(badStatus.isProblem()).isTrue();
        assertThat(http.get("/api/notifications?size=0", "auditor").status()).isEqualTo(400);
        assertThat(http.get("/api/notifications?returnId=" + "x".repeat(65), "auditor").status()).isEqualTo(400);
    }

    private JsonNode awaitNotification(String returnId, String status) {
        return await().atMost(PROCESSING).until(() -> {
            JsonNode items = page("/api/notifications?returnId=" + returnId, "cs").get("items");
            return items.size() == 1 ? items.get(0) : null;
        }, notification -> notification != null && status.equals(notification.get("status").asText()));
    }

    private JsonNode page(String path, String user) {
        var response = http.get(path, user);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    /** A return that waits for review: no notification yet. */
    private String submitReturn() {
        return submitReturn(lifecycle);
    }

    private static String submitReturn(LifecycleDriver lifecycle) {
        String orderId = "SO-" + UUID.randomUUID().toString().substring(0, 8);
        return lifecycle.orderAndSubmit(Orders.salesOrder(orderId).shippedDaysAgo(3)
                        .line("SKU-LAMP", "general", 1, "800.00", "500.00"),
                Orders.returnOf(orderId).line(1, 1, "DEFECTIVE").reason("OTHER").reasonText("test"));
    }

    private void reject(String returnId) {
        var rejected = lifecycle.reject(returnId, "not resalable");
        assertThat(rejected.status()).as(rejected.toString()).isBetween(200, 299);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String hmacSha256Hex(String secret, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body));
    }
}

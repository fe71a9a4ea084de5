package com.jxc.returns.app.lifecycle;

import com.jxc.returns.app.testing.ServiceTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.jxc.returns.platform.serialization.SerializationConfiguration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import com.jxc.returns.app.testing.TestClock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Five returns through five paths of the lifecycle, driven over HTTP, each checked against its stored events. */
@ServiceTest(properties = {
        "db-scheduler.polling-interval=1s"})
@Import(TestClock.Config.class)
class ReturnLifecycleHttpTest {

    @LocalServerPort
    int port;
    @Autowired
    EventStore eventStore;
    @Autowired
    TestClock clock;

    private final ObjectMapper json = SerializationConfiguration.messageMapper();

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void autoApprovedReturnIsRefundedInFullWithoutFee() throws Exception {
        String order = recordOrder(TestClock.now().minus(Duration.ofDays(5)), "SKU-KETTLE", 2, "249.00");
        String id = submit(order, 1, 2, "QUALITY_DEFECT", "REFUND");

        post("warehouse", "/api/returns/" + id + "/receive", "{\"lines\":[{\"lineNo\":1,\"quantity\":2}]}");
        post("warehouse", "/api/returns/" + id + "/inspect", """
                {"lines":[{"lineNo":1,"restocked":1,"scrapped":1,"repair":0,"returnedToVendor":0,"refused":0}]}""");
        post("finance", "/api/returns/" + id + "/settle", "{\"method\":\"REFUND\"}");

        assertThat(eventTypes(id)).containsExactly("ReturnRequested", "ReturnApproved",
                "CustomerNotificationRequested", "ReturnOrderIssued", "CustomerNotificationRequested",
                "ReturnReceived", "CustomerNotificationRequested", "ReturnInspected", "ReturnSettled",
                "CustomerNotificationRequested");
        JsonNode approved = payload(id, "ReturnApproved");
        assertThat(approved.get("automatic").asBoolean()).isTrue();
        assertThat(approved.get("policyVersion").asInt()).isEqualTo(1);
        MetaData requested = actor(id, "ReturnRequested");
        assertThat(requested).containsEntry("userId", "cs").containsEntry("userRole", "CUSTOMER_SERVICE");
        for (String decidedBySystem : List.of("ReturnApproved", "ReturnOrderIssued")) {
            assertThat(actor(id, decidedBySystem)).as(decidedBySystem)
                    .containsEntry("userId", "system:auto-approval").containsEntry("userRole", "SYSTEM")
                    .containsEntry("causationId", requested.get("causationId"))
                    .containsEntry("correlationId", requested.get("correlationId"));
        }
        assertThat(payload(id, "ReturnOrderIssued").get("returnOrderNumber").asText()).matches("RT-\\d{4}-\\d{6}");
        JsonNode settled = payload(id, "ReturnSettled");
        assertThat(settled.at("/goodsValue/amount").decimalValue()).isEqualByComparingTo("498.00");
        assertThat(settled.at("/restockingFee/amount").decimalValue()).isEqualByComparingTo("0.00");
        assertThat(settled.at("/refunded/amount").decimalValue()).isEqualByComparingTo("498.00");
        assertThat(settled.get("feeWaived").asBoolean()).isTrue();
    }

    @Test
    void partlyApprovedReturnIsExchangedAndTheRestGoesBackToTheOrder() throws Exception {
        String order = recordOrder(TestClock.now().minus(Duration.ofDays(3)), "SKU-SHOE", 3, "300.00");
        String id = submit(order, 1, 3, "DISSATISFIED", "EXCHANGE");
        assertThat(payload(id, "ReturnRequested").at("/assessment/autoApproved").asBoolean()).isFalse();

        post("reviewer", "/api/returns/" + id + "/approve", "{\"lines\":[{\"lineNo\":1,\"quantity\":2}]}");
        post("warehouse", "/api/returns/" + id + "/receive", "{\"lines\":[{\"lineNo\":1,\"quantity\":2}]}");
        post("warehouse", "/api/returns/" + id + "/inspect", """
                {"lines":[{"lineNo":1,"restocked":2,"scrapped":0,"repair":0,"returnedToVendor":0,"refused":0}]}""");
        post("finance", "/api/returns/" + id + "/settle", "{\"method\":\"EXCHANGE\"}");

        JsonNode approved = payload(id, "ReturnApproved");
        assertThat(approved.get("automatic").asBoolean()).isFalse();
        assertThat(approved.get("approvedBy").asText()).isEqualTo("reviewer");
        assertThat(approved.at("/lines/0/quantity").asInt()).isEqualTo(2);
        JsonNode settled = payload(id, "ReturnSettled");
        assertThat(settled.get("method").asText()).isEqualTo("EXCHANGE");
        assertThat(settled.at("/goodsValue/amount").decimalValue()).isEqualByComparingTo("600.00");
        assertThat(settled.at("/restockingFee/amount").decimalValue()).isEqualByComparingTo("90.00");
        assertThat(settled.at("/exchange/quantity").asInt()).isEqualTo(2);
        assertThat(settled.at("/dueFromCustomer/amount").decimalValue()).isEqualByComparingTo("90.00");
        awaitReleased(order, 1);
    }

    @Test
    void rejectedReturnTellsTheCustomerWhyAndFreesItsUnits() throws Exception {
        String order = recordOrder(TestClock.now().minus(Duration.ofDays(3)), "SKU-LAMP", 1, "800.00");
        String id = submit(order, 1, 1, "OTHER", "REFUND");

        post("reviewer", "/api/returns/" + id + "/reject", "{\"reason\":\"used beyond normal testing\"}");

        assertThat(eventTypes(id)).containsExactly("ReturnRequested", "ReturnRejected",
                "CustomerNotificationRequested");
        assertThat(payload(id, "ReturnRejected").get("reason").asText()).isEqualTo("used beyond normal testing");
        assertThat(payload(id, "CustomerNotificationRequested").get("topic").asText()).isEqualTo("REJECTED");
        awaitReleased(order, 1);
        submit(order, 1, 1, "OTHER", "REFUND");
    }

    @Test
    void cancelledReturnFreesItsUnitsAndCannotBeReceived() throws Exception {
        String order = recordOrder(TestClock.now().minus(Duration.ofDays(3)), "SKU-MUG", 4, "45.00");
        String id = submit(order, 1, 2, "WRONG_ITEM", "STORE_CREDIT");

        post("cs", "/api/returns/" + id + "/cancel", "{\"reason\":\"customer changed their mind\"}");
        var refused = postExpectingFailure("warehouse", "/api/returns/" + id + "/receive",
                "{\"lines\":[{\"lineNo\":1,\"quantity\":2}]}");

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.body().get("rule").asText()).isEqualTo("return-not-awaiting-goods");
        assertThat(eventTypes(id)).endsWith("ReturnCancelled", "CustomerNotificationRequested");
        awaitReleased(order, 2);
    }

    @Test
    void approvedReturnWhoseGoodsNeverArriveExpiresAtItsDeadline() throws Exception {
        clock.shift(Duration.ofDays(-30));
        String order = recordOrder(TestClock.now().minus(Duration.ofDays(40)), "SKU-DRILL", 1, "350.00");
        String id = submit(order, 1, 1, "QUALITY_DEFECT", "REFUND");
        clock.reset();

        await().atMost(Duration.ofSeconds(30)).until(() -> eventTypes(id).contains("ReturnExpired"));

        assertThat(eventTypes(id)).endsWith("ReturnExpired", "CustomerNotificationRequested");
        assertThat(actor(id, "ReturnExpired")).containsEntry("userId", "system:receipt-deadline")
                .containsEntry("userRole", "SYSTEM");
        assertThat(payload(id, "ReturnExpired").get("receiptDeadline").asText())
                .isEqualTo(payload(id, "ReturnOrderIssued").get("receiptDeadline").asText());
        awaitReleased(order, 1);
    }

    private void awaitReleased(String order, int units) {
        await().atMost(Duration.ofSeconds(20)).until(() -> eventStore.readEvents(order).asStream()
                .filter(event -> event.getPayloadType().getSimpleName().equals("ReturnQuantityReleased"))
                .mapToInt(event -> json.valueToTree(event.getPayload()).at("/lines/0/quantity").asInt())
                .sum() == units);
    }

    private String recordOrder(Instant shippedAt, String sku, int quantity, String unitPrice) {
        String orderId = "SO-" + UUID.randomUUID().toString().substring(0, 8);
        post("integration", "/api/sales-orders", """
                {"orderId":"%s","customer":{"id":"C-1","name":"张三","contact":"zhangsan@example.com"},
                 "warehouse":"WH-SH","shippedAt":"%s","currency":"CNY",
                 "lines":[{"lineNo":1,"sku":"%s","category":"general","quantity":%d,"unitPrice":%s,"unitCost":10.00}]}
                """.formatted(orderId, shippedAt, sku, quantity, unitPrice));
        return orderId;
    }

    private String submit(String orderId, int lineNo, int quantity, String reason, String resolution)
            throws Exception {
        String body = post("cs", "/api/returns", """
                {"orderId":"%s","lines":[{"lineNo":%d,"quantity":%d,"condition":"DEFECTIVE"}],
                 "reason":"%s","reasonText":"test","channel":"HOTLINE","wantedResolution":"%s"}
                """.formatted(orderId, lineNo, quantity, reason, resolution));
        return json.readTree(body).get("returnId").asText();
    }

    private List<String> eventTypes(String aggregateId) {
        return eventStore.readEvents(aggregateId).asStream()
                .map(event -> event.getPayloadType().getSimpleName()).toList();
    }

    private MetaData actor(String aggregateId, String type) {
        return event(aggregateId, type).getMetaData();
    }

    private DomainEventMessage<?> event(String aggregateId, String type) {
        return eventStore.readEvents(aggregateId).asStream()
                .filter(e -> e.getPayloadType().getSimpleName().equals(type))
                .findFirst().orElseThrow(() -> new AssertionError("no " + type + " for " + aggregateId));
    }

    private JsonNode payload(String aggregateId, String type) {
        return json.valueToTree(event(aggregateId, type).getPayload());
    }

    private String post(String user, String path, String body) {
        return client(user).post().uri(path).contentType(MediaType.APPLICATION_JSON).body(body)
                .retrieve().body(String.class);
    }

    private Failure postExpectingFailure(String user, String path, String body) {
        return client(user).post().uri(path).contentType(MediaType.APPLICATION_JSON).body(body)
                .exchange((request, response) -> {
                    HttpStatusCode status = response.getStatusCode();
                    assertThat(status.isError()).as("expected a refusal").isTrue();
                    assertThat(response.getHeaders().getContentType().toString())
                            .startsWith("application/problem+json");
                    return new Failure(status.value(), json.readTree(response.getBody()));
                });
    }

    private RestClient client(String user) {
        return RestClient.builder().baseUrl("http://localhost:" + port)
                .defaultHeaders(headers -> headers.setBasicAuth(user, user)).build();
    }

    private record Failure(int status, JsonNode body) {
    }
}

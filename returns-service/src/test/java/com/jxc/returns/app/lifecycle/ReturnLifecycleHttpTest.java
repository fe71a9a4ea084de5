package com.jxc.returns.app.lifecycle;

import com.jxc.returns.app.testing.LifecycleDriver;
import com.jxc.returns.app.testing.Orders;
import com.jxc.returns.app.testing.ServiceHttp;
import com.jxc.returns.app.testing.ServiceOverHttp;
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
import com.jxc.returns.app.testing.TestClock;
import org.springframework.context.annotation.Import;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static com.jxc.returns.app.testing.LifecycleDriver.inspected;
import static com.jxc.returns.app.testing.LifecycleDriver.lines;
import static com.jxc.returns.app.testing.LifecycleDriver.method;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Five returns through five paths of the lifecycle, driven over HTTP, each checked against its stored events. */
@ServiceTest(properties = {
        "returns.deadlines.polling-interval=1s"})
@Import(TestClock.Config.class)
class ReturnLifecycleHttpTest extends ServiceOverHttp {

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

        done(lifecycle.receive(id, lines(1, 2)));
        done(lifecycle.inspect(id, inspected(1, 1, 1, 0, 0, 0)));
        done(lifecycle.settle(id, method("REFUND")));

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

        done(lifecycle.approve(id, lines(1, 2)));
        done(lifecycle.receive(id, lines(1, 2)));
        done(lifecycle.inspect(id, inspected(1, 2, 0, 0, 0, 0)));
        done(lifecycle.settle(id, method("EXCHANGE")));

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

        done(lifecycle.reject(id, "used beyond normal testing"));

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

        done(lifecycle.cancel(id, "customer changed their mind"));
        var refused = lifecycle.receive(id, lines(1, 2));

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.json().get("rule").asText()).isEqualTo("return-not-awaiting-goods");
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
        done(lifecycle.recordOrder(Orders.salesOrder(orderId).shippedAt(shippedAt)
                .line(sku, "general", quantity, unitPrice, "10.00")));
        return orderId;
    }

    private String submit(String orderId, int lineNo, int quantity, String reason, String resolution) {
        return done(lifecycle.submit(Orders.returnOf(orderId).line(lineNo, quantity, "DEFECTIVE").reason(reason)
                .reasonText("test").wants(resolution))).json().get("returnId").asText();
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

    /** A step that must have succeeded (as a client that throws on any error status sees it). */
    private static ServiceHttp.Response done(ServiceHttp.Response response) {
        return response.ok("step");
    }
}

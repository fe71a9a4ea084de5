package com.jxc.returns.app.audit;

import com.jxc.returns.app.testing.LifecycleDriver;
import com.jxc.returns.app.testing.Orders;
import com.jxc.returns.app.testing.ServiceHttp;
import com.jxc.returns.app.testing.ServiceOverHttp;
import com.jxc.returns.app.testing.ServiceTest;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static com.jxc.returns.app.testing.LifecycleDriver.inspected;
import static com.jxc.returns.app.testing.LifecycleDriver.lines;
import static com.jxc.returns.app.testing.LifecycleDriver.method;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An auditor reads a return's history from the event store and asks how the return stood at past instants; the
 * answers must equal what the live API said at those instants.
 */
@ServiceTest
class ReturnHistoryAndAsOfHttpTest extends ServiceOverHttp {

    private static final Duration READ_MODEL_LAG = Duration.ofSeconds(30);


    @Test
    void auditorSeesTheReturnAsItStoodAtEveryPastInstantAndItsFullHistory() throws Exception {
        String order = "SO-ASOF-1";
        assertThat(lifecycle.recordOrder(Orders.salesOrder(order).customer("C-7", "李四", "lisi@example.com")
                .shippedDaysAgo(3).line("SKU-SHOE", "shoes", 3, "300.00", "120.00")).status()).isEqualTo(201);

        Map<Instant, String> liveAt = new LinkedHashMap<>();
        Instant beforeItExisted = Instant.now();
        var submitted = lifecycle.submit(Orders.returnOf(order).line(1, 2, "OPENED").reasonText("too small"),
                Map.of("X-Correlation-Id", "corr-asof-1"));
        assertThat(submitted.status()).as(submitted.toString()).isEqualTo(201);
        String id = submitted.json().get("returnId").asText();
        record(http, id, liveAt, view -> view.get("state").asText().equals("REQUESTED"));

        assertThat(lifecycle.approve(id, lines(1, 1).put("comment", "one pair only")).status()).isEqualTo(200);
        record(http, id, liveAt, view -> view.has("returnOrder"));
        // the reservation keeper gives the pair not approved back on its own thread; receive after it did, so that
        // the history's order below is the one asserted, however busy the machine
        await().atMost(READ_MODEL_LAG).until(() -> http.get("/api/returns/" + id + "/history", "auditor").json()
                .get("events").findValuesAsText("type").contains("ReturnQuantityReleased"));

        assertThat(lifecycle.receive(id, lines(1, 1)).status()).isEqualTo(200);
        assertThat(lifecycle.inspect(id, inspected(1, 1, 0, 0, 0, 0)).status()).isEqualTo(200);
        record(http, id, liveAt, view -> view.get("state").asText().equals("INSPECTED"));

        assertThat(lifecycle.settle(id, method("REFUND")).status()).isEqualTo(200);
        record(http, id, liveAt, view -> view.get("state").asText().equals("SETTLED"));

        var before = http.get("/api/returns/" + id + "?asOf=" + beforeItExisted, "auditor");
        assertThat(before.status()).isEqualTo(404);
        assertThat(before.isProblem()).isTrue();
        assertThat(liveAt).hasSize(4);
        List<String> states = new ArrayList<>();
        liveAt.forEach((instant, live) -> {
            var asOf = http.get("/api/returns/" + id + "?asOf=" + instant, "auditor");
            assertThat(asOf.status()).as(asOf.toString()).isEqualTo(200);
            // nothing ignored: the whole document, version and updatedAt included, plus the tamper check of its events
            var view = (com.fasterxml.jackson.databind.node.ObjectNode) asOf.json();
            assertThat(view.remove("integrity")).as("as of " + instant)
                    .isEqualTo(new ServiceHttp.Response(200, null, "{\"verified\":true}").json());
            // ... except what the caller may do now, which belongs to the live answer only
            var liveView = (com.fasterxml.jackson.databind.node.ObjectNode) new ServiceHttp.Response(200, null, live).json();
            assertThat(liveView.remove("allowedActions")).as("the live answer names the caller's actions").isNotNull();
            assertThat(view).as("as of " + instant).isEqualTo(liveView);
            assertThat(asOf.headers().getETag()).isEqualTo("\"" + asOf.json().get("version").asLong() + "\"");
            states.add(asOf.json().get("state").asText());
        });
        assertThat(states).containsExactly("REQUESTED", "APPROVED", "INSPECTED", "SETTLED");
        var settledAsOf = http.get("/api/returns/" + id + "?asOf=" + Instant.now(), "auditor").json();
        assertThat(settledAsOf.at("/settlement/restockingFee").decimalValue()).isEqualByComparingTo("45.00");
        assertThat(settledAsOf.at("/settlement/refunded").decimalValue()).isEqualByComparingTo("255.00");
        assertThat(settledAsOf.at("/approval/approvedBy").asText()).isEqualTo("reviewer");
        assertThat(http.get("/api/returns/" + id + "?asOf=yesterday", "auditor").status()).isEqualTo(400);

        var history = http.get("/api/returns/" + id + "/history", "auditor");
        assertThat(history.status()).as(history.toString()).isEqualTo(200);
        JsonNode events = history.json().get("events");
        List<String> types = new ArrayList<>();
        long lastPosition = -1;
        for (JsonNode event : events) {
            types.add(event.get("type").asText());
            assertThat(event.get("position").asLong()).isGreaterThan(lastPosition);
            lastPosition = event.get("position").asLong();
            assertThat(event.get("revision").asText()).isEqualTo("1");
            assertThat(event.get("correlationId").asText()).isNotBlank();
            assertThat(event.get("causationId").asText()).isNotBlank();
            assertThat(event.get("payload").isObject()).isTrue();
        }
        assertThat(types).containsExactly("ReturnQuantityReserved", "ReturnRequested", "ReturnApproved",
                "CustomerNotificationRequested", "ReturnOrderIssued", "CustomerNotificationRequested",
                "ReturnQuantityReleased", "ReturnReceived", "CustomerNotificationRequested", "ReturnInspected",
                "ReturnSettled", "CustomerNotificationRequested");
        JsonNode requested = find(events, "ReturnRequested");
        assertThat(requested.get("userId").asText()).isEqualTo("cs");
        assertThat(requested.get("userRole").asText()).isEqualTo("CUSTOMER_SERVICE");
        assertThat(requested.get("correlationId").asText()).isEqualTo("corr-asof-1");
        assertThat(requested.get("policyVersion").asInt()).isEqualTo(1);
        assertThat(requested.at("/payload/customer/name").asText()).isEqualTo("李四");
        JsonNode approved = find(events, "ReturnApproved");
        assertThat(approved.get("userId").asText()).isEqualTo("reviewer");
        assertThat(approved.get("userRole").asText()).isEqualTo("REVIEWER");
        assertThat(approved.get("policyVersion").asInt()).isEqualTo(1);
        assertThat(approved.at("/payload/comment").asText()).isEqualTo("one pair only");
        JsonNode released = find(events, "ReturnQuantityReleased");
        assertThat(released.get("aggregateId").asText()).isEqualTo(order);
        assertThat(released.at("/payload/cause").asText()).isEqualTo("partial-approval");
        assertThat(find(events, "ReturnSettled").get("userRole").asText()).isEqualTo("FINANCE");

        String csv = csv(id);
        List<String> lines = csv.lines().toList();
        assertThat(lines.get(0)).isEqualTo("position,type,revision,timestamp,aggregateId,sequenceNumber,userId,"
                + "userRole,correlationId,causationId,policyVersion,eventId,verified,payload");
        assertThat(lines).hasSize(events.size() + 1);
        assertThat(lines.get(2)).startsWith(requested.get("position").asText() + ",ReturnRequested,1,")
                .contains(",cs,CUSTOMER_SERVICE,corr-asof-1,");

        var unknown = http.get("/api/returns/R-NOPE/history", "auditor");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.isProblem()).isTrue();
        System.out.println("HISTORY EXAMPLE " + history.body());
        System.out.println("CSV EXAMPLE\n" + csv);
        System.out.println("ASOF EXAMPLE " + http.get("/api/returns/" + id + "?asOf="
                + liveAt.keySet().toArray()[1], "auditor").body());
    }

    /** Waits until the live detail shows the step, then keeps what it said and the instant it said it. */
    private static void record(ServiceHttp http, String id, Map<Instant, String> liveAt, Predicate<JsonNode> reached) {
        await().atMost(READ_MODEL_LAG).until(() -> {
            var live = http.get("/api/returns/" + id, "auditor");
            return live.status() == 200 && reached.test(live.json());
        });
        String body = http.get("/api/returns/" + id, "auditor").body();
        liveAt.put(Instant.now(), body);
    }

    private static JsonNode find(JsonNode events, String type) {
        for (JsonNode event : events) {
            if (event.get("type").asText().equals(type)) {
                return event;
            }
        }
        throw new AssertionError("no " + type);
    }

    private String csv(String id) {
        var response = http.get("/api/returns/" + id + "/history", "auditor", "text/csv");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("text/csv");
        return response.body();
    }
}

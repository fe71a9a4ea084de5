package com.jxc.returns.app.integrity;

import com.jxc.returns.app.testing.LifecycleDriver;
import com.jxc.returns.app.testing.Orders;
import com.jxc.returns.app.testing.ServiceHttp;
import com.jxc.returns.audit.integrity.EventHashing;
import com.jxc.returns.audit.integrity.EventHashInterceptor;
import com.jxc.returns.app.testing.ServiceOverHttp;
import com.jxc.returns.app.testing.ServiceTest;
import com.jxc.returns.app.testing.TestClock;
import com.fasterxml.jackson.databind.JsonNode;
import com.jxc.returns.api.common.CustomerId;
import com.jxc.returns.api.common.Money;
import com.jxc.returns.api.common.Quantity;
import com.jxc.returns.api.common.Sku;
import com.jxc.returns.api.common.UserId;
import com.jxc.returns.api.common.WarehouseId;
import com.jxc.returns.api.returnrequest.CancelReturnCommand;
import com.jxc.returns.api.returnrequest.Channel;
import com.jxc.returns.api.returnrequest.ReportedCondition;
import com.jxc.returns.api.returnrequest.RequestedLine;
import com.jxc.returns.api.returnrequest.Resolution;
import com.jxc.returns.api.returnrequest.ReturnReason;
import com.jxc.returns.api.returnrequest.ReturnRequestId;
import com.jxc.returns.api.returnrequest.SubmitReturnCommand;
import com.jxc.returns.api.salesorder.Customer;
import com.jxc.returns.api.salesorder.RecordSalesOrderCommand;
import com.jxc.returns.api.salesorder.SalesOrderId;
import com.jxc.returns.api.salesorder.SalesOrderLine;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Returns driven over HTTP, then the event store is tampered with directly in the database: an altered payload and a
 * deleted event must each be reported at the exact event, and putting the original back makes the chains whole again.
 */
@ServiceTest(properties = {
        "returns.integrity.seal-interval=200ms",
        "returns.integrity.gap-timeout=2s"})
class TamperEvidenceHttpTest extends ServiceOverHttp {

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    EventStore eventStore;
    @Autowired
    CommandGateway commands;
    @Autowired
    EventHashInterceptor interceptor;

    @Test
    void alteredPayloadIsReportedAtItsEventAndRestoringItHealsTheChain() {
        List<String> returns = settleReturns(3);
        JsonNode intact = awaitSealedAndVerify();
        assertThat(intact.get("verified").asBoolean()).as(intact.toString()).isTrue();
        assertThat(intact.get("problemsFound").asLong()).isZero();
        assertThat(intact.has("firstBrokenLink")).isFalse();
        assertThat(intact.get("eventsChecked").asLong()).isEqualTo(eventCount());
        assertThat(intact.get("aggregatesChecked").asLong()).isEqualTo(aggregateCount());

        String victim = returns.get(1);
        Map<String, Object> settled = jdbc.queryForMap("SELECT globalIndex, sequenceNumber, payload FROM "
                + "DomainEventEntry WHERE aggregateIdentifier = ? AND payloadType = 'ReturnSettled'", victim);
        long globalIndex = ((Number) settled.get("globalIndex")).longValue();
        byte[] original = (byte[]) settled.get("payload");
        String payload = new String(original, StandardCharsets.UTF_8);
        String forged = payload.replaceFirst("\"refunded\":\\{\"amount\":\"?4", "\"refunded\":{\"amount\":\"9");
        if (forged.equals(payload)) {
            forged = payload.replaceFirst("498", "998");
        }
        assertThat(forged).as(payload).isNotEqualTo(payload);
        jdbc.update("UPDATE DomainEventEntry SET payload = ? WHERE globalIndex = ?",
                forged.getBytes(StandardCharsets.UTF_8), globalIndex);

        JsonNode broken = verify("auditor");
        assertThat(broken.get("verified").asBoolean()).isFalse();
        assertThat(broken.get("problemsFound").asLong()).isEqualTo(1);
        JsonNode link = broken.get("firstBrokenLink");
        assertThat(link.get("kind").asText()).isEqualTo("EVENT_ALTERED");
        assertThat(link.get("globalIndex").asLong()).isEqualTo(globalIndex);
        assertThat(link.get("aggregateId").asText()).isEqualTo(victim);
        assertThat(link.get("sequenceNumber").asLong()).isEqualTo(((Number) settled.get("sequenceNumber")).longValue());
        System.out.println("GET /api/audit/verify (payload altered): " + broken.toPrettyString());

        jdbc.update("UPDATE DomainEventEntry SET payload = ? WHERE globalIndex = ?", original, globalIndex);
        assertThat(verify("admin").get("verified").asBoolean()).isTrue();
    }

    @Test
    void deletedEventIsReportedAsMissingWhereItStood() {
        String victim = settleReturns(2).get(0);
        awaitSealedAndVerify();
        Map<String, Object> row = jdbc.queryForMap("SELECT * FROM DomainEventEntry WHERE aggregateIdentifier = ? "
                + "AND sequenceNumber = 1", victim);
        long globalIndex = ((Number) row.get("globalIndex")).longValue();
        jdbc.update("DELETE FROM DomainEventEntry WHERE globalIndex = ?", globalIndex);

        JsonNode broken = verify("auditor");
        assertThat(broken.get("verified").asBoolean()).isFalse();
        JsonNode link = broken.get("firstBrokenLink");
        assertThat(link.get("kind").asText()).isEqualTo("EVENT_MISSING");
        assertThat(link.get("globalIndex").asLong()).isEqualTo(globalIndex);
        assertThat(link.get("aggregateId").asText()).isEqualTo(victim);
        assertThat(link.get("sequenceNumber").asLong()).isEqualTo(1);
        // seen twice: by the sealed global chain and by the gap in the aggregate's sequence numbers
        assertThat(broken.get("problemsFound").asLong()).isEqualTo(2);
        System.out.println("GET /api/audit/verify (event deleted): " + broken.toPrettyString());
        JsonNode history = http.get("/api/returns/" + victim + "/history", "auditor").json();
        assertThat(history.get("warning").asText()).as(history.toString())
                .contains("sequence number 1 at position " + globalIndex + ", no longer stored (EVENT_MISSING)");
        history.get("events").forEach(event -> assertThat(event.get("verified").asBoolean()).as(event.toString())
                .isEqualTo(!(event.get("aggregateId").asText().equals(victim)
                        && event.get("sequenceNumber").asLong() == 2)));

        var columns = new ArrayList<>(row.keySet());
        jdbc.update("INSERT INTO DomainEventEntry (" + String.join(", ", columns) + ") VALUES ("
                + String.join(", ", columns.stream().map(column -> "?").toList()) + ")",
                columns.stream().map(row::get).toArray());
        assertThat(verify("auditor").get("verified").asBoolean()).isTrue();
    }

    @Test
    void eventsOfOneAggregateInOneUnitOfWorkLinkToEachOther() {
        String returnId = settleReturns(1).get(0);
        List<? extends DomainEventMessage<?>> events = eventStore.readEvents(returnId).asStream().toList();

        assertThat(events).hasSizeGreaterThan(4);
        assertThat(events.get(0).getMetaData().get("previousHash")).isEqualTo(EventHashing.GENESIS);
        for (int i = 1; i < events.size(); i++) {
            assertThat(events.get(i).getMetaData().get("previousHash"))
                    .isEqualTo(events.get(i - 1).getMetaData().get("eventHash"));
        }
        // submitting an auto-approved return applies several events in one command
        assertThat(events.get(0).getMetaData().get("correlationId"))
                .isEqualTo(events.get(1).getMetaData().get("correlationId"));
    }

    @Test
    void anAnchorNotedEarlierMustStillBeOnTheChain() {
        settleReturns(1);
        JsonNode earlier = awaitSealedAndVerify();
        long index = earlier.get("sealedUpTo").asLong();
        String hash = earlier.get("sealedChainHash").asText();
        settleReturns(1);

        JsonNode anchored = http.get("/api/audit/verify?anchorIndex=" + index + "&anchorHash=" + hash, "auditor")
                .json();
        assertThat(anchored.get("verified").asBoolean()).as(anchored.toString()).isTrue();
        JsonNode wrong = http.get("/api/audit/verify?anchorIndex=" + index + "&anchorHash=" + "ab".repeat(32),
                "auditor").json();
        assertThat(wrong.at("/firstBrokenLink/kind").asText()).isEqualTo("ANCHOR_MISMATCH");
        assertThat(wrong.at("/firstBrokenLink/globalIndex").asLong()).isEqualTo(index);
    }

    @Test
    void onlyAuditorsAndAdminsMayVerifyAndAnAnchorNeedsBothParts() {
        assertThat(http.get("/api/audit/verify", "cs").status()).isEqualTo(403);
        assertThat(http.get("/api/audit/verify", "finance").status()).isEqualTo(403);
        var halfAnchor = http.get("/api/audit/verify?anchorIndex=3", "auditor");
        assertThat(halfAnchor.status()).isEqualTo(400);
        assertThat(halfAnchor.isProblem()).isTrue();
        assertThat(http.get("/api/audit/verify?anchorIndex=3&anchorHash=xyz", "auditor").status()).isEqualTo(400);
    }

    /**
     * Events stored without hashes (as before this feature) are counted as legacy, not as failures, and later events
     * of the same aggregates link to what is stored for them. Also prints what chaining costs per command.
     */
    @Test
    void eventsStoredBeforeChainingAreLegacyAndChainingCostIsMeasured() {
        int perRound = 25;
        int rounds = 24;
        var orders = new ArrayList<SalesOrderId>();
        for (int i = 0; i < (rounds + 2) * perRound; i++) {
            orders.add(recordOrder());
        }
        var submitted = new ArrayList<ReturnRequestId>();
        submitReturns(orders.subList(0, 2 * perRound), submitted, new ArrayList<>());
        // short alternating rounds, compared by median, so that load from elsewhere on the machine hits both alike
        var without = new ArrayList<Long>();
        var with = new ArrayList<Long>();
        for (int round = 0; round < rounds; round++) {
            boolean chained = round % 2 == 1;
            if (chained) {
                interceptor.attach();
            } else {
                interceptor.detach();
            }
            try {
                int from = (round + 2) * perRound;
                submitReturns(orders.subList(from, from + perRound), submitted, chained ? with : without);
            } finally {
                interceptor.attach();
            }
        }
        int eachWay = rounds / 2 * perRound;
        System.out.printf("Return submissions through the command gateway, %d each way: median %.2f ms without "
                        + "chaining, %.2f ms with (mean %.2f / %.2f ms)%n", eachWay, median(without), median(with),
                mean(without), mean(with));

        measureHashingAlone(submitted);

        // an aggregate begun without chaining goes on with it: its next event links to the legacy one
        ReturnRequestId legacyReturn = submitted.get(2 * perRound);  // the first submitted without chaining
        assertThat(eventStore.readEvents(legacyReturn.value()).asStream().findFirst().orElseThrow().getMetaData())
                .doesNotContainKey("eventHash");
        commands.sendAndWait(new CancelReturnCommand(legacyReturn, "changed mind",
                new UserId("cs"), TestClock.now()), MetaData.with("userId", "cs").and("userRole", "CUSTOMER_SERVICE"));

        JsonNode report = awaitSealedAndVerify();
        assertThat(report.get("verified").asBoolean()).as(report.toString()).isTrue();
        assertThat(report.get("legacyEvents").asLong()).isGreaterThanOrEqualTo(eachWay);
    }

    /** The interceptor's own work per event, on fresh messages (payloads serialised anew, as for live events). */
    private void measureHashingAlone(List<ReturnRequestId> returns) {
        var fresh = new ArrayList<EventMessage<?>>();
        for (ReturnRequestId returnId : returns) {
            eventStore.readEvents(returnId.value()).asStream().forEach(stored -> fresh.add(
                    new GenericDomainEventMessage<>(stored.getType(), stored.getAggregateIdentifier(),
                            stored.getSequenceNumber(), stored.getPayload(), stored.getMetaData()
                            .withoutKeys(Set.of("eventHash", "previousHash")), stored.getIdentifier(),
                            stored.getTimestamp())));
        }
        for (int warmUp = 0; warmUp < 3; warmUp++) {
            chainAll(fresh);
        }
        long start = System.nanoTime();
        int rounds = 5;
        for (int round = 0; round < rounds; round++) {
            chainAll(fresh);
        }
        double micros = (System.nanoTime() - start) / 1e3 / (rounds * fresh.size());
        System.out.printf("Chaining alone: %.1f µs per event (%d events of %d returns, payload serialisation, "
                + "metadata canonicalisation and SHA-256 included)%n", micros, fresh.size(), returns.size());
    }

    private void chainAll(List<EventMessage<?>> messages) {
        var chain = interceptor.handle(messages);
        for (int i = 0; i < messages.size(); i++) {
            assertThat(chain.apply(i, messages.get(i)).getMetaData()).containsKey("eventHash");
        }
    }

    private static double median(List<Long> nanos) {
        var sorted = nanos.stream().sorted().toList();
        return sorted.get(sorted.size() / 2) / 1e6;
    }

    private static double mean(List<Long> nanos) {
        return nanos.stream().mapToLong(Long::longValue).average().orElseThrow() / 1e6;
    }

    private void submitReturns(List<SalesOrderId> orders, List<ReturnRequestId> submitted, List<Long> nanos) {
        for (SalesOrderId order : orders) {
            long start = System.nanoTime();
            var returnId = new ReturnRequestId("R-" + UUID.randomUUID().toString().substring(0, 12));
            commands.sendAndWait(new SubmitReturnCommand(returnId, order,
                            List.of(new RequestedLine(1, Quantity.of(1), ReportedCondition.OPENED)),
                            ReturnReason.DISSATISFIED, "measuring", Channel.HOTLINE, Resolution.REFUND,
                            new UserId("cs"), TestClock.now()),
                    MetaData.with("userId", "cs").and("userRole", "CUSTOMER_SERVICE"));
            nanos.add(System.nanoTime() - start);
            submitted.add(returnId);
        }
    }

    private SalesOrderId recordOrder() {
        var orderId = new SalesOrderId("SO-" + UUID.randomUUID().toString().substring(0, 12));
        commands.sendAndWait(new RecordSalesOrderCommand(orderId, new Customer(new CustomerId("C-1"), "Customer",
                        "c@example.com"), new WarehouseId("WH-SH"), TestClock.now().minus(Duration.ofDays(3)), Money.CNY,
                        List.of(new SalesOrderLine(1, new Sku("SKU-1"), "general", Quantity.of(2),
                                Money.of("129.90", Money.CNY), null, List.of()))),
                MetaData.with("userId", "integration").and("userRole", "INTEGRATION"));
        return orderId;
    }

    /** Orders recorded and returns taken to a refund over HTTP; the return ids. */
    private List<String> settleReturns(int count) {
        var ids = new ArrayList<String>();
        for (int i = 0; i < count; i++) {
            String orderId = "SO-" + UUID.randomUUID().toString().substring(0, 8);
            assertThat(lifecycle.recordOrder(Orders.salesOrder(orderId).line("SKU-KETTLE", "general", 2, "249.00",
                    "10.00")).status()).isLessThan(300);
            var submitted = lifecycle.submit(Orders.returnOf(orderId).line(1, 2, "DEFECTIVE").reason("QUALITY_DEFECT")
                    .reasonText("test"));
            assertThat(submitted.status()).as(submitted.toString()).isLessThan(300);
            String id = submitted.json().get("returnId").asText();
            ok(lifecycle.receive(id, LifecycleDriver.lines(1, 2)));
            ok(lifecycle.inspect(id, LifecycleDriver.inspected(1, 1, 1, 0, 0, 0)));
            ok(lifecycle.settle(id, LifecycleDriver.method("REFUND")));
            ids.add(id);
        }
        return ids;
    }

    private static void ok(ServiceHttp.Response response) {
        assertThat(response.status()).as(response.toString()).isLessThan(300);
    }

    /** Waits until the global chain covers every committed event, then verifies. */
    private JsonNode awaitSealedAndVerify() {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            Long last = jdbc.queryForObject("SELECT MAX(globalIndex) FROM DomainEventEntry", Long.class);
            JsonNode report = verify("auditor");
            return last != null && report.path("sealedUpTo").asLong(-1) >= last;
        });
        JsonNode report = verify("auditor");
        System.out.println("GET /api/audit/verify: " + report.toPrettyString());
        return report;
    }

    private JsonNode verify(String user) {
        var response = http.get("/api/audit/verify", user);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    private long eventCount() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM DomainEventEntry", Long.class);
    }

    private long aggregateCount() {
        return jdbc.queryForObject("SELECT COUNT(DISTINCT aggregateIdentifier) FROM DomainEventEntry", Long.class);
    }
}

package com.jxc.returns.app.hardening;

import com.jxc.returns.app.testing.Orders;
import com.jxc.returns.app.testing.LifecycleDriver;
import com.jxc.returns.app.testing.ServiceHttp;
import com.jxc.returns.app.testing.ServiceOverHttp;
import com.jxc.returns.app.testing.ServiceTest;
import com.jxc.returns.app.testing.TestClock;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.jxc.returns.edge.idempotency.IdempotencyFilter;
import com.jxc.returns.edge.idempotency.IdempotencyRecords;
import com.jxc.returns.app.testing.ServiceHttp.Response;
import com.jxc.returns.platform.serialization.SerializationConfiguration;
import com.jxc.returns.api.common.UserId;
import com.jxc.returns.api.returnrequest.CancelReturnCommand;
import com.jxc.returns.api.returnrequest.ReturnRequestId;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Retries, races, dual control and personal data over real HTTP: Idempotency-Key, If-Match, four eyes on large
 * settlements and masked contact details.
 */
@ServiceTest(properties = {
        "returns.idempotency.wait=PT2S",
        // the default policy (version 1) is written with this threshold
        "returns.settlement.dual-control-threshold=1000.00"})
class ApiHardeningHttpTest extends ServiceOverHttp {

    @Autowired
    EventStore eventStore;
    @Autowired
    PlatformTransactionManager transactions;
    @Autowired
    CommandGateway commands;
    @Value("${spring.datasource.url}")
    String jdbcUrl;

    private final ObjectMapper json = SerializationConfiguration.messageMapper();
    // ---------------------------------------------------------------- idempotency

    @Test
    void aSettlementSentFiveTimesAtOnceWithOneKeyMovesMoneyOnce() throws Exception {
        String id = inspectedReturn(newOrder(2, "199.00", "zhangsan@example.com"), 2);
        String key = "settle-" + UUID.randomUUID();

        List<Response> responses = concurrently(5, () -> http.post("/api/returns/" + id + "/settle", "finance",
                "{\"method\":\"REFUND\"}", Map.of("Idempotency-Key", key)));

        assertThat(count(id, "ReturnSettled")).isEqualTo(1);
        assertThat(responses).allSatisfy(response -> {
            assertThat(response.status()).as(response.toString()).isEqualTo(200);
            assertThat(response.json().get("returnId").asText()).isEqualTo(id);
            assertThat(response.json().get("state").asText()).isEqualTo("SETTLED");
        });
        assertThat(responses).filteredOn(r -> r.headers().getFirst("Idempotent-Replayed") == null).hasSize(1);
        assertThat(payload(id, "ReturnSettled").at("/refunded/amount").decimalValue())
                .isEqualByComparingTo("338.30");

        // the same key with another body is a client error, nothing runs
        Response reused = http.post("/api/returns/" + id + "/settle", "finance", "{\"method\":\"STORE_CREDIT\"}",
                Map.of("Idempotency-Key", key));
        assertThat(reused.status()).isEqualTo(422);
        assertThat(reused.isProblem()).isTrue();
        assertThat(reused.json().get("type").asText()).isEqualTo("/problems/idempotency-key-reused");

        // keys belong to their user: another finance user's key of the same name is a new request
        Response other = http.post("/api/returns/" + id + "/settle", "finance2", "{\"method\":\"REFUND\"}",
                Map.of("Idempotency-Key", key));
        assertThat(other.status()).isEqualTo(409);
        assertThat(other.json().get("rule").asText()).isEqualTo("already-settled");
        assertThat(count(id, "ReturnSettled")).isEqualTo(1);

        // the stored result is in the event store's database: a fresh repository reads it back
        var fresh = new IdempotencyRecords(new JdbcTemplate(new DriverManagerDataSource(jdbcUrl, "sa", "")));
        var stored = fresh.find("finance", key).orElseThrow();
        assertThat(stored.state()).isEqualTo(IdempotencyRecords.State.COMPLETED);
        assertThat(stored.status()).isEqualTo(200);
        assertThat(json.readTree(stored.body()).get("state").asText()).isEqualTo("SETTLED");
    }

    @Test
    void aRepeatedSubmissionReturnsTheFirstCreatedReturn() {
        String order = newOrder(3, "199.00", "zhangsan@example.com");
        String key = UUID.randomUUID().toString();

        Response first = http.post("/api/returns", "cs", Orders.returnOf(order, 1),
                Map.of("Idempotency-Key", key));
        Response again = http.post("/api/returns", "cs", Orders.returnOf(order, 1),
                Map.of("Idempotency-Key", key));

        assertThat(first.status()).isEqualTo(201);
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.headers().getFirst(HttpHeaders.LOCATION)).isEqualTo(first.headers().getFirst(
                HttpHeaders.LOCATION));
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(again.headers().getFirst("Idempotent-Replayed")).isEqualTo("true");
        assertThat(count(order, "ReturnQuantityReserved")).isEqualTo(1);
    }

    @Test
    void aFailedRequestFreesItsKeyAndMalformedKeysAreRefused() {
        String order = newOrder(1, "199.00", "zhangsan@example.com");
        String id = submit(order, 1);
        String key = UUID.randomUUID().toString();

        // receiving before approval fails: nothing is stored under the key
        Response early = http.post("/api/returns/" + id + "/receive", "warehouse",
                "{\"lines\":[{\"lineNo\":1,\"quantity\":1}]}", Map.of("Idempotency-Key", key));
        assertThat(early.status()).isEqualTo(409);
        ok(lifecycle.approve(id));
        Response later = http.post("/api/returns/" + id + "/receive", "warehouse",
                "{\"lines\":[{\"lineNo\":1,\"quantity\":1}]}", Map.of("Idempotency-Key", key));
        assertThat(later.status()).as(later.toString()).isEqualTo(200);

        for (String bad : List.of("has space", "ä", "x".repeat(101))) {
            Response refused = http.post("/api/returns/" + id + "/inspect", "warehouse", "{\"lines\":[]}",
                    Map.of("Idempotency-Key", bad));
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.json().get("type").asText()).isEqualTo("/problems/invalid-idempotency-key");
        }
    }

    @Test
    void aKeyLeftPendingByADeadRequestIsTakenOverOnceItsLeaseRanOut() throws Exception {
        String id = inspectedReturn(newOrder(1, "199.00", "zhangsan@example.com"), 1);
        var records = new IdempotencyRecords(new JdbcTemplate(new DriverManagerDataSource(jdbcUrl, "sa", "")));
        String body = "{\"method\":\"STORE_CREDIT\"}";
        String fingerprint = IdempotencyFilter.fingerprint("POST", "/api/returns/" + id + "/settle", null,
                body.getBytes(StandardCharsets.UTF_8));
        long now = System.currentTimeMillis();

        // a request still running (lease ahead): the second one waits, then gives up with 409
        String busy = UUID.randomUUID().toString();
        records.claim("finance", busy, fingerprint, "still-running", now, now + 60_000);
        Response inUse = http.post("/api/returns/" + id + "/settle", "finance", body,
                Map.of("Idempotency-Key", busy));
        assertThat(inUse.status()).isEqualTo(409);
        assertThat(inUse.json().get("type").asText()).isEqualTo("/problems/idempotency-key-in-use");
        assertThat(inUse.headers().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
        assertThat(count(id, "ReturnSettled")).isZero();

        // a request that died (lease over, no events were committed): the next one runs it
        String abandoned = UUID.randomUUID().toString();
        records.claim("finance", abandoned, fingerprint, "crashed", now - 120_000, now - 60_000);
        Response taken = http.post("/api/returns/" + id + "/settle", "finance", body,
                Map.of("Idempotency-Key", abandoned));
        assertThat(taken.status()).as(taken.toString()).isEqualTo(200);
        assertThat(taken.headers().getFirst("Idempotent-Replayed")).isNull();
        assertThat(count(id, "ReturnSettled")).isEqualTo(1);
        assertThat(records.find("finance", abandoned).orElseThrow().state())
                .isEqualTo(IdempotencyRecords.State.COMPLETED);
    }

    /** What makes the stored response and the command's events one commit: the command joins the transaction. */
    @Test
    void aCommandSentInsideTheRequestTransactionIsUndoneWithIt() {
        String id = submit(newOrder(1, "199.00", "zhangsan@example.com"), 1);

        new TransactionTemplate(transactions).executeWithoutResult(tx -> {
            commands.sendAndWait(new CancelReturnCommand(new ReturnRequestId(id), "test", new UserId("cs"),
                    TestClock.now()));
            assertThat(count(id, "ReturnCancelled")).isEqualTo(1);
            tx.setRollbackOnly();
        });

        assertThat(count(id, "ReturnCancelled")).isZero();
    }

    // ---------------------------------------------------------------- optimistic concurrency

    @Test
    void aCommandOnAStaleVersionIsRefusedWith412AndStoresNothing() {
        String id = submit(newOrder(1, "199.00", "zhangsan@example.com"), 1);
        String requested = awaitETag(id, 0);

        ok(http.post("/api/returns/" + id + "/approve", "reviewer", "{}", Map.of("If-Match", requested)));
        long before = eventStore.readEvents(id).asStream().count();

        Response stale = http.post("/api/returns/" + id + "/reject", "reviewer", "{\"reason\":\"too late\"}",
                Map.of("If-Match", requested));
        assertThat(stale.status()).isEqualTo(412);
        assertThat(stale.isProblem()).isTrue();
        assertThat(stale.json().get("type").asText()).isEqualTo("/problems/stale-version");
        assertThat(stale.json().get("currentVersion").asLong()).isEqualTo(before - 1);
        assertThat(eventStore.readEvents(id).asStream().count()).isEqualTo(before);

        String current = awaitETag(id, before - 1);
        assertThat(current).isEqualTo("\"" + (before - 1) + "\"");
        ok(http.post("/api/returns/" + id + "/receive", "warehouse", "{\"lines\":[{\"lineNo\":1,\"quantity\":1}]}",
                Map.of("If-Match", current)));

        Response malformed = http.post("/api/returns/" + id + "/inspect", "warehouse", "{\"lines\":[]}",
                Map.of("If-Match", "W/\"3\""));
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.isProblem()).isTrue();
    }

    @Test
    void conflictingDecisionsRacingOnTwentyReturnsEachEndWithExactlyOneWinner() throws Exception {
        String order = newOrder(20, "59.00", "zhangsan@example.com");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ids.add(submit(order, 1));
        }
        List<Callable<Response>> decisions = new ArrayList<>();
        for (String id : ids) {
            decisions.add(() -> http.post("/api/returns/" + id + "/approve", "reviewer", "{}"));
            decisions.add(() -> http.post("/api/returns/" + id + "/reject", "reviewer", "{\"reason\":\"worn\"}"));
        }
        List<Response> responses = all(decisions);

        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            Response approve = responses.get(2 * i);
            Response reject = responses.get(2 * i + 1);
            long approved = count(id, "ReturnApproved");
            long rejected = count(id, "ReturnRejected");
            assertThat(approved + rejected).as("decisions on " + id).isEqualTo(1);
            Response winner = approved == 1 ? approve : reject;
            Response loser = approved == 1 ? reject : approve;
            assertThat(winner.status()).as(winner.toString()).isEqualTo(200);
            assertThat(loser.status()).as(loser.toString()).isEqualTo(409);
            assertThat(loser.isProblem()).isTrue();
        }
    }

    // ---------------------------------------------------------------- four eyes

    @Test
    void aSettlementAboveTheThresholdWaitsForASecondFinanceUser() {
        String id = inspectedReturn(newOrder(3, "800.00", "zhangsan@example.com"), 3);

        Response proposed = http.post("/api/returns/" + id + "/settle", "finance", "{\"method\":\"REFUND\"}");
        assertThat(proposed.status()).as(proposed.toString()).isEqualTo(202);
        assertThat(proposed.json().get("state").asText()).isEqualTo("SETTLEMENT_PENDING");
        assertThat(count(id, "SettlementProposed")).isEqualTo(1);
        assertThat(count(id, "ReturnSettled")).isZero();
        JsonNode proposal = payload(id, "SettlementProposed");
        assertThat(proposal.at("/payout/amount").decimalValue()).isEqualByComparingTo("2040.00");
        assertThat(proposal.at("/dualControlThreshold/amount").decimalValue()).isEqualByComparingTo("1000.00");
        assertThat(proposal.get("proposedBy").asText()).isEqualTo("finance");

        await().atMost(Duration.ofSeconds(20)).until(() -> "SETTLEMENT_PENDING".equals(
                http.get("/api/returns/" + id, "finance").json().path("state").asText()));
        JsonNode view = http.get("/api/returns/" + id, "finance").json();
        assertThat(view.get("waitingFor").asText()).isEqualTo("FINANCE");
        assertThat(view.at("/settlementProposal/payout").decimalValue()).isEqualByComparingTo("2040.00");
        assertThat(view.at("/settlementProposal/proposedBy").asText()).isEqualTo("finance");
        // the worklist is an index of its own, fed by its own processor: it follows the view, not with it
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                http.get("/api/returns?waitingFor=me&state=SETTLEMENT_PENDING&size=200", "finance2").json()
                        .get("items").findValuesAsText("returnId")).contains(id));

        Response ownConfirmation = http.post("/api/returns/" + id + "/settle/confirm", "finance", "");
        assertThat(ownConfirmation.status()).isEqualTo(422);
        assertThat(ownConfirmation.json().get("rule").asText()).isEqualTo("four-eyes");
        assertThat(count(id, "ReturnSettled")).isZero();

        Response confirmed = http.post("/api/returns/" + id + "/settle/confirm", "finance2", "");
        assertThat(confirmed.status()).as(confirmed.toString()).isEqualTo(200);
        JsonNode settled = payload(id, "ReturnSettled");
        assertThat(settled.get("settledBy").asText()).isEqualTo("finance2");
        assertThat(settled.at("/refunded/amount").decimalValue()).isEqualByComparingTo("2040.00");
        assertThat(count(id, "ReturnSettled")).isEqualTo(1);

        assertThat(http.get("/api/return-policy", "finance").json().toString()).contains("\"dualControlThreshold\"");
    }

    @Test
    void aSecondFinanceUserDeclinesAPendingSettlementWithAReasonAndFinanceSettlesAgain() {
        String id = inspectedReturn(newOrder(3, "800.00", "lisi@example.com"), 3);
        assertThat(http.post("/api/returns/" + id + "/settle", "finance", "{\"method\":\"REFUND\"}").status())
                .isEqualTo(202);

        Response ownDecline = http.post("/api/returns/" + id + "/settle/decline", "finance",
                "{\"reason\":\"second thoughts\"}");
        assertThat(ownDecline.status()).as(ownDecline.toString()).isEqualTo(422);
        assertThat(ownDecline.json().get("rule").asText()).isEqualTo("four-eyes");
        Response noReason = http.post("/api/returns/" + id + "/settle/decline", "finance2", "{\"reason\":\" \"}");
        assertThat(noReason.status()).as(noReason.toString()).isEqualTo(400);
        assertThat(noReason.isProblem()).isTrue();
        assertThat(http.post("/api/returns/" + id + "/settle/decline", "reviewer", "{\"reason\":\"x\"}").status())
                .isEqualTo(403);
        assertThat(count(id, "SettlementDeclined")).isZero();

        Response declined = http.post("/api/returns/" + id + "/settle/decline", "finance2",
                "{\"reason\":\"the card on file is closed; pay store credit\"}");
        assertThat(declined.status()).as(declined.toString()).isEqualTo(200);
        JsonNode event = payload(id, "SettlementDeclined");
        assertThat(event.get("declinedBy").asText()).isEqualTo("finance2");
        assertThat(event.get("proposedBy").asText()).isEqualTo("finance");
        assertThat(event.get("returnedTo").asText()).isEqualTo("INSPECTED");
        assertThat(count(id, "ReturnSettled")).isZero();

        // the view was INSPECTED before the proposal too: wait for the decline itself
        await().atMost(Duration.ofSeconds(20)).until(() -> http.get("/api/returns/" + id, "finance").json()
                .hasNonNull("settlementDecline"));
        JsonNode view = http.get("/api/returns/" + id, "finance").json();
        assertThat(view.get("state").asText()).isEqualTo("INSPECTED");
        assertThat(view.get("waitingFor").asText()).isEqualTo("FINANCE");
        assertThat(view.hasNonNull("settlementProposal")).isFalse();
        assertThat(view.at("/settlementDecline/reason").asText()).isEqualTo("the card on file is closed; pay store credit");
        assertThat(view.at("/settlementDecline/by").asText()).isEqualTo("finance2");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                http.get("/api/returns?waitingFor=me&state=INSPECTED&size=200", "finance").json()
                        .get("items").findValuesAsText("returnId")).contains(id));
        assertThat(http.get("/api/returns/" + id + "/history", "auditor").json().toString())
                .contains("SettlementDeclined");

        Response again = http.post("/api/returns/" + id + "/settle", "finance", "{\"method\":\"STORE_CREDIT\"}");
        assertThat(again.status()).as(again.toString()).isEqualTo(202);
        assertThat(count(id, "SettlementProposed")).isEqualTo(2);
    }

    // ---------------------------------------------------------------- personal data

    @Test
    void contactDetailsAreMaskedForRolesThatDoNotTalkToCustomers() {
        String phoneOrder = newOrder(1, "99.00", "+86 13800000002");
        String byPhone = submit(phoneOrder, 1);
        String byEmail = submit(newOrder(1, "99.00", "zhangsan@example.com"), 1);
        ok(lifecycle.approve(byPhone));
        await().atMost(Duration.ofSeconds(20)).until(() -> http.get("/api/returns/" + byEmail, "cs").status() == 200
                && "APPROVED".equals(http.get("/api/returns/" + byPhone, "cs").json().path("state").asText()));

        for (String user : List.of("cs", "admin")) {
            assertThat(contact(byPhone, user)).as(user).isEqualTo("+86 13800000002");
            assertThat(contact(byEmail, user)).as(user).isEqualTo("zhangsan@example.com");
        }
        for (String user : List.of("reviewer", "warehouse", "finance", "auditor")) {
            assertThat(contact(byPhone, user)).as(user).isEqualTo("+86 138****0002");
            assertThat(contact(byEmail, user)).as(user).isEqualTo("zh***@example.com");
        }
        JsonNode listed = http.get("/api/returns?order=" + phoneOrder, "auditor").json();
        assertThat(listed.at("/items/0/request/customerContact").asText()).isEqualTo("+86 138****0002");

        String notifications = "/api/notifications?returnId=" + byPhone;
        await().atMost(Duration.ofSeconds(20)).until(() -> http.get(notifications, "cs").json().path("total")
                .asInt() >= 1);
        assertThat(http.get(notifications, "cs").json().at("/items/0/recipient/contact").asText())
                .isEqualTo("+86 13800000002");
        assertThat(http.get(notifications, "admin").json().at("/items/0/recipient/contact").asText())
                .isEqualTo("+86 13800000002");
        assertThat(http.get(notifications, "auditor").json().at("/items/0/recipient/contact").asText())
                .isEqualTo("+86 138****0002");
    }

    // ---------------------------------------------------------------- helpers

    private String contact(String returnId, String user) {
        Response response = http.get("/api/returns/" + returnId, user);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json().at("/request/customerContact").asText();
    }

    private String newOrder(int quantity, String unitPrice, String contact) {
        String orderId = "SO-" + UUID.randomUUID().toString().substring(0, 8);
        ok(lifecycle.recordOrder(Orders.salesOrder(orderId).customer("C-7", "张三", contact).shippedDaysAgo(3)
                .line("SKU-1", "general", quantity, unitPrice, "50.00")));
        return orderId;
    }

    private String submit(String order, int quantity) {
        Response created = lifecycle.submit(Orders.returnOf(order, quantity));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.createdId();
    }

    /** A return of {@code quantity} units, approved, received and inspected as restocked. */
    private String inspectedReturn(String order, int quantity) {
        String id = submit(order, quantity);
        ok(lifecycle.approve(id));
        ok(lifecycle.receive(id, LifecycleDriver.lines(1, quantity)));
        ok(lifecycle.inspect(id, LifecycleDriver.inspected(1, quantity, 0, 0, 0, 0)));
        return id;
    }

    private String awaitETag(String id, long version) {
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            Response view = http.get("/api/returns/" + id, "reviewer");
            return view.status() == 200 && view.json().get("version").asLong() == version;
        });
        return http.get("/api/returns/" + id, "reviewer").headers().getETag();
    }

    private static Response ok(Response response) {
        assertThat(response.status()).as(response.toString()).isBetween(200, 299);
        return response;
    }

    private long count(String aggregateId, String type) {
        return eventStore.readEvents(aggregateId).asStream()
                .filter(event -> event.getPayloadType().getSimpleName().equals(type)).count();
    }

    private JsonNode payload(String aggregateId, String type) {
        DomainEventMessage<?> event = eventStore.readEvents(aggregateId).asStream()
                .filter(e -> e.getPayloadType().getSimpleName().equals(type))
                .findFirst().orElseThrow(() -> new AssertionError("no " + type + " for " + aggregateId));
        return json.valueToTree(event.getPayload());
    }

    private static List<Response> concurrently(int times, Callable<Response> request) throws Exception {
        List<Callable<Response>> requests = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            requests.add(request);
        }
        return all(requests);
    }

    /** Runs every request at the same moment (as far as threads allow) and returns the responses in order. */
    private static List<Response> all(List<Callable<Response>> requests) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(requests.size(), 10));
        try {
            var start = new CountDownLatch(1);
            List<Future<Response>> futures = new ArrayList<>();
            for (Callable<Response> request : requests) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return request.call();
                }));
            }
            start.countDown();
            List<Response> responses = new ArrayList<>();
            for (Future<Response> future : futures) {
                responses.add(future.get());
            }
            return responses;
        } finally {
            pool.shutdownNow();
        }
    }
}

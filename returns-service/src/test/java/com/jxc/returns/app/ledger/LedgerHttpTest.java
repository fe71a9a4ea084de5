package com.jxc.returns.app.ledger;

import com.jxc.returns.app.testing.LifecycleDriver;
import com.jxc.returns.app.testing.Orders;
import com.jxc.returns.app.testing.ServiceHttp;
import com.jxc.returns.app.testing.ServiceOverHttp;
import com.jxc.returns.app.testing.ServiceTest;
import com.jxc.returns.app.testing.TestClock;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static com.jxc.returns.app.testing.LifecycleDriver.inspected;
import static com.jxc.returns.app.testing.LifecycleDriver.lines;
import static com.jxc.returns.app.testing.LifecycleDriver.method;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A refund, a store-credit return and an exchange with a difference due, driven through the HTTP API; the ledger
 * must show exactly their postings, balance, owe the customer the store credit, and come back identical from a
 * replay.
 */
@ServiceTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LedgerHttpTest extends ServiceOverHttp {

    private static final Duration PROCESSING = Duration.ofSeconds(30);
    private static final int POSTINGS = 14;
    /** Amounts read exactly, with their scale, as the API writes them. */
    private static final ObjectMapper EXACT = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    @Autowired
    EventProcessingConfiguration processing;

    private static String refund;
    private static String storeCredit;
    private static String exchange;

    /** Once for the class (the context and its data directory are shared by every test here). */
    @BeforeEach
    void settleThreeReturns() {
        if (refund != null) {
            return;
        }
        Instant shipped = TestClock.now().minus(Duration.ofDays(5));

        String kettles = recordOrder("C-REFUND", shipped, "SKU-KETTLE", 2, "249.00", "150.00");
        refund = submit(kettles, 2, "QUALITY_DEFECT");
        ok(lifecycle.receive(refund, lines(1, 2)));
        inspect(refund, 1, 1);
        ok(lifecycle.settle(refund, method("REFUND")));

        String mugs = recordOrder("C-CREDIT", shipped, "SKU-MUG", 4, "45.00", "20.00");
        storeCredit = submit(mugs, 2, "DISSATISFIED");
        approveReceiveAndInspect(storeCredit, 2);
        ok(lifecycle.settle(storeCredit, method("STORE_CREDIT")));

        String shoes = recordOrder("C-EXCHANGE", shipped, "SKU-SHOE", 3, "300.00", "180.00");
        exchange = submit(shoes, 2, "DISSATISFIED");
        approveReceiveAndInspect(exchange, 2);
        ok(lifecycle.settle(exchange, method("EXCHANGE")));

        await().atMost(PROCESSING).until(() -> allEntries().size() == POSTINGS);
    }

    @Test
    @Order(1)
    void refundReversesTheSaleAndBringsTheKettlesBackAtCost() {
        assertThat(postings(refund)).containsExactly(
                refund + ":inventory-returned:1 1405 Dr 300.00 | 6401 Cr 300.00",
                refund + ":scrap-write-off:1 6711 Dr 150.00 | 1405 Cr 150.00",
                refund + ":sales-return 600102 Dr 498.00 | 2241 Cr 498.00",
                refund + ":refund 2241 Dr 498.00 | 1002 Cr 498.00");
        JsonNode scrap = entries("returnId=" + refund + "&account=6711").at("/items/0");
        assertThat(scrap.get("kind").asText()).isEqualTo("scrap-write-off");
        assertThat(scrap.get("customerId").asText()).isEqualTo("C-REFUND");
        assertThat(scrap.get("sku").asText()).isEqualTo("SKU-KETTLE");
        assertThat(scrap.get("quantity").asInt()).isEqualTo(1);
        assertThat(scrap.get("unitCost").decimalValue()).isEqualByComparingTo("150.00");
        assertThat(scrap.get("currency").asText()).isEqualTo("CNY");
    }

    @Test
    @Order(2)
    void storeCreditIsOwedToTheCustomerAfterTheRestockingFee() {
        assertThat(postings(storeCredit)).containsExactly(
                storeCredit + ":inventory-returned:1 1405 Dr 40.00 | 6401 Cr 40.00",
                storeCredit + ":sales-return 600102 Dr 90.00 | 2241 Cr 90.00",
                storeCredit + ":restocking-fee 2241 Dr 13.50 | 6051 Cr 13.50",
                storeCredit + ":store-credit 2241 Dr 76.50 | 2203 Cr 76.50");

        JsonNode owed = json(http.get("/api/ledger/store-credit/C-CREDIT", "finance"));
        assertThat(owed.get("customerId").asText()).isEqualTo("C-CREDIT");
        assertThat(owed.at("/balances/0/currency").asText()).isEqualTo("CNY");
        assertThat(owed.at("/balances/0/amount").decimalValue()).isEqualByComparingTo("76.50");
        assertThat(owed.get("balances")).hasSize(1);
        assertThat(json(http.get("/api/ledger/store-credit/C-REFUND", "finance")).get("balances")).isEmpty();
        JsonNode everyone = json(http.get("/api/ledger/store-credit", "auditor"));
        assertThat(everyone.get("total").asInt()).isEqualTo(1);
        assertThat(everyone.at("/items/0/customerId").asText()).isEqualTo("C-CREDIT");
    }

    @Test
    @Order(3)
    void exchangeSellsTheReplacementAndChargesTheDifference() {
        assertThat(postings(exchange)).containsExactly(
                exchange + ":inventory-returned:1 1405 Dr 360.00 | 6401 Cr 360.00",
                exchange + ":sales-return 600102 Dr 600.00 | 2241 Cr 600.00",
                exchange + ":restocking-fee 2241 Dr 90.00 | 6051 Cr 90.00",
                exchange + ":exchange-sale 2241 Dr 600.00 | 600101 Cr 600.00",
                exchange + ":exchange-due 1122 Dr 90.00 | 2241 Cr 90.00",
                exchange + ":exchange-cost 6401 Dr 360.00 | 1405 Cr 360.00");
    }

    @Test
    @Order(4)
    void trialBalanceBalancesAndTheClearingAccountIsEmpty() {
        JsonNode balance = json(http.get("/api/ledger/trial-balance", "auditor"));

        List<String> rows = new ArrayList<>();
        balance.get("accounts").forEach(row -> rows.add(row.get("account").asText() + " "
                + row.get("debit").decimalValue().toPlainString() + " " + row.get("credit").decimalValue()
                .toPlainString() + " " + row.get("balance").decimalValue().toPlainString()));
        assertThat(rows).containsExactly(
                "1002 0.00 498.00 -498.00",
                "1122 90.00 0.00 90.00",
                "1405 700.00 510.00 190.00",
                "2203 0.00 76.50 -76.50",
                "2241 1278.00 1278.00 0.00",
                "600101 0.00 600.00 -600.00",
                "600102 1188.00 0.00 1188.00",
                "6051 0.00 103.50 -103.50",
                "6401 360.00 700.00 -340.00",
                "6711 150.00 0.00 150.00");
        assertThat(balance.at("/accounts/4/name").asText()).isEqualTo("Return settlement clearing");
        assertThat(balance.get("totals")).hasSize(1);
        assertThat(balance.at("/totals/0/currency").asText()).isEqualTo("CNY");
        assertThat(balance.at("/totals/0/debit").decimalValue()).isEqualByComparingTo("3766.00");
        assertThat(balance.at("/totals/0/credit").decimalValue()).isEqualByComparingTo("3766.00");
        assertThat(balance.at("/totals/0/balanced").asBoolean()).isTrue();

        JsonNode future = json(http.get("/api/ledger/trial-balance?from=2100-01-01T00:00:00Z", "finance"));
        assertThat(future.get("accounts")).isEmpty();
        assertThat(future.get("from").asText()).isEqualTo("2100-01-01T00:00:00Z");
    }

    @Test
    @Order(5)
    void entriesFilterByAccountAndPeriod() {
        JsonNode bank = entries("account=1002");
        assertThat(bank.get("total").asInt()).isEqualTo(1);
        assertThat(bank.at("/items/0/entryId").asText()).isEqualTo(refund + ":refund");
        assertThat(entries("to=2000-01-01T00:00:00Z").get("total").asInt()).isZero();
        assertThat(entries("from=2000-01-01T00:00:00Z&size=5").get("items")).hasSize(5);
    }

    @Test
    @Order(6)
    void badParametersAndOtherRolesAreRefused() {
        var unknownAccount = http.get("/api/ledger/entries?account=9999", "finance");
        assertThat(unknownAccount.status()).isEqualTo(400);
        assertThat(unknownAccount.isProblem()).isTrue();
        assertThat(unknownAccount.json().get("detail").asText()).contains("not in the chart of accounts");
        assertThat(http.get("/api/ledger/entries?account=12a", "finance").status()).isEqualTo(400);
        assertThat(http.get("/api/ledger/entries?from=yesterday", "finance").status()).isEqualTo(400);
        assertThat(http.get("/api/ledger/trial-balance?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z",
                "finance").status()).isEqualTo(400);
        assertThat(http.get("/api/ledger/entries?size=0", "finance").status()).isEqualTo(400);
        assertThat(http.get("/api/ledger/store-credit/-bad", "finance").status()).isEqualTo(400);
        assertThat(http.get("/api/ledger/trial-balance", "cs").status()).isEqualTo(403);
        assertThat(http.get("/api/ledger/trial-balance", null).status()).isEqualTo(401);
    }

    @Test
    @Order(7)
    void replayingEveryEventRebuildsTheSameLedger() {
        List<String> entriesBefore = allEntries();
        String balanceBefore = ok(http.get("/api/ledger/trial-balance", "finance")).body();
        String creditBefore = ok(http.get("/api/ledger/store-credit/C-CREDIT", "finance")).body();
        StreamingEventProcessor ledger = processing.eventProcessor("ledger", StreamingEventProcessor.class)
                .orElseThrow();
        await().atMost(PROCESSING).until(() -> !ledger.processingStatus().isEmpty());

        ledger.shutDown();
        ledger.resetTokens();
        assertThat(allEntries()).isEmpty();
        ledger.start();

        await().atMost(PROCESSING).until(() -> allEntries().size() == POSTINGS && !ledger.isReplaying());
        assertThat(allEntries()).isEqualTo(entriesBefore);
        assertThat(ok(http.get("/api/ledger/trial-balance", "finance")).body()).isEqualTo(balanceBefore);
        assertThat(ok(http.get("/api/ledger/store-credit/C-CREDIT", "finance")).body()).isEqualTo(creditBefore);
    }

    private String recordOrder(String customer, Instant shippedAt, String sku, int quantity, String unitPrice,
                               String unitCost) {
        String orderId = "SO-" + UUID.randomUUID().toString().substring(0, 8);
        ok(lifecycle.recordOrder(Orders.salesOrder(orderId).customerId(customer).shippedAt(shippedAt)
                .line(sku, "general", quantity, unitPrice, unitCost)));
        return orderId;
    }

    private String submit(String orderId, int quantity, String reason) {
        return ok(lifecycle.submit(Orders.returnOf(orderId).line(1, quantity, "DEFECTIVE").reason(reason)
                .reasonText("test"))).json().get("returnId").asText();
    }

    private void approveReceiveAndInspect(String returnId, int quantity) {
        ok(lifecycle.approve(returnId, lines(1, quantity)));
        ok(lifecycle.receive(returnId, lines(1, quantity)));
        inspect(returnId, quantity, 0);
    }

    private void inspect(String returnId, int restocked, int scrapped) {
        ok(lifecycle.inspect(returnId, inspected(1, restocked, scrapped, 0, 0, 0)));
    }

    private JsonNode entries(String query) {
        return json(http.get("/api/ledger/entries?" + query, "finance"));
    }

    /** Every posting of one return as "id account Dr|Cr amount | ...", in journal order. */
    private List<String> postings(String returnId) {
        List<String> postings = new ArrayList<>();
        entries("returnId=" + returnId).get("items").forEach(entry -> {
            List<String> sides = new ArrayList<>();
            entry.get("lines").forEach(line -> sides.add(line.get("account").asText()
                    + (line.get("debit").decimalValue().signum() != 0
                    ? " Dr " + line.get("debit").decimalValue().toPlainString()
                    : " Cr " + line.get("credit").decimalValue().toPlainString())));
            postings.add(entry.get("entryId").asText() + " " + String.join(" | ", sides));
        });
        return postings;
    }

    private List<String> allEntries() {
        List<String> all = new ArrayList<>();
        entries("size=500").get("items").forEach(entry -> all.add(entry.toString()));
        return all;
    }

    private static JsonNode json(ServiceHttp.Response response) {
        try {
            return EXACT.readTree(ok(response).body());
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + response, e);
        }
    }

    private static ServiceHttp.Response ok(ServiceHttp.Response response) {
        assertThat(response.status()).as(response.toString()).isBetween(200, 299);
        return response;
    }
}

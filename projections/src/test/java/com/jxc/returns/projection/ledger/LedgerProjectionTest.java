package com.jxc.returns.projection.ledger;

import com.jxc.returns.api.query.StoreCredit;
import com.jxc.returns.api.query.TrialBalance;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static com.jxc.returns.api.returnrequest.SettlementMethod.EXCHANGE;
import static com.jxc.returns.api.returnrequest.SettlementMethod.STORE_CREDIT;
import static com.jxc.returns.projection.ledger.LedgerEvents.credited;
import static com.jxc.returns.projection.ledger.LedgerEvents.exchange;
import static com.jxc.returns.projection.ledger.LedgerEvents.inspected;
import static com.jxc.returns.projection.ledger.LedgerEvents.line;
import static com.jxc.returns.projection.ledger.LedgerEvents.settled;
import static org.assertj.core.api.Assertions.assertThat;

/** The projection on a MongoDB-compatible server in memory, driven by calling its handlers as Axon would. */
class LedgerProjectionTest {

    private MongoServer server;
    private MongoClient client;
    private MongoDatabase database;
    private LedgerRepository ledger;
    private LedgerProjection projection;

    @BeforeEach
    void start() {
        server = new MongoServer(H2Backend.inMemory());
        var address = server.bind();
        client = MongoClients.create("mongodb://127.0.0.1:" + address.getPort());
        database = client.getDatabase("returns");
        ledger = new LedgerRepository(database);
        projection = new LedgerProjection(ledger);
    }

    @AfterEach
    void stop() {
        client.close();
        server.shutdownNow();
    }

    @Test
    void eventsAppliedTwiceLeaveTheSameEntriesAndBalances() {
        applyHistory();
        List<Document> once = documents();
        TrialBalance balanceOnce = ledger.trialBalance(null, null);
        StoreCredit creditOnce = ledger.storeCredit("C-2");

        applyHistory();

        assertThat(documents()).isEqualTo(once);
        assertThat(ledger.trialBalance(null, null)).isEqualTo(balanceOnce);
        assertThat(ledger.storeCredit("C-2")).isEqualTo(creditOnce);
        assertThat(creditOnce.balances()).singleElement().satisfies(balance -> {
            assertThat(balance.currency()).isEqualTo("CNY");
            assertThat(balance.amount()).isEqualByComparingTo("510.00");
        });
    }

    @Test
    void trialBalanceBalancesPerAccountAndLeavesTheClearingAccountEmpty() {
        applyHistory();

        TrialBalance balance = ledger.trialBalance(null, null);

        assertThat(balance.accounts()).extracting(row -> row.account() + " " + row.debit().toPlainString() + " "
                + row.credit().toPlainString() + " " + row.balance().toPlainString()).containsExactly(
                "1122 90.00 0.00 90.00",
                "1405 480.00 360.00 120.00",
                "2203 0.00 510.00 -510.00",
                "2241 1290.00 1290.00 0.00",
                "600101 0.00 600.00 -600.00",
                "600102 1200.00 0.00 1200.00",
                "6051 0.00 180.00 -180.00",
                "6401 240.00 480.00 -240.00",
                "6711 120.00 0.00 120.00");
        assertThat(balance.totals()).singleElement().satisfies(total -> {
            assertThat(total.currency()).isEqualTo("CNY");
            assertThat(total.debit()).isEqualByComparingTo("3420.00");
            assertThat(total.credit()).isEqualByComparingTo("3420.00");
            assertThat(total.balanced()).isTrue();
        });
        assertThat(balance.accounts().stream().map(TrialBalance.Row::balance).reduce(BigDecimal.ZERO,
                BigDecimal::add)).isEqualByComparingTo("0");
    }

    @Test
    void entriesFilterByReturnAccountAndPeriodInJournalOrder() {
        applyHistory();

        assertThat(ledger.page("R-EX", null, null, null, 0, 50).items()).extracting(e -> e.entryId()).containsExactly(
                "R-EX:inventory-returned:1", "R-EX:sales-return", "R-EX:restocking-fee", "R-EX:exchange-sale",
                "R-EX:exchange-due", "R-EX:exchange-cost");
        assertThat(ledger.page(null, "2203", null, null, 0, 50).items()).extracting(e -> e.entryId())
                .containsExactly("R-SC:store-credit");
        var settledOnly = ledger.page(null, null, LedgerEvents.SETTLED_AT, LedgerEvents.SETTLED_AT.plusSeconds(1),
                0, 3);
        assertThat(settledOnly.total()).isEqualTo(8);
        assertThat(settledOnly.items()).hasSize(3);
        assertThat(ledger.trialBalance(Instant.parse("2026-11-10T00:00:00Z"), LedgerEvents.SETTLED_AT).accounts())
                .extracting(TrialBalance.Row::account).containsExactly("1405", "6401", "6711");
    }

    @Test
    void resetEmptiesTheLedgerForARebuild() {
        applyHistory();

        projection.reset();

        assertThat(documents()).isEmpty();
        assertThat(ledger.trialBalance(null, null).accounts()).isEmpty();
        assertThat(ledger.findOrder(LedgerEvents.ORDER)).isEmpty();
    }

    /** A store-credit return (2 units: one restocked, one scrapped) and an exchange with a difference due. */
    private void applyHistory() {
        projection.on(LedgerEvents.order());
        projection.on(inspected("R-SC", line(1, "SKU-1", 1, 1, 0, 0, 0)));
        projection.on(settled("R-SC", "C-2", STORE_CREDIT, List.of(credited(1, "SKU-1", 2, "300.00", "120.00")),
                "600.00", "90.00", "510.00", null, "0.00", "510.00", "0.00", false));
        projection.on(inspected("R-EX", line(1, "SKU-1", 2, 0, 0, 0, 0)));
        projection.on(settled("R-EX", "C-1", EXCHANGE, List.of(credited(1, "SKU-1", 2, "300.00", "120.00")),
                "600.00", "90.00", "510.00", exchange("SKU-1", 2, "300.00"), "0.00", "0.00", "90.00", false));
    }

    private List<Document> documents() {
        List<Document> all = new ArrayList<>();
        database.getCollection(LedgerRepository.ENTRIES).find().sort(new Document("_id", 1)).forEach(all::add);
        database.getCollection(LedgerRepository.ORDERS).find().sort(new Document("_id", 1)).forEach(all::add);
        return all;
    }
}

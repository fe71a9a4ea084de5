package com.jxc.returns.projection.ledger;

import com.jxc.returns.api.common.Money;
import com.jxc.returns.api.query.LedgerEntry;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static com.jxc.returns.api.returnrequest.SettlementMethod.EXCHANGE;
import static com.jxc.returns.api.returnrequest.SettlementMethod.REFUND;
import static com.jxc.returns.api.returnrequest.SettlementMethod.STORE_CREDIT;
import static com.jxc.returns.projection.ledger.LedgerEvents.credited;
import static com.jxc.returns.projection.ledger.LedgerEvents.cny;
import static com.jxc.returns.projection.ledger.LedgerEvents.exchange;
import static com.jxc.returns.projection.ledger.LedgerEvents.inspected;
import static com.jxc.returns.projection.ledger.LedgerEvents.line;
import static com.jxc.returns.projection.ledger.LedgerEvents.settled;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PostingRulesTest {

    private static final OrderCosts ORDER = OrderCosts.of(LedgerEvents.order());

    @Test
    void refundRecognisesTheReturnKeepsTheFeeAndPaysOutTheRest() {
        var postings = PostingRules.settlement(settled("R-1", "C-1", REFUND,
                List.of(credited(1, "SKU-1", 2, "300.00", "120.00")), "600.00", "90.00", "510.00", null, "510.00",
                "0.00", "0.00", false), Optional.of(ORDER));

        assertThat(summaries(postings)).containsExactly(
                "R-1:sales-return 600102 Dr 600.00 | 2241 Cr 600.00",
                "R-1:restocking-fee 2241 Dr 90.00 | 6051 Cr 90.00",
                "R-1:refund 2241 Dr 510.00 | 1002 Cr 510.00");
        assertBalancedAndClearingSettled(postings);
        assertThat(postings).allSatisfy(posting -> {
            assertThat(posting.occurredAt()).isEqualTo(LedgerEvents.SETTLED_AT);
            assertThat(posting.customerId()).isEqualTo("C-1");
            assertThat(posting.orderId()).isEqualTo("SO-1");
        });
    }

    @Test
    void storeCreditIsALiabilityToTheCustomerAndAWaivedFeeMakesNoPosting() {
        var postings = PostingRules.settlement(settled("R-2", "C-7", STORE_CREDIT,
                List.of(credited(1, "SKU-1", 1, "300.00", "120.00")), "300.00", "0.00", "300.00", null, "0.00",
                "300.00", "0.00", false), Optional.empty());

        assertThat(summaries(postings)).containsExactly(
                "R-2:sales-return 600102 Dr 300.00 | 2241 Cr 300.00",
                "R-2:store-credit 2241 Dr 300.00 | 2203 Cr 300.00");
        assertThat(postings.get(1).customerId()).isEqualTo("C-7");
        assertBalancedAndClearingSettled(postings);
    }

    @Test
    void exchangeForDearerGoodsSellsTheReplacementAndChargesTheDifference() {
        var postings = PostingRules.settlement(settled("R-3", "C-1", EXCHANGE,
                List.of(credited(1, "SKU-1", 2, "300.00", "120.00")), "600.00", "90.00", "510.00",
                exchange("SKU-1", 2, "300.00"), "0.00", "0.00", "90.00", false), Optional.of(ORDER));

        assertThat(summaries(postings)).containsExactly(
                "R-3:sales-return 600102 Dr 600.00 | 2241 Cr 600.00",
                "R-3:restocking-fee 2241 Dr 90.00 | 6051 Cr 90.00",
                "R-3:exchange-sale 2241 Dr 600.00 | 600101 Cr 600.00",
                "R-3:exchange-due 1122 Dr 90.00 | 2241 Cr 90.00",
                "R-3:exchange-cost 6401 Dr 240.00 | 1405 Cr 240.00");
        Posting cost = postings.get(4);
        assertThat(cost.sku().value()).isEqualTo("SKU-1");
        assertThat(cost.quantity().value()).isEqualTo(2);
        assertThat(cost.unitCost()).isEqualTo(cny("120.00"));
        assertBalancedAndClearingSettled(postings);
    }

    @Test
    void exchangeForCheaperGoodsOnTheOrderRefundsTheDifferenceAndCostsThemFromTheOrder() {
        var postings = PostingRules.settlement(settled("R-4", "C-1", EXCHANGE,
                List.of(credited(2, "SKU-2", 1, "450.00", "200.00")), "450.00", "0.00", "450.00",
                exchange("SKU-1", 1, "300.00"), "150.00", "0.00", "0.00", false), Optional.of(ORDER));

        assertThat(summaries(postings)).containsExactly(
                "R-4:sales-return 600102 Dr 450.00 | 2241 Cr 450.00",
                "R-4:refund 2241 Dr 150.00 | 1002 Cr 150.00",
                "R-4:exchange-sale 2241 Dr 300.00 | 600101 Cr 300.00",
                "R-4:exchange-cost 6401 Dr 120.00 | 1405 Cr 120.00");
        assertBalancedAndClearingSettled(postings);
    }

    @Test
    void replacementWithoutAKnownCostLeavesStockWithoutACostPosting() {
        var postings = PostingRules.settlement(settled("R-5", "C-1", EXCHANGE,
                List.of(credited(3, "SKU-3", 2, "50.00", null)), "100.00", "15.00", "85.00",
                exchange("SKU-9", 1, "85.00"), "0.00", "0.00", "0.00", false), Optional.of(ORDER));

        assertThat(summaries(postings)).containsExactly(
                "R-5:sales-return 600102 Dr 100.00 | 2241 Cr 100.00",
                "R-5:restocking-fee 2241 Dr 15.00 | 6051 Cr 15.00",
                "R-5:exchange-sale 2241 Dr 85.00 | 600101 Cr 85.00");
        assertBalancedAndClearingSettled(postings);
    }

    @Test
    void goodsTheCustomerKeepsMakeNoInventoryPosting() {
        var postings = PostingRules.settlement(settled("R-6", "C-1", REFUND,
                List.of(credited(3, "SKU-3", 1, "15.00", "6.00")), "15.00", "0.00", "15.00", null, "15.00", "0.00",
                "0.00", true), Optional.of(ORDER));

        assertThat(summaries(postings)).containsExactly(
                "R-6:sales-return 600102 Dr 15.00 | 2241 Cr 15.00",
                "R-6:refund 2241 Dr 15.00 | 1002 Cr 15.00");
    }

    @Test
    void inspectionBringsCreditedUnitsBackAtCostAndWritesOffTheScrappedOnes() {
        var postings = PostingRules.inspection(inspected("R-7", line(1, "SKU-1", 1, 1, 1, 1, 1),
                line(2, "SKU-2", 0, 0, 0, 0, 2), line(3, "SKU-3", 4, 1, 0, 0, 0)), ORDER);

        assertThat(summaries(postings)).containsExactly(
                "R-7:inventory-returned:1 1405 Dr 480.00 | 6401 Cr 480.00",
                "R-7:scrap-write-off:1 6711 Dr 120.00 | 1405 Cr 120.00");
        assertThat(postings).allSatisfy(posting -> {
            assertThat(posting.occurredAt()).isEqualTo(LedgerEvents.INSPECTED_AT);
            assertThat(posting.customerId()).isEqualTo("C-1");
            assertThat(posting.unitCost()).isEqualTo(cny("120.00"));
        });
        assertThat(postings.get(0).quantity().value()).isEqualTo(4);
        assertThat(postings.get(1).quantity().value()).isEqualTo(1);
        assertBalancedAndClearingSettled(postings);
    }

    @Test
    void settlementWhoseAmountsDoNotAddUpIsRefused() {
        var inconsistent = settled("R-8", "C-1", REFUND, List.of(credited(1, "SKU-1", 2, "300.00", "120.00")),
                "600.00", "90.00", "510.00", null, "600.00", "0.00", "0.00", false);

        assertThatThrownBy(() -> PostingRules.settlement(inconsistent, Optional.empty()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("clearing account");
    }

    @Test
    void postingThatDoesNotBalanceCannotBeBuilt() {
        Money zero = cny("0.00");
        assertThatThrownBy(() -> new Posting("R-9:x", "x", "R-9", "SO-1", "C-1", Instant.EPOCH, "unbalanced",
                List.of(new Posting.Line(Account.BANK, cny("10.00"), zero),
                        new Posting.Line(Account.INVENTORY, zero, cny("9.99"))), null, null, null))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("does not balance");
        assertThatThrownBy(() -> new Posting.Line(Account.BANK, cny("10.00"), cny("10.00")))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void everyAccountCodeIsUniqueAndLooksUpBothWays() {
        for (Account account : Account.values()) {
            assertThat(Account.ofCode(account.code())).isSameAs(account);
        }
        assertThatThrownBy(() -> Account.ofCode("9999")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not in the chart of accounts");
    }

    private static void assertBalancedAndClearingSettled(List<Posting> postings) {
        for (Posting posting : postings) {
            LedgerEntry entry = posting.toEntry();
            var debits = entry.lines().stream().map(LedgerEntry.Line::debit).reduce(java.math.BigDecimal::add);
            var credits = entry.lines().stream().map(LedgerEntry.Line::credit).reduce(java.math.BigDecimal::add);
            assertThat(debits).isEqualTo(credits);
        }
        assertThat(postings.stream().map(p -> p.net(Account.RETURN_SETTLEMENT_CLEARING)).reduce(cny("0.00"),
                Money::plus)).isEqualTo(cny("0.00"));
    }

    private static List<String> summaries(List<Posting> postings) {
        return postings.stream().map(posting -> posting.id() + " " + String.join(" | ", posting.lines().stream()
                .map(line -> line.account().code() + (line.debit().isZero() ? " Cr " + line.credit().amount()
                        : " Dr " + line.debit().amount())).toList())).toList();
    }
}

package com.jxc.returns.api.query;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A draft policy replayed against the returns requested in a range, nothing stored. Per return: what was decided
 * ({@code actual}) and what the draft would have decided ({@code draft}), and the names of what differs. Settlement
 * amounts exist only for settled returns and are recomputed on the units actually credited.
 */
public record PolicyBacktest(Instant from, Instant to, List<ReturnOutcome> returns, List<Totals> totals) {

    public PolicyBacktest {
        returns = List.copyOf(returns);
        totals = List.copyOf(totals);
    }

    public record ReturnOutcome(String returnId, Instant requestedAt, String reason, String currency,
                                BigDecimal requestValue, Verdict actual, Verdict draft, List<String> differences) {
        public ReturnOutcome {
            differences = List.copyOf(differences);
        }
    }

    /** {@code keepItem} null when the return was never approved and the draft would not approve it either. */
    public record Verdict(boolean withinWindow, LocalDate lastDayOfWindow, boolean autoApproved,
                          List<String> reviewReasons, Boolean keepItem, Settlement settlement) {
        public Verdict {
            reviewReasons = List.copyOf(reviewReasons);
        }
    }

    public record Settlement(String method, BigDecimal goodsValue, BigDecimal restockingFee, boolean feeWaived,
                             BigDecimal credit, BigDecimal refunded, BigDecimal storeCredit,
                             BigDecimal dueFromCustomer) {
    }

    /** Counts over all returns and money over the settled ones, per currency. */
    public record Totals(String currency, int returns, int settled, int reviewToAutoApproval,
                         int autoApprovalToReview, int windowInToOut, int windowOutToIn, int keepItemChanged,
                         Money actual, Money draft) {
    }

    public record Money(BigDecimal restockingFees, BigDecimal credit, BigDecimal refunded, BigDecimal storeCredit,
                        BigDecimal dueFromCustomer) {
    }
}

package com.jxc.returns.api.query;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * Debit and credit totals per account and currency; {@code balance} is debit minus credit (negative: a credit
 * balance). Per currency, total debits equal total credits and the balances sum to zero.
 */
public record TrialBalance(Instant from, Instant to, List<Row> accounts, List<Total> totals) {

    public TrialBalance {
        accounts = List.copyOf(accounts);
        totals = List.copyOf(totals);
    }

    public record Row(String account, String name, String currency, BigDecimal debit, BigDecimal credit,
                      BigDecimal balance) {
    }

    public record Total(String currency, BigDecimal debit, BigDecimal credit, boolean balanced) {
    }
}

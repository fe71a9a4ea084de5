package com.jxc.returns.api.query;

import java.time.Instant;

/** Debits and credits per account over the postings in [{@code from}, {@code to}); both bounds optional. */
public record FindTrialBalanceQuery(Instant from, Instant to) {
}

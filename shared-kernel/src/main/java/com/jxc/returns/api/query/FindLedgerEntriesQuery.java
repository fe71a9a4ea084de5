package com.jxc.returns.api.query;

import java.time.Instant;

/**
 * Ledger postings, oldest first; every filter is optional. {@code account} is a code of the chart of accounts,
 * {@code from} is inclusive and {@code to} exclusive; pages start at 0.
 */
public record FindLedgerEntriesQuery(String returnId, String account, Instant from, Instant to, int page, int size) {
}

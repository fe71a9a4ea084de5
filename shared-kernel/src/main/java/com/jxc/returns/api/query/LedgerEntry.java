package com.jxc.returns.api.query;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * One balanced posting (one financial fact of one return): its debits equal its credits. {@code sku},
 * {@code quantity} and {@code unitCost} are set on postings at cost (inventory movements), null elsewhere.
 */
public record LedgerEntry(String entryId, String kind, String returnId, String orderId, String customerId,
                          Instant occurredAt, String currency, String description, List<Line> lines, String sku,
                          Integer quantity, BigDecimal unitCost) {

    public LedgerEntry {
        lines = lines == null ? List.of() : List.copyOf(lines);
    }

    /** One side of a posting: exactly one of {@code debit} and {@code credit} is non-zero. */
    public record Line(String account, String accountName, BigDecimal debit, BigDecimal credit) {
    }
}

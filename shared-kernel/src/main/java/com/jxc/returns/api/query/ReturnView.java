package com.jxc.returns.api.query;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** A return as the worklist and detail screens show it. {@code version} is the last applied event's sequence. */
public record ReturnView(String returnId, long version, String state, String orderId, String customerId,
                         String warehouse, String currency, List<Line> lines, String reason, String reasonText,
                         String channel, String wantedResolution, String requestedBy, Instant requestedAt,
                         Instant updatedAt) {

    public record Line(int lineNo, String sku, String category, int requested, String condition,
                       BigDecimal unitPrice) {
    }
}

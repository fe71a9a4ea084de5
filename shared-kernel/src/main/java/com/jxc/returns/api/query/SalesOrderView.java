package com.jxc.returns.api.query;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * A shipped order as the sales-orders read model shows it: its customer, warehouse, shipment and lines, and per line
 * the units that returns hold ({@code reserved}: requested by open returns and kept by completed ones). Only a hint
 * for a return form; the order aggregate decides when a return is submitted. {@code version} is the sequence number
 * of the order's last event applied. The customer's contact is not kept.
 */
public record SalesOrderView(String orderId, long version, String customerId, String customerName, String warehouse,
                             Instant shippedAt, String currency, List<Line> lines) {

    public SalesOrderView {
        lines = lines == null ? List.of() : List.copyOf(lines);
    }

    public record Line(int lineNo, String sku, String category, int shipped, int reserved, BigDecimal unitPrice) {

        /** Shipped units no return holds. */
        public int returnable() {
            return Math.max(0, shipped - reserved);
        }
    }
}

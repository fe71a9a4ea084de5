package com.jxc.returns.api.query;

import com.jxc.returns.api.salesorder.SalesOrderId;

import java.util.Objects;

/** One shipped order with what is still returnable of each line; answered by a {@link SalesOrderView} (none for an
 * order the service has not recorded). */
public record FindSalesOrderQuery(SalesOrderId orderId) {
    public FindSalesOrderQuery {
        Objects.requireNonNull(orderId, "order id is required");
    }
}

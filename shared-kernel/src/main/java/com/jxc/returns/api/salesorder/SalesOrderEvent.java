package com.jxc.returns.api.salesorder;

/** Everything that happens to a sales order inside the returns service. */
public sealed interface SalesOrderEvent permits SalesOrderRecorded, ReturnQuantityReserved, ReturnQuantityReleased {
    SalesOrderId orderId();
}

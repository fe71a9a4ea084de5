package com.jxc.returns.api.salesorder;

import com.jxc.returns.api.common.EventTypeName;
import com.jxc.returns.api.common.WarehouseId;
import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.Currency;
import java.util.List;

/** A shipped order as the sales system reported it: the units and prices every return is measured against. */
@EventTypeName("SalesOrderRecorded")
@Revision("1")
public record SalesOrderRecorded(SalesOrderId orderId, Customer customer, WarehouseId warehouse, Instant shippedAt,
                                 Currency currency, List<SalesOrderLine> lines) implements SalesOrderEvent {
}

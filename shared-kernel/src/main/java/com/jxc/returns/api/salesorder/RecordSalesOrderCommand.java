package com.jxc.returns.api.salesorder;

import com.jxc.returns.api.common.WarehouseId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
import java.util.Currency;
import java.util.List;

public record RecordSalesOrderCommand(@TargetAggregateIdentifier SalesOrderId orderId, Customer customer,
                                      WarehouseId warehouse, Instant shippedAt, Currency currency,
                                      List<SalesOrderLine> lines) {
    public RecordSalesOrderCommand {
        lines = List.copyOf(lines);
    }
}

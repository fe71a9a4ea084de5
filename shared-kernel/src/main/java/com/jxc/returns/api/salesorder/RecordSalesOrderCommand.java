package com.jxc.returns.api.salesorder;

import com.jxc.returns.api.common.WarehouseId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.Objects;

public record RecordSalesOrderCommand(@TargetAggregateIdentifier SalesOrderId orderId, Customer customer,
                                      WarehouseId warehouse, Instant shippedAt, Currency currency,
                                      List<SalesOrderLine> lines) {
    public RecordSalesOrderCommand {
        Objects.requireNonNull(orderId, "order id is required");
        Objects.requireNonNull(customer, "customer is required");
        Objects.requireNonNull(warehouse, "warehouse is required");
        Objects.requireNonNull(shippedAt, "shipped-at is required");
        Objects.requireNonNull(currency, "currency is required");
        lines = List.copyOf(lines);
    }
}

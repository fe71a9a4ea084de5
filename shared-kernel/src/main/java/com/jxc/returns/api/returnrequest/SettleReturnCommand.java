package com.jxc.returns.api.returnrequest;

import com.jxc.returns.api.common.Money;
import com.jxc.returns.api.common.Quantity;
import com.jxc.returns.api.common.Sku;
import com.jxc.returns.api.common.UserId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

import java.time.Instant;

/**
 * Settle by refund, store credit or exchange. For an exchange, {@code exchangeSku} defaults to the returned SKU of a
 * one-line return and {@code exchangeUnitPrice} to that order line's price; another SKU needs its price.
 */
public record SettleReturnCommand(@TargetAggregateIdentifier ReturnRequestId returnId, SettlementMethod method,
                                  Sku exchangeSku, Quantity exchangeQuantity, Money exchangeUnitPrice,
                                  UserId settledBy, Instant settledAt,
                                  @TargetAggregateVersion Long expectedVersion) {

    /** Without an expected version: applied to whatever version the return is at. */
    public SettleReturnCommand(ReturnRequestId returnId, SettlementMethod method, Sku exchangeSku,
                               Quantity exchangeQuantity, Money exchangeUnitPrice, UserId settledBy,
                               Instant settledAt) {
        this(returnId, method, exchangeSku, exchangeQuantity, exchangeUnitPrice, settledBy, settledAt, null);
    }
}

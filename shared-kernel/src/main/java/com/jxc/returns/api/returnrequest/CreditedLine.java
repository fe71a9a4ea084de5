package com.jxc.returns.api.returnrequest;

import com.jxc.returns.api.common.Money;
import com.jxc.returns.api.common.Quantity;
import com.jxc.returns.api.common.Sku;

/** Units the customer is credited for, at the order's unit price (and cost, where the order line has one). */
public record CreditedLine(int lineNo, Sku sku, String category, Quantity quantity, Money unitPrice, Money unitCost) {
    public Money value() {
        return unitPrice.times(quantity.value());
    }
}

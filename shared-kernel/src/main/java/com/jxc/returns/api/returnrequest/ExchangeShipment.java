package com.jxc.returns.api.returnrequest;

import com.jxc.returns.api.common.Money;
import com.jxc.returns.api.common.Quantity;
import com.jxc.returns.api.common.Sku;

/** Replacement goods that leave stock for the customer. */
public record ExchangeShipment(Sku sku, Quantity quantity, Money unitPrice) {
    public Money value() {
        return unitPrice.times(quantity.value());
    }
}

package com.jxc.returns.api.purchasing;

import com.jxc.returns.api.common.Money;
import com.jxc.returns.api.common.Quantity;
import com.jxc.returns.api.common.Sku;

import java.util.Objects;

/** Units of one SKU received from a supplier; {@code unitCost} is optional. */
public record ReceiptLine(Sku sku, Quantity quantity, Money unitCost) {
    public ReceiptLine {
        Objects.requireNonNull(sku, "sku is required");
        Objects.requireNonNull(quantity, "quantity is required");
        if (quantity.isZero()) {
            throw new IllegalArgumentException("received quantity must be positive");
        }
        if (unitCost != null && unitCost.isNegative()) {
            throw new IllegalArgumentException("unit cost must not be negative");
        }
    }
}

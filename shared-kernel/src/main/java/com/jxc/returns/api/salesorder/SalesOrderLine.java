package com.jxc.returns.api.salesorder;

import com.jxc.returns.api.common.Money;
import com.jxc.returns.api.common.Quantity;
import com.jxc.returns.api.common.Sku;

import java.util.List;
import java.util.Objects;

/** One shipped line. {@code unitCost} is optional; without it no inventory-at-cost posting is made. */
public record SalesOrderLine(int lineNo, Sku sku, String category, Quantity quantity, Money unitPrice, Money unitCost,
                             List<String> serialNumbers) {
    public SalesOrderLine {
        if (lineNo < 1 || lineNo > 10_000) {
            throw new IllegalArgumentException("line number must be between 1 and 10000");
        }
        Objects.requireNonNull(sku, "sku is required");
        category = Customer.requireText(category, "product category", 100);
        Objects.requireNonNull(quantity, "quantity is required");
        if (quantity.isZero()) {
            throw new IllegalArgumentException("shipped quantity must be positive");
        }
        Objects.requireNonNull(unitPrice, "unit price is required");
        if (unitPrice.isNegative() || (unitCost != null && unitCost.isNegative())) {
            throw new IllegalArgumentException("unit price and cost must not be negative");
        }
        serialNumbers = serialNumbers == null ? List.of() : List.copyOf(serialNumbers);
    }
}

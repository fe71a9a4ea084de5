package com.jxc.returns.api.salesorder;

import com.jxc.returns.api.common.Quantity;

import java.util.Objects;

public record LineQuantity(int lineNo, Quantity quantity) {
    public LineQuantity {
        Objects.requireNonNull(quantity, "quantity is required");
    }
}

package com.jxc.returns.api.returnrequest;

import com.jxc.returns.api.common.Quantity;

import java.util.Objects;

/** A line as the customer asks to return it: which order line, how many, in what state. */
public record RequestedLine(int lineNo, Quantity quantity, ReportedCondition condition) {
    public RequestedLine {
        Objects.requireNonNull(quantity, "quantity is required");
        Objects.requireNonNull(condition, "reported condition is required");
        if (quantity.isZero()) {
            throw new IllegalArgumentException("quantity to return must be positive");
        }
    }
}

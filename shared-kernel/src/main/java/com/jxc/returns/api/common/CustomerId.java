package com.jxc.returns.api.common;

public record CustomerId(String value) implements SingleValue {
    public CustomerId {
        Identifiers.requireSafe(value, "customer id");
    }

    @Override
    public String toString() {
        return value;
    }
}

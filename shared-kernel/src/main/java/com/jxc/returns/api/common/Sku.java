package com.jxc.returns.api.common;

public record Sku(String value) implements SingleValue {
    public Sku {
        Identifiers.requireSafe(value, "SKU");
    }

    @Override
    public String toString() {
        return value;
    }
}

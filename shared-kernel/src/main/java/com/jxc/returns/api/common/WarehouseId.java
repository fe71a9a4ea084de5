package com.jxc.returns.api.common;

public record WarehouseId(String value) implements SingleValue {
    public WarehouseId {
        Identifiers.requireSafe(value, "warehouse id");
    }

    @Override
    public String toString() {
        return value;
    }
}

package com.jxc.returns.api.common;

public record UserId(String value) implements SingleValue {
    public UserId {
        Identifiers.requireSafe(value, "user id");
    }

    @Override
    public String toString() {
        return value;
    }
}

package com.jxc.returns.api.returnrequest;

import com.jxc.returns.api.common.Identifiers;
import com.jxc.returns.api.common.SingleValue;

public record ReturnRequestId(String value) implements SingleValue {
    public ReturnRequestId {
        Identifiers.requireSafe(value, "return id");
    }

    @Override
    public String toString() {
        return value;
    }
}

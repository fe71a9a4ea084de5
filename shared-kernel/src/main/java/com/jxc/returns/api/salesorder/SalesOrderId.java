package com.jxc.returns.api.salesorder;

import com.jxc.returns.api.common.Identifiers;
import com.jxc.returns.api.common.SingleValue;

public record SalesOrderId(String value) implements SingleValue {
    public SalesOrderId {
        Identifiers.requireSafe(value, "sales order id");
    }

    @Override
    public String toString() {
        return value;
    }
}

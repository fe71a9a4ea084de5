package com.jxc.returns.api.purchasing;

import com.jxc.returns.api.common.Identifiers;
import com.jxc.returns.api.common.SingleValue;

public record PurchaseReceiptId(String value) implements SingleValue {
    public PurchaseReceiptId {
        Identifiers.requireSafe(value, "purchase receipt id");
    }

    @Override
    public String toString() {
        return value;
    }
}

package com.jxc.returns.api.purchasing;

public sealed interface PurchaseReceiptEvent permits GoodsReceived {
    PurchaseReceiptId receiptId();
}

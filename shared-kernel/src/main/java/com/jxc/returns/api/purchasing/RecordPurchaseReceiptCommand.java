package com.jxc.returns.api.purchasing;

import com.jxc.returns.api.common.WarehouseId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
import java.util.List;

public record RecordPurchaseReceiptCommand(@TargetAggregateIdentifier PurchaseReceiptId receiptId, String supplier,
                                           WarehouseId warehouse, Instant receivedAt, List<ReceiptLine> lines) {
    public RecordPurchaseReceiptCommand {
        lines = List.copyOf(lines);
    }
}

package com.jxc.returns.api.purchasing;

import com.jxc.returns.api.common.EventTypeName;
import com.jxc.returns.api.common.WarehouseId;
import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.List;

/** Goods from a supplier entered stock (采购入库): where stock levels start. */
@EventTypeName("GoodsReceived")
@Revision("1")
public record GoodsReceived(PurchaseReceiptId receiptId, String supplier, WarehouseId warehouse, Instant receivedAt,
                            List<ReceiptLine> lines) implements PurchaseReceiptEvent {
}

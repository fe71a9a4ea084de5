package com.jxc.returns.api.returnrequest;

import com.jxc.returns.api.common.CustomerId;
import com.jxc.returns.api.common.EventTypeName;
import com.jxc.returns.api.common.Money;
import com.jxc.returns.api.common.UserId;
import com.jxc.returns.api.common.WarehouseId;
import com.jxc.returns.api.salesorder.SalesOrderId;
import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.List;

/**
 * A finance user proposed a settlement that pays out more than the policy's dual-control threshold (四眼原则): no
 * money moves until a different finance user confirms it, which settles the return with exactly these amounts.
 * {@code payout} is what leaves the business (refund + store credit, or the exchange goods plus any refund).
 */
@EventTypeName("SettlementProposed")
@Revision("1")
public record SettlementProposed(ReturnRequestId returnId, SalesOrderId orderId, CustomerId customerId,
                                 WarehouseId warehouse, SettlementMethod method, List<CreditedLine> creditedLines,
                                 Money goodsValue, Money restockingFee, boolean feeWaived, Money credit,
                                 ExchangeShipment exchange, Money refunded, Money storeCredit, Money dueFromCustomer,
                                 boolean keepItem, Money payout, Money dualControlThreshold, UserId proposedBy,
                                 Instant proposedAt, int policyVersion) implements ReturnRequestEvent {
    public SettlementProposed {
        creditedLines = List.copyOf(creditedLines);
    }
}

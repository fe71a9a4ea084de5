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

/** Finance settled the return (财务处理). Amounts are computed from what was credited, never typed in.
 * {@code credit} = goods value − restocking fee. A refund pays it out, store credit keeps it for the customer, an
 * exchange ships replacement goods against it: a positive difference is refunded, a negative one is due. */
@EventTypeName("ReturnSettled")
@Revision("1")
public record ReturnSettled(ReturnRequestId returnId, SalesOrderId orderId, CustomerId customerId, WarehouseId warehouse,
                            SettlementMethod method, List<CreditedLine> creditedLines, Money goodsValue,
                            Money restockingFee, boolean feeWaived, Money credit, ExchangeShipment exchange,
                            Money refunded, Money storeCredit, Money dueFromCustomer, boolean keepItem,
                            UserId settledBy, Instant settledAt, int policyVersion) implements ReturnRequestEvent {
}

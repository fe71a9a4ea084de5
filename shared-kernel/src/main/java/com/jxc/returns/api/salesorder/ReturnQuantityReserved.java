package com.jxc.returns.api.salesorder;

import com.jxc.returns.api.common.EventTypeName;
import com.jxc.returns.api.returnrequest.ReturnRequestId;
import org.axonframework.serialization.Revision;

import java.util.List;

/** Units of an order held for one return, so that no two returns can claim the same unit. */
@EventTypeName("ReturnQuantityReserved")
@Revision("1")
public record ReturnQuantityReserved(SalesOrderId orderId, ReturnRequestId returnId, List<LineQuantity> lines)
        implements SalesOrderEvent {
}

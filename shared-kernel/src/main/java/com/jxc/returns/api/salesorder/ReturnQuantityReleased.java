package com.jxc.returns.api.salesorder;

import com.jxc.returns.api.common.EventTypeName;
import com.jxc.returns.api.returnrequest.ReturnRequestId;
import org.axonframework.serialization.Revision;

import java.util.List;

/** Reserved units given back to the order (rejection, cancellation, expiry, partial approval). */
@EventTypeName("ReturnQuantityReleased")
@Revision("1")
public record ReturnQuantityReleased(SalesOrderId orderId, ReturnRequestId returnId, List<LineQuantity> lines,
                                     String cause) implements SalesOrderEvent {
}

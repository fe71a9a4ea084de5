package com.jxc.returns.api.returnrequest;

import com.jxc.returns.api.common.EventTypeName;
import com.jxc.returns.api.common.UserId;
import com.jxc.returns.api.salesorder.SalesOrderId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** Withdrawn before the goods were received. */
@EventTypeName("ReturnCancelled")
@Revision("1")
public record ReturnCancelled(ReturnRequestId returnId, SalesOrderId orderId, String reason, UserId cancelledBy,
                              Instant cancelledAt) implements ReturnRequestEvent {
}

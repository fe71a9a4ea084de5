package com.jxc.returns.api.returnrequest;

import com.jxc.returns.api.common.EventTypeName;
import com.jxc.returns.api.salesorder.SalesOrderId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** The goods did not arrive by the receipt deadline. */
@EventTypeName("ReturnExpired")
@Revision("1")
public record ReturnExpired(ReturnRequestId returnId, SalesOrderId orderId, Instant receiptDeadline, Instant expiredAt) implements ReturnRequestEvent {
}

package com.jxc.returns.api.returnrequest;

import com.jxc.returns.api.common.EventTypeName;
import com.jxc.returns.api.common.UserId;
import com.jxc.returns.api.salesorder.SalesOrderId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** Refused by a reviewer (审核未通过), with the reason the customer is told. */
@EventTypeName("ReturnRejected")
@Revision("1")
public record ReturnRejected(ReturnRequestId returnId, SalesOrderId orderId, String reason, UserId rejectedBy,
                             Instant rejectedAt, int policyVersion) implements ReturnRequestEvent {
}

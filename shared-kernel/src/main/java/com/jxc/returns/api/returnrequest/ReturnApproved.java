package com.jxc.returns.api.returnrequest;

import com.jxc.returns.api.common.EventTypeName;
import com.jxc.returns.api.common.UserId;
import com.jxc.returns.api.salesorder.LineQuantity;
import com.jxc.returns.api.salesorder.SalesOrderId;
import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.List;

/** Approved in whole or in part (审核通过), by a reviewer or automatically by the policy. */
@EventTypeName("ReturnApproved")
@Revision("1")
public record ReturnApproved(ReturnRequestId returnId, SalesOrderId orderId, List<LineQuantity> lines, boolean automatic,
                             UserId approvedBy, Instant approvedAt, int policyVersion, String windowOverrideReason,
                             String comment) implements ReturnRequestEvent {
}

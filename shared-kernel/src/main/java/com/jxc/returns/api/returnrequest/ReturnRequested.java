package com.jxc.returns.api.returnrequest;

import com.jxc.returns.api.common.EventTypeName;
import com.jxc.returns.api.common.UserId;
import com.jxc.returns.api.common.WarehouseId;
import com.jxc.returns.api.salesorder.Customer;
import com.jxc.returns.api.salesorder.SalesOrderId;
import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.Currency;
import java.util.List;

/** A return request (退货申请) against a shipped order, with the policy's verdict on it. */
@EventTypeName("ReturnRequested")
@Revision("1")
public record ReturnRequested(ReturnRequestId returnId, SalesOrderId orderId, Customer customer,
                              WarehouseId warehouse, Currency currency, Instant shippedAt, List<ReturnLine> lines,
                              ReturnReason reason, String reasonText, Channel channel, Resolution wantedResolution,
                              UserId requestedBy, Instant requestedAt, ReviewAssessment assessment)
        implements ReturnRequestEvent {
}

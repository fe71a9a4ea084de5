package com.jxc.returns.api.returnrequest;

import com.jxc.returns.api.common.CustomerId;
import com.jxc.returns.api.common.EventTypeName;
import com.jxc.returns.api.common.UserId;
import com.jxc.returns.api.common.WarehouseId;
import com.jxc.returns.api.salesorder.SalesOrderId;
import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.Currency;
import java.util.List;

@EventTypeName("ReturnRequested")
@Revision("1")
public record ReturnRequested(ReturnRequestId returnId, SalesOrderId orderId, CustomerId customerId,
                              WarehouseId warehouse, Currency currency, List<ReturnLine> lines, ReturnReason reason,
                              String reasonText, Channel channel, Resolution wantedResolution, UserId requestedBy,
                              Instant requestedAt) implements ReturnRequestEvent {
}

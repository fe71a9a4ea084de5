package com.jxc.returns.api.returnrequest;

import com.jxc.returns.api.common.EventTypeName;
import com.jxc.returns.api.common.UserId;
import com.jxc.returns.api.common.WarehouseId;
import com.jxc.returns.api.salesorder.SalesOrderId;
import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.List;

/** Where every received unit went after inspection (质检). */
@EventTypeName("ReturnInspected")
@Revision("1")
public record ReturnInspected(ReturnRequestId returnId, SalesOrderId orderId, WarehouseId warehouse,
                              List<InspectedLine> lines, UserId inspectedBy, Instant inspectedAt) implements ReturnRequestEvent {
}

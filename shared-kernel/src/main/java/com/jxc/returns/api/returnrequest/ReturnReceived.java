package com.jxc.returns.api.returnrequest;

import com.jxc.returns.api.common.EventTypeName;
import com.jxc.returns.api.common.UserId;
import com.jxc.returns.api.common.WarehouseId;
import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.List;

/** What arrived at the warehouse (退货入库), line by line, with every discrepancy. */
@EventTypeName("ReturnReceived")
@Revision("1")
public record ReturnReceived(ReturnRequestId returnId, WarehouseId warehouse, List<ReceivedLine> lines,
                             UserId receivedBy, Instant receivedAt) implements ReturnRequestEvent {
}

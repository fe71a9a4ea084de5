package com.jxc.returns.api.returnrequest;

import com.jxc.returns.api.common.EventTypeName;
import com.jxc.returns.api.common.UserId;
import com.jxc.returns.api.salesorder.SalesOrderId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * A second finance user declined the settlement {@code proposedBy} proposed (四眼原则): no money moved, and the
 * return is back in {@code returnedTo} (INSPECTED, or APPROVED when the customer keeps the goods), waiting for
 * finance to settle it again.
 */
@EventTypeName("SettlementDeclined")
@Revision("1")
public record SettlementDeclined(ReturnRequestId returnId, SalesOrderId orderId, String reason, UserId proposedBy,
                                 UserId declinedBy, Instant declinedAt, ReturnState returnedTo)
        implements ReturnRequestEvent {
}

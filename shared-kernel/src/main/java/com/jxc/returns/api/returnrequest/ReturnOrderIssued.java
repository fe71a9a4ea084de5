package com.jxc.returns.api.returnrequest;

import com.jxc.returns.api.common.EventTypeName;
import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.List;

/** The return order (退货单) the customer ships the goods back with, or keeps them under. */
@EventTypeName("ReturnOrderIssued")
@Revision("1")
public record ReturnOrderIssued(ReturnRequestId returnId, String returnOrderNumber, List<ReturnLine> lines,
                                String instructions, Instant receiptDeadline, boolean keepItem, Instant issuedAt,
                                int policyVersion) implements ReturnRequestEvent {
}

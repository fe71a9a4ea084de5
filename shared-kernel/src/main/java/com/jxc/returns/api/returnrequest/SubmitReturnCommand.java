package com.jxc.returns.api.returnrequest;

import com.jxc.returns.api.common.UserId;
import com.jxc.returns.api.salesorder.SalesOrderId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
import java.util.List;

public record SubmitReturnCommand(@TargetAggregateIdentifier ReturnRequestId returnId, SalesOrderId orderId,
                                  List<RequestedLine> lines, ReturnReason reason, String reasonText, Channel channel,
                                  Resolution wantedResolution, UserId requestedBy, Instant requestedAt) {
    public SubmitReturnCommand {
        lines = List.copyOf(lines);
    }
}

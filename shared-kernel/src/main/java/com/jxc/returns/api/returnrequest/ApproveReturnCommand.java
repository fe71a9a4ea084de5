package com.jxc.returns.api.returnrequest;

import com.jxc.returns.api.common.UserId;
import com.jxc.returns.api.salesorder.LineQuantity;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
import java.util.List;

/** Approve all requested units ({@code lines} empty) or, per line, at most the requested quantity. */
public record ApproveReturnCommand(@TargetAggregateIdentifier ReturnRequestId returnId, List<LineQuantity> lines,
                                   String windowOverrideReason, String comment, UserId approvedBy,
                                   Instant approvedAt) {
    public ApproveReturnCommand {
        lines = lines == null ? List.of() : List.copyOf(lines);
    }
}

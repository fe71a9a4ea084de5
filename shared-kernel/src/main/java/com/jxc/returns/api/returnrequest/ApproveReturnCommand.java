package com.jxc.returns.api.returnrequest;

import com.jxc.returns.api.common.UserId;
import com.jxc.returns.api.salesorder.LineQuantity;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

import java.time.Instant;
import java.util.List;

/** Approve all requested units ({@code lines} empty) or, per line, at most the requested quantity. */
public record ApproveReturnCommand(@TargetAggregateIdentifier ReturnRequestId returnId, List<LineQuantity> lines,
                                   String windowOverrideReason, String comment, UserId approvedBy, Instant approvedAt,
                                   @TargetAggregateVersion Long expectedVersion) {

    /** Without an expected version: applied to whatever version the return is at. */
    public ApproveReturnCommand(ReturnRequestId returnId, List<LineQuantity> lines, String windowOverrideReason,
                                String comment, UserId approvedBy, Instant approvedAt) {
        this(returnId, lines, windowOverrideReason, comment, approvedBy, approvedAt, null);
    }

    public ApproveReturnCommand {
        lines = lines == null ? List.of() : List.copyOf(lines);
    }
}

package com.jxc.returns.api.returnrequest;

import com.jxc.returns.api.common.UserId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

import java.time.Instant;

public record RejectReturnCommand(@TargetAggregateIdentifier ReturnRequestId returnId, String reason,
                                  UserId rejectedBy, Instant rejectedAt, @TargetAggregateVersion Long expectedVersion) {

    /** Without an expected version: applied to whatever version the return is at. */
    public RejectReturnCommand(ReturnRequestId returnId, String reason, UserId rejectedBy, Instant rejectedAt) {
        this(returnId, reason, rejectedBy, rejectedAt, null);
    }
}

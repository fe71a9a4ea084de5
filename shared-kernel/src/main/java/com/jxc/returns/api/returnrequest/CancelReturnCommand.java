package com.jxc.returns.api.returnrequest;

import com.jxc.returns.api.common.UserId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

import java.time.Instant;

public record CancelReturnCommand(@TargetAggregateIdentifier ReturnRequestId returnId, String reason,
                                  UserId cancelledBy, Instant cancelledAt,
                                  @TargetAggregateVersion Long expectedVersion) {

    /** Without an expected version: applied to whatever version the return is at. */
    public CancelReturnCommand(ReturnRequestId returnId, String reason, UserId cancelledBy, Instant cancelledAt) {
        this(returnId, reason, cancelledBy, cancelledAt, null);
    }
}

package com.jxc.returns.api.returnrequest;

import com.jxc.returns.api.common.UserId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

import java.time.Instant;

/**
 * A second finance user declines a proposed settlement, with a reason; the proposer may not ({@code four-eyes}).
 * Nothing is paid and the return goes back to finance's worklist to be settled again.
 */
public record DeclineSettlementCommand(@TargetAggregateIdentifier ReturnRequestId returnId, String reason,
                                       UserId declinedBy, Instant declinedAt,
                                       @TargetAggregateVersion Long expectedVersion) {
    public DeclineSettlementCommand(ReturnRequestId returnId, String reason, UserId declinedBy, Instant declinedAt) {
        this(returnId, reason, declinedBy, declinedAt, null);
    }
}

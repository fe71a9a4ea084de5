package com.jxc.returns.api.returnrequest;

import com.jxc.returns.api.common.UserId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

import java.time.Instant;

/** A second finance user confirms a proposed settlement; the proposer may not ({@code four-eyes}). */
public record ConfirmSettlementCommand(@TargetAggregateIdentifier ReturnRequestId returnId, UserId confirmedBy,
                                       Instant confirmedAt, @TargetAggregateVersion Long expectedVersion) {
    public ConfirmSettlementCommand(ReturnRequestId returnId, UserId confirmedBy, Instant confirmedAt) {
        this(returnId, confirmedBy, confirmedAt, null);
    }
}

package com.jxc.returns.api.returnrequest;

import com.jxc.returns.api.common.UserId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

import java.time.Instant;

public record GiveFeedbackCommand(@TargetAggregateIdentifier ReturnRequestId returnId, int rating, String comment,
                                  UserId recordedBy, Instant givenAt, @TargetAggregateVersion Long expectedVersion) {

    /** Without an expected version: applied to whatever version the return is at. */
    public GiveFeedbackCommand(ReturnRequestId returnId, int rating, String comment, UserId recordedBy,
                               Instant givenAt) {
        this(returnId, rating, comment, recordedBy, givenAt, null);
    }

    public GiveFeedbackCommand {
        if (rating < 1 || rating > 5) {
            throw new IllegalArgumentException("rating must be between 1 and 5");
        }
        if (comment != null && comment.length() > 2000) {
            throw new IllegalArgumentException("comment must be at most 2000 characters");
        }
    }
}

package com.jxc.returns.api.returnrequest;

import com.jxc.returns.api.common.UserId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

public record GiveFeedbackCommand(@TargetAggregateIdentifier ReturnRequestId returnId, int rating, String comment, UserId recordedBy, Instant givenAt) {
    public GiveFeedbackCommand {
        if (rating < 1 || rating > 5) {
            throw new IllegalArgumentException("rating must be between 1 and 5");
        }
        if (comment != null && comment.length() > 2000) {
            throw new IllegalArgumentException("comment must be at most 2000 characters");
        }
    }
}

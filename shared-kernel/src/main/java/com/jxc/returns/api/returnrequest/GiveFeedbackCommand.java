package com.jxc.returns.api.returnrequest;

import com.jxc.returns.api.common.UserId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

import java.time.Instant;

/** {@code channel} null = {@link FeedbackChannel#NOT_RECORDED}; {@code expectedVersion} null = any version. */
public record GiveFeedbackCommand(@TargetAggregateIdentifier ReturnRequestId returnId, int rating, String comment,
                                  UserId recordedBy, Instant givenAt, FeedbackChannel channel,
                                  @TargetAggregateVersion Long expectedVersion) {
    public GiveFeedbackCommand {
        if (rating < 1 || rating > 5) {
            throw new IllegalArgumentException("rating must be between 1 and 5");
        }
        if (comment != null && comment.length() > 2000) {
            throw new IllegalArgumentException("comment must be at most 2000 characters");
        }
        if (channel == null) {
            channel = FeedbackChannel.NOT_RECORDED;
        }
    }

    /** Feedback whose channel was not recorded, applied to whatever version the return is at. */
    public GiveFeedbackCommand(ReturnRequestId returnId, int rating, String comment, UserId recordedBy,
                               Instant givenAt) {
        this(returnId, rating, comment, recordedBy, givenAt, FeedbackChannel.NOT_RECORDED, null);
    }
}

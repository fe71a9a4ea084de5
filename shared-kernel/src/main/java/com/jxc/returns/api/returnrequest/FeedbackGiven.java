package com.jxc.returns.api.returnrequest;

import com.jxc.returns.api.common.EventTypeName;
import com.jxc.returns.api.common.UserId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** The customer's rating (1-5) and comment after settlement (客户反馈). */
@EventTypeName("FeedbackGiven")
@Revision("1")
public record FeedbackGiven(ReturnRequestId returnId, int rating, String comment, UserId recordedBy, Instant givenAt) implements ReturnRequestEvent {
}

package com.jxc.returns.api.returnrequest;

import com.jxc.returns.api.common.EventTypeName;
import com.jxc.returns.api.common.UserId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * The customer's rating (1-5) and comment after settlement (客户反馈), and where it was taken.
 * <p>
 * Revision 2 added {@code channel}. Revision-1 events are upcast on reading (the upcaster lives with the storage
 * wiring, {@code com.jxc.returns.app.serialization.upcasting.FeedbackGivenUpcaster}): their channel is
 * {@link FeedbackChannel#NOT_RECORDED}.
 */
@EventTypeName("FeedbackGiven")
@Revision("2")
public record FeedbackGiven(ReturnRequestId returnId, int rating, String comment, UserId recordedBy, Instant givenAt,
                            FeedbackChannel channel) implements ReturnRequestEvent {
}

package com.jxc.returns.api.returnrequest;

import com.jxc.returns.api.common.EventTypeName;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** A message the customer must get about an outcome; the notification outbox delivers it. */
@EventTypeName("CustomerNotificationRequested")
@Revision("1")
public record CustomerNotificationRequested(ReturnRequestId returnId, String notificationId, NotificationTopic topic,
                                            String recipientName, String recipientContact, String returnOrderNumber,
                                            String message, Instant requestedAt) implements ReturnRequestEvent {
}

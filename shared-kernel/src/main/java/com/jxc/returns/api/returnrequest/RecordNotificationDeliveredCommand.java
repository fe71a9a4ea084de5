package com.jxc.returns.api.returnrequest;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/**
 * Sent by the notification delivery after the webhook accepted a notification. Recording one that is already
 * recorded changes nothing (two instances, or a retry after a lost answer, may both send it).
 */
public record RecordNotificationDeliveredCommand(@TargetAggregateIdentifier ReturnRequestId returnId,
                                                 String notificationId, Instant deliveredAt, int attempts) {
}

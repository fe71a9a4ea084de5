package com.jxc.returns.projection.notification;

import com.jxc.returns.api.returnrequest.NotificationTopic;

import java.time.Instant;

/** One requested notification, exactly as the event stream says. */
record OutboxEntry(String notificationId, String returnId, NotificationTopic topic, String recipientName,
                   String recipientContact, String returnOrderNumber, String message, Instant requestedAt) {
}

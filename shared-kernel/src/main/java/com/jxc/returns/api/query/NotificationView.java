package com.jxc.returns.api.query;

import com.jxc.returns.api.returnrequest.NotificationTopic;

import java.time.Instant;

/**
 * One customer notification and how far its delivery to the webhook got. {@code notificationId} is also the
 * delivery id the receiver sees, the same on every attempt. {@code lastError} is the error of the most recent
 * failed attempt (it stays after a later attempt succeeds); {@code nextAttemptAt} is set only while pending.
 */
public record NotificationView(String notificationId, String returnId, NotificationTopic topic, Recipient recipient,
                               String returnOrderNumber, String message, Instant requestedAt, Status status,
                               int attempts, Instant lastAttemptAt, String lastError, Instant nextAttemptAt,
                               Instant deliveredAt) {

    public enum Status {
        PENDING, DELIVERED, FAILED
    }

    public record Recipient(String name, String contact) {
    }
}

package com.jxc.returns.projection.notification;

import com.jxc.returns.api.query.NotificationView.Status;
import com.jxc.returns.projection.support.DocumentMapper;
import org.bson.Document;

import java.time.Duration;
import java.time.Instant;

/**
 * How far the delivery of one notification got. Kept apart from the outbox read model, in a collection that a
 * rebuild does not drop: it records what happened outside the event stream (what the webhook accepted), which no
 * replay could reconstruct: attempts, errors, back-off. {@code body} is the exact JSON sent (and signed) on every
 * attempt. That a notification was delivered is also recorded in the return's event stream
 * ({@code CustomerNotificationDelivered}), which outlives this collection (an import starts without it);
 * {@code recorded} says the stream has it.
 */
record DeliveryState(String notificationId, String returnId, Instant requestedAt, String body, Status status,
                     int attempts, Instant lastAttemptAt, String lastError, Instant nextAttemptAt,
                     Instant deliveredAt, boolean recorded) {

    static DeliveryState pending(String notificationId, String returnId, Instant requestedAt, String body) {
        return new DeliveryState(notificationId, returnId, requestedAt, body, Status.PENDING, 0, null, null,
                requestedAt, null, false);
    }

    /** Delivered, and the event stream says so. */
    boolean isSettled() {
        return status == Status.DELIVERED && recorded;
    }

    /** The webhook accepted it but the event stream does not record that yet. */
    boolean awaitsRecording() {
        return status == Status.DELIVERED && !recorded;
    }

    /** As the event stream records it: delivered at that time after that many attempts; local details are kept. */
    DeliveryState deliveryRecorded(Instant at, int attemptsMade) {
        return new DeliveryState(notificationId, returnId, requestedAt, body, Status.DELIVERED,
                Math.max(attempts, attemptsMade), lastAttemptAt == null || lastAttemptAt.isBefore(at) ? at : lastAttemptAt,
                lastError, null, at,
                true);
    }

    static DeliveryState fromDocument(Document document) {
        return DocumentMapper.fromDocument(document, DeliveryState.class);
    }

    boolean isPending() {
        return status == Status.PENDING;
    }

    DeliveryState delivered(Instant at) {
        return new DeliveryState(notificationId, returnId, requestedAt, body, Status.DELIVERED, attempts + 1, at,
                lastError, null, at, false);
    }

    /** One more failed attempt: pending again after {@code backoff}, or FAILED once {@code maxAttempts} are used. */
    DeliveryState attemptFailed(Instant at, String error, int maxAttempts, Duration backoff) {
        int made = attempts + 1;
        boolean exhausted = made >= maxAttempts;
        return new DeliveryState(notificationId, returnId, requestedAt, body,
                exhausted ? Status.FAILED : Status.PENDING, made, at, error, exhausted ? null : at.plus(backoff),
                null, false);
    }

    /** Given up without an attempt: the notification is too old to be news to the customer. */
    DeliveryState expired(String why) {
        return new DeliveryState(notificationId, returnId, requestedAt, body, Status.FAILED, attempts, lastAttemptAt,
                why, null, null, false);
    }
}

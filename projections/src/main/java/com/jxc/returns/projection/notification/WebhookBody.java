package com.jxc.returns.projection.notification;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.jxc.returns.api.returnrequest.CustomerNotificationRequested;
import com.jxc.returns.api.returnrequest.NotificationTopic;

import java.time.Instant;

/**
 * The JSON the webhook receives. Written once, when the notification is registered, and stored: every attempt
 * sends (and signs) the same bytes. Absent values are sent as {@code null} so that receivers see one shape.
 */
record WebhookBody(String deliveryId, String returnId, NotificationTopic topic, Recipient recipient,
                   String returnOrderNumber, String message, Instant requestedAt) {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .serializationInclusion(JsonInclude.Include.ALWAYS)
            .build();

    record Recipient(String name, String contact) {
    }

    static WebhookBody of(CustomerNotificationRequested event) {
        return new WebhookBody(event.notificationId(), event.returnId().value(), event.topic(),
                new Recipient(event.recipientName(), event.recipientContact()), event.returnOrderNumber(),
                event.message(), event.requestedAt());
    }

    String json() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a notification body is plain data", e);
        }
    }
}

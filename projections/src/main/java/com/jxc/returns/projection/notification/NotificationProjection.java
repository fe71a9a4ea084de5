package com.jxc.returns.projection.notification;

import com.jxc.returns.api.returnrequest.CustomerNotificationDelivered;
import com.jxc.returns.api.returnrequest.CustomerNotificationRequested;
import com.jxc.returns.projection.support.ReadModels;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.stereotype.Component;

/**
 * Keeps the notification outbox: one document per requested notification, keyed by its deterministic id, so an
 * event applied again writes the same document again. The delivery state is registered first and only if absent:
 * a replay or a rebuild finds the state of an already delivered notification and leaves it alone, and the outbox
 * is never visible without its state. A delivery recorded in the stream marks the state delivered, so an outbox
 * rebuilt in a store restored from an export (which has no delivery states yet) does not send it again.
 */
@Component
@ProcessingGroup(NotificationProjection.PROCESSING_GROUP)
class NotificationProjection {

    static final String PROCESSING_GROUP = ReadModels.NOTIFICATIONS;

    private final NotificationRepository outbox;
    private final NotificationDeliveries deliveries;

    NotificationProjection(NotificationRepository outbox, NotificationDeliveries deliveries) {
        this.outbox = outbox;
        this.deliveries = deliveries;
    }

    @EventHandler
    void on(CustomerNotificationRequested event) {
        deliveries.register(DeliveryState.pending(event.notificationId(), event.returnId().value(),
                event.requestedAt(), WebhookBody.of(event).json()));
        outbox.save(new OutboxEntry(event.notificationId(), event.returnId().value(), event.topic(),
                event.recipientName(), event.recipientContact(), event.returnOrderNumber(), event.message(),
                event.requestedAt()));
    }

    @EventHandler
    void on(CustomerNotificationDelivered event) {
        deliveries.recordedInStream(event);
    }

    /** Drops the outbox only; the delivery states outlive a rebuild (see {@link NotificationDeliveries}). */
    @ResetHandler
    void reset() {
        outbox.deleteAll();
    }
}

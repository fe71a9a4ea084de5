package com.jxc.returns.projection.notification;

import com.jxc.returns.api.returnrequest.CustomerNotificationDelivered;
import com.jxc.returns.api.returnrequest.RecordNotificationDeliveredCommand;
import com.jxc.returns.api.returnrequest.ReturnRequestId;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Optional;

/**
 * Where the outcome of a delivery is recorded: the return's event stream, the one record that survives export,
 * import and every rebuild. The delivery asks it before each attempt (the outbox may lag behind the stream, e.g.
 * while a restore rebuilds it) and tells it after the webhook accepted.
 */
interface DeliveryRecord {

    /** A delivered notification as its return's stream records it. */
    record Delivered(Instant deliveredAt, int attempts) {
    }

    /** What the return's stream says about this notification's delivery; read from the store, never a read model. */
    Optional<Delivered> find(String returnId, String notificationId);

    /**
     * Records the delivery on the return (idempotent). Throws when it could not be recorded, e.g.
     * {@link org.axonframework.commandhandling.NoHandlerForCommandException} where no command side runs.
     */
    void record(String returnId, String notificationId, Instant deliveredAt, int attempts);

    @Component
    class InTheEventStream implements DeliveryRecord {

        private final EventStore events;
        private final CommandGateway commands;

        InTheEventStream(EventStore events, CommandGateway commands) {
            this.events = events;
            this.commands = commands;
        }

        @Override
        public Optional<Delivered> find(String returnId, String notificationId) {
            return events.readEvents(returnId).asStream()
                    .map(message -> (Object) message.getPayload())
                    .filter(payload -> payload instanceof CustomerNotificationDelivered delivered
                            && delivered.notificationId().equals(notificationId))
                    .map(CustomerNotificationDelivered.class::cast)
                    .map(delivered -> new Delivered(delivered.deliveredAt(), delivered.attempts()))
                    .findFirst();
        }

        @Override
        public void record(String returnId, String notificationId, Instant deliveredAt, int attempts) {
            commands.sendAndWait(new RecordNotificationDeliveredCommand(new ReturnRequestId(returnId), notificationId,
                    deliveredAt, attempts));
        }
    }
}

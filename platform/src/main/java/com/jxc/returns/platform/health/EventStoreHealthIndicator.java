package com.jxc.returns.platform.health;

import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/** The event store answers with its head position (JDBC engine or Axon Server alike). */
@Component("eventStoreHealthIndicator")
class EventStoreHealthIndicator extends AbstractHealthIndicator {

    private final EventStore eventStore;

    EventStoreHealthIndicator(EventStore eventStore) {
        this.eventStore = eventStore;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        TrackingToken head = eventStore.createHeadToken();
        builder.up().withDetail("store", eventStore.getClass().getSimpleName())
                .withDetail("headPosition", head == null ? -1 : head.position().orElse(-1));
    }
}

package com.jxc.returns.platform.health;

import com.jxc.returns.platform.storage.EventStoreDurability;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/**
 * The event store answers with its head position (JDBC engine or Axon Server alike), and says whether its database
 * keeps an acknowledged commit through a power loss ({@link EventStoreDurability}).
 */
@Component("eventStoreHealthIndicator")
class EventStoreHealthIndicator extends AbstractHealthIndicator {

    private final EventStore eventStore;
    private final EventStoreDurability durability;

    EventStoreHealthIndicator(EventStore eventStore, EventStoreDurability durability) {
        this.eventStore = eventStore;
        this.durability = durability;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        TrackingToken head = eventStore.createHeadToken();
        builder.up().withDetail("store", eventStore.getClass().getSimpleName())
                .withDetail("headPosition", head == null ? -1 : head.position().orElse(-1))
                .withDetail("powerLossSafe", durability.finding().powerLossSafe())
                .withDetail("durability", durability.finding().how());
    }
}

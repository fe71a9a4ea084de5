package com.jxc.returns.platform.observability;

import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.monitoring.MessageMonitor;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BoundedAxonMetricsTest {

    @Test
    void processorMetersAreAxonsWithoutInProcessPercentilesAndWithABoundedCapacity() {
        var registry = new SimpleMeterRegistry();
        @SuppressWarnings("unchecked")
        var monitor = (MessageMonitor<EventMessage<?>>) new BoundedAxonMetrics(registry, Duration.ofSeconds(10))
                .registerEventProcessor("eventProcessor", message -> List.of(Tag.of("processorName", "returns")),
                        message -> List.of(Tag.of("processorName", "returns")));

        for (int i = 0; i < 1_000; i++) {
            monitor.onMessageIngested(GenericEventMessage.asEventMessage("event " + i)).reportSuccess();
        }

        List<Timer> timers = registry.getMeters().stream().filter(Timer.class::isInstance).map(Timer.class::cast)
                .toList();
        assertThat(timers).isNotEmpty();
        assertThat(timers).anySatisfy(timer -> assertThat(timer.count()).isEqualTo(1_000));
        assertThat(timers).allSatisfy(timer ->
                assertThat(timer.takeSnapshot().percentileValues()).as(timer.getId().toString()).isEmpty());
        assertThat(registry.find("eventProcessor.capacity").tag("processorName", "returns").gauge()).isNotNull();
    }
}

package com.jxc.returns.platform.observability;

import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.Message;
import org.axonframework.monitoring.MessageMonitor.MonitorCallback;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class WindowedCapacityMonitorTest {

    private final MockClock clock = new MockClock();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);
    private final WindowedCapacityMonitor monitor = new WindowedCapacityMonitor("eventProcessor", registry,
            Duration.ofSeconds(10), message -> List.of(Tag.of("processorName", message.getPayload().toString())));

    @Test
    void capacityIsTheBusyShareOfTheWindowPerTagSet() {
        handle("returns", 2_000, 3);          // 6 s busy
        handle("ledger", 500, 2);             // 1 s busy
        handleIgnored("ledger", 500);         // ignored messages take time too, as in Axon's monitor

        assertThat(capacity("returns")).isCloseTo(0.6, within(1e-9));
        assertThat(capacity("ledger")).isCloseTo(0.15, within(1e-9));
    }

    @Test
    void handlingThatEndedBeforeTheWindowNoLongerCounts() {
        handle("returns", 1_000, 4);          // ended at 1, 2, 3 and 4 s
        clock.add(Duration.ofSeconds(7));
        handle("returns", 1_000, 1);          // ended at 12 s: the window is (2 s, 12 s]
        assertThat(capacity("returns")).isCloseTo(0.3, within(1e-9));

        clock.add(Duration.ofSeconds(6));     // (8 s, 18 s]
        assertThat(capacity("returns")).isCloseTo(0.1, within(1e-9));
        clock.add(Duration.ofSeconds(10));
        assertThat(capacity("returns")).isZero();
    }

    @Test
    void failuresCountAndManyMessagesNeedNoMoreMemoryThanTheSlices() {
        for (int i = 0; i < 1_000_000; i++) {
            MonitorCallback callback = monitor.onMessageIngested(message("returns"));
            clock.add(1, TimeUnit.MICROSECONDS);
            callback.reportFailure(new IllegalStateException("poison"));
        }
        // one second of handling, all within the last ten seconds
        assertThat(capacity("returns")).isCloseTo(0.1, within(1e-9));
        assertThat(registry.find("eventProcessor.capacity").gauges()).hasSize(1);
    }

    private void handle(String processor, long millis, int count) {
        for (int i = 0; i < count; i++) {
            MonitorCallback callback = monitor.onMessageIngested(message(processor));
            clock.add(millis, TimeUnit.MILLISECONDS);
            callback.reportSuccess();
        }
    }

    private void handleIgnored(String processor, long millis) {
        MonitorCallback callback = monitor.onMessageIngested(message(processor));
        clock.add(millis, TimeUnit.MILLISECONDS);
        callback.reportIgnored();
    }

    private double capacity(String processor) {
        return registry.get("eventProcessor.capacity").tag("processorName", processor).gauge().value();
    }

    private static Message<?> message(String processor) {
        return GenericEventMessage.asEventMessage(processor);
    }
}

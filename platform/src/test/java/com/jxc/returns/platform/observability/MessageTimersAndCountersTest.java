package com.jxc.returns.platform.observability;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.Message;
import org.axonframework.micrometer.MessageCountingMonitor;
import org.axonframework.micrometer.MessageTimerMonitor;
import org.axonframework.monitoring.MessageMonitor;
import org.axonframework.monitoring.MultiMessageMonitor;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

class MessageTimersAndCountersTest {

    private static final Function<Message<?>, Iterable<Tag>> BY_PAYLOAD_TYPE =
            message -> List.of(Tag.of("payloadType", message.getPayloadType().getSimpleName()),
                    Tag.of("processorName", "returns"));

    @Test
    void theSameMetersAndValuesAsAxonsTimerAndCountingMonitors() {
        MockClock axonClock = new MockClock();
        MockClock ourClock = new MockClock();
        var axonRegistry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, axonClock);
        var ourRegistry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, ourClock);
        MessageMonitor<Message<?>> axons = new MultiMessageMonitor<>(List.of(
                MessageTimerMonitor.builder().meterNamePrefix("returns").meterRegistry(axonRegistry)
                        .clock(axonClock).tagsBuilder(BY_PAYLOAD_TYPE)
                        .timerCustomization(timer -> timer.publishPercentiles()).build(),
                MessageCountingMonitor.buildMonitor("returns", axonRegistry, BY_PAYLOAD_TYPE)));
        var ours = new MessageTimersAndCounters("returns", ourRegistry, BY_PAYLOAD_TYPE);

        for (int i = 0; i < 300; i++) {
            Message<?> message = GenericEventMessage.asEventMessage(i % 3 == 0 ? (Object) ("event " + i) : i);
            var axonCallback = axons.onMessageIngested(message);
            var ourCallback = ours.onMessageIngested(message);
            axonClock.add(Duration.ofMillis(i % 7 + 1));
            ourClock.add(Duration.ofMillis(i % 7 + 1));
            switch (i % 5) {
                case 0 -> {
                    axonCallback.reportFailure(new IllegalStateException("boom"));
                    ourCallback.reportFailure(new IllegalStateException("boom"));
                }
                case 1 -> {
                    axonCallback.reportIgnored();
                    ourCallback.reportIgnored();
                }
                default -> {
                    axonCallback.reportSuccess();
                    ourCallback.reportSuccess();
                }
            }
        }

        assertThat(values(ourRegistry)).isEqualTo(values(axonRegistry)).hasSize(18);
        assertThat(ourRegistry.get("returns.successCounter").tag("payloadType", "Integer").counter().count())
                .isPositive();
    }

    private static Map<String, String> values(MeterRegistry registry) {
        Map<String, String> values = new TreeMap<>();
        for (Meter meter : registry.getMeters()) {
            String value = meter.getClass().getSimpleName();
            if (meter instanceof Timer timer) {
                value = timer.count() + " / " + timer.totalTime(TimeUnit.NANOSECONDS) + " ns / max "
                        + timer.max(TimeUnit.NANOSECONDS) + " / percentiles "
                        + timer.takeSnapshot().percentileValues().length;
            } else if (meter instanceof Counter counter) {
                value = String.valueOf(counter.count());
            }
            values.put(meter.getId().getName() + meter.getId().getTags(), value);
        }
        return values;
    }
}

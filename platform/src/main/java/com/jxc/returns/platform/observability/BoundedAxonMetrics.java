package com.jxc.returns.platform.observability;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.Message;
import org.axonframework.micrometer.EventProcessorLatencyMonitor;
import org.axonframework.micrometer.GlobalMetricRegistry;
import org.axonframework.micrometer.TagsUtil;
import org.axonframework.monitoring.MessageMonitor;
import org.axonframework.monitoring.MultiMessageMonitor;
import org.axonframework.queryhandling.QueryMessage;
import org.axonframework.queryhandling.QueryUpdateEmitter;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * Axon's meters (axon-micrometer, dimensional), with three changes: timers publish no client-side percentiles (each
 * timer kept six percentiles over rotating HdrHistograms, 1,600 of them, about 10 MB, once every processor had seen
 * every event type, and percentiles computed per instance cannot be aggregated across instances anyway), each tag
 * set's timers and counters are looked up once ({@link MessageTimersAndCounters}), and the capacity of event processors, buses and the query update emitter is measured by {@link WindowedCapacityMonitor}
 * over {@code returns.metrics.capacity-window} (default ten seconds). Axon's capacity monitor keeps every measurement of its window in memory, one entry per
 * message and component, so under sustained load its ten-minute window holds millions of entries (well over 100 MB
 * at a few thousand events per second across the processors), which BoundedSoakIT saw as a growing heap, and even a
 * ten-second window held 200,000 entries while every read model was rebuilt. The meters' names and tags are Axon's.
 */
public class BoundedAxonMetrics extends GlobalMetricRegistry {

    private final Duration capacityWindow;

    public BoundedAxonMetrics(MeterRegistry registry, Duration capacityWindow) {
        super(registry);
        if (capacityWindow.isNegative() || capacityWindow.isZero()) {
            throw new IllegalArgumentException("the capacity window must be positive");
        }
        this.capacityWindow = capacityWindow;
    }

    /** As Axon's: timer, latency, capacity and counter, with the bounded capacity window. */
    @Override
    public MessageMonitor<? super EventMessage<?>> registerEventProcessor(
            String name, Function<Message<?>, Iterable<Tag>> tags, Function<Message<?>, Iterable<Tag>> latencyTags) {
        return new MultiMessageMonitor<>(List.of(
                new MessageTimersAndCounters(name, getRegistry(), tags),
                EventProcessorLatencyMonitor.builder().meterNamePrefix(name).meterRegistry(getRegistry())
                        .tagsBuilder(latencyTags).build(),
                capacity(name, tags)));
    }

    @Override
    public MessageMonitor<? super CommandMessage<?>> registerCommandBus(String name,
                                                                        Function<Message<?>, Iterable<Tag>> tags) {
        return handlerMonitors(name, tags);
    }

    @Override
    public MessageMonitor<? super QueryMessage<?, ?>> registerQueryBus(String name,
                                                                       Function<Message<?>, Iterable<Tag>> tags) {
        return handlerMonitors(name, tags);
    }

    @Override
    public MessageMonitor<? extends Message<?>> registerComponentWithDefaultTags(Class<?> componentType,
                                                                                 String componentName) {
        if (QueryUpdateEmitter.class.isAssignableFrom(componentType)) {
            return handlerMonitors(componentName, TagsUtil.PAYLOAD_TYPE_TAGGER_FUNCTION);
        }
        return super.registerComponentWithDefaultTags(componentType, componentName);
    }

    /** As Axon's default handler monitors: timer, capacity and counter. */
    private MessageMonitor<Message<?>> handlerMonitors(String name, Function<Message<?>, Iterable<Tag>> tags) {
        return new MultiMessageMonitor<>(List.of(
                new MessageTimersAndCounters(name, getRegistry(), tags),
                capacity(name, tags)));
    }

    private MessageMonitor<Message<?>> capacity(String name, Function<Message<?>, Iterable<Tag>> tags) {
        return new WindowedCapacityMonitor(name, getRegistry(), capacityWindow, tags);
    }
}

package com.jxc.returns.platform.observability;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;

import java.time.Duration;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Gauges per streaming event processor (every read model, and the command-side processes), tagged
 * {@code processor=<processing group>}: {@value #POSITION} (the lowest position its segments have reached, -1 before
 * the first event), {@value #LAG} (events between that and the head of the stream), {@value #DEAD_LETTERS} (events
 * parked in its dead-letter queue, for processors that have one) and {@value #ERROR} (1 while a segment is in error).
 * The head of the stream is read at most once a second however many gauges are scraped.
 */
class ProcessorMetrics {

    static final String POSITION = "returns.processor.position";
    static final String LAG = "returns.processor.lag";
    static final String DEAD_LETTERS = "returns.processor.dead.letters";
    static final String ERROR = "returns.processor.error";
    private static final long HEAD_TTL_NANOS = Duration.ofSeconds(1).toNanos();

    private final EventProcessingConfiguration processing;
    private final EventStore eventStore;
    private long headReadAt;
    private long head = -1;
    private boolean headRead;

    ProcessorMetrics(EventProcessingConfiguration processing, EventStore eventStore) {
        this.processing = processing;
        this.eventStore = eventStore;
    }

    /** Registers the gauges of every streaming processor this instance runs (call once the processors exist). */
    void bindTo(MeterRegistry registry) {
        processing.eventProcessors().forEach((name, processor) -> {
            if (!(processor instanceof StreamingEventProcessor streaming)) {
                return;
            }
            gauge(registry, POSITION, "Lowest stream position the processor's segments have handled", name,
                    streaming, ProcessorMetrics::position);
            gauge(registry, LAG, "Events in the stream the processor has not handled yet", name, streaming,
                    p -> Math.max(0, head() - position(p)));
            gauge(registry, ERROR, "1 while a segment of the processor is in error", name, streaming,
                    p -> p.processingStatus().values().stream().anyMatch(EventTrackerStatus::isErrorState) ? 1 : 0);
            processing.deadLetterQueue(name).ifPresent(queue -> Gauge.builder(DEAD_LETTERS, queue,
                            ProcessorMetrics::size)
                    .description("Events parked in the processor's dead-letter queue")
                    .tag("processor", name).register(registry));
        });
    }

    private static void gauge(MeterRegistry registry, String metric, String description, String name,
                              StreamingEventProcessor processor, ToDoubleFunction<StreamingEventProcessor> value) {
        Gauge.builder(metric, processor, value).description(description).tag("processor", name).register(registry);
    }

    private static double size(SequencedDeadLetterQueue<?> queue) {
        return queue.size();
    }

    private static long position(StreamingEventProcessor processor) {
        Map<Integer, EventTrackerStatus> segments = processor.processingStatus();
        return segments.values().stream().mapToLong(segment -> segment.getCurrentPosition().orElse(-1)).min()
                .orElse(-1);
    }

    private synchronized long head() {
        long now = System.nanoTime();
        if (!headRead || now - headReadAt > HEAD_TTL_NANOS) {
            TrackingToken token = eventStore.createHeadToken();
            head = token == null ? -1 : token.position().orElse(-1);
            headReadAt = now;
            headRead = true;
        }
        return head;
    }
}

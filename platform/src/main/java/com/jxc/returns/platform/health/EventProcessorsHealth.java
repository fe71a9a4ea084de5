package com.jxc.returns.platform.health;

import com.jxc.returns.platform.storage.StoredTokenPositions;
import com.jxc.returns.projection.support.RebuildInOnePass;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * One health entry per event processor this instance runs: its state, position, the head of the stream and the lag.
 * The position is the lowest of its segments: the ones claimed here as this instance sees them, the others as the
 * token store holds them (another instance processes those), so a read model is judged as a whole, whichever instance
 * serves it. {@code DOWN} when a segment here is in error or the processor stopped; {@code OUT_OF_SERVICE} while it
 * replays or is more than {@code returns.health.max-processor-lag} events behind; {@code UNKNOWN} before it has a
 * position (just started: readiness counts that as not ready, the overall status does not). A read model rebuilt with
 * the others in one pass ({@link RebuildInOnePass}) is {@code OUT_OF_SERVICE} ("rebuilding") at its lane's position
 * while its own processor waits for the pass to hand over.
 */
@Component("processors")
class EventProcessorsHealth implements CompositeHealthContributor {

    private final EventProcessingConfiguration processing;
    private final EventStore eventStore;
    private final StoredTokenPositions storedPositions;
    private final HealthProperties properties;
    private final ObjectProvider<RebuildInOnePass> onePass;

    EventProcessorsHealth(EventProcessingConfiguration processing, EventStore eventStore,
                          StoredTokenPositions storedPositions, HealthProperties properties,
                          ObjectProvider<RebuildInOnePass> onePass) {
        this.processing = processing;
        this.eventStore = eventStore;
        this.storedPositions = storedPositions;
        this.properties = properties;
        this.onePass = onePass;
    }

    @Override
    public HealthContributor getContributor(String name) {
        return processing.eventProcessor(name, StreamingEventProcessor.class)
                .<HealthContributor>map(processor -> (HealthIndicator) () -> health(processor)).orElse(null);
    }

    @Override
    public Stream<Entry> stream() {
        return processing.eventProcessors().entrySet().stream()
                .filter(entry -> entry.getValue() instanceof StreamingEventProcessor)
                .map(entry -> new Entry(entry.getKey(), getContributor(entry.getKey())))
                .sorted(Comparator.comparing(Entry::name));
    }

    Health health(StreamingEventProcessor processor) {
        var pass = onePass.stream().flatMap(rebuild -> rebuild.progress(processor.getName()).stream()).findFirst();
        if (pass.isPresent()) {
            long head = head();
            long position = pass.get().position();
            return Health.outOfService().withDetail("state", "rebuilding").withDetail("position", position)
                    .withDetail("head", head).withDetail("lag", Math.max(0, head - position))
                    .withDetail("maxLag", properties.maxProcessorLag())
                    .withDetail("rebuiltInOnePassUpTo", pass.get().headAtStart()).build();
        }
        Map<Integer, EventTrackerStatus> here = processor.processingStatus();
        var positions = new TreeMap<Integer, Long>();
        if (!coversWholeStream(here)) {
            try {
                positions.putAll(storedPositions.of(processor.getName()));
            } catch (RuntimeException e) {
                // the read-model store's own health entry says why; this processor's position is then unknown
            }
        }
        here.forEach((segment, status) -> positions.put(segment, status.getCurrentPosition().orElse(-1)));
        long head = head();
        boolean error = processor.isError() || here.values().stream().anyMatch(EventTrackerStatus::isErrorState);
        long position = positions.values().stream().mapToLong(Long::longValue).min().orElse(-1);
        // Axon keeps the replay flag until an event past the reset point arrives, also when there is none yet
        boolean replaying = here.values().stream().anyMatch(EventTrackerStatus::isReplaying) && position < head;
        long lag = Math.max(0, head - position);
        String state;
        Health.Builder health;
        if (error) {
            state = "error";
            health = Health.down();
        } else if (!processor.isRunning()) {
            state = "stopped";
            health = Health.down();
        } else if (positions.isEmpty()) {
            state = "starting";
            health = Health.unknown();
        } else if (replaying) {
            state = "replaying";
            health = Health.outOfService();
        } else if (lag > properties.maxProcessorLag()) {
            state = "catching-up";
            health = Health.outOfService();
        } else {
            state = "following";
            health = Health.up();
        }
        return health.withDetail("state", state).withDetail("position", position).withDetail("head", head)
                .withDetail("lag", lag).withDetail("maxLag", properties.maxProcessorLag())
                .withDetail("segmentsHere", here.keySet()).withDetail("segments", positions.size()).build();
    }

    private static boolean coversWholeStream(Map<Integer, EventTrackerStatus> segments) {
        // a segment with mask m is one (m + 1)-th of the stream
        double covered = segments.values().stream().mapToDouble(s -> 1.0 / (s.getSegment().getMask() + 1)).sum();
        return covered >= 1.0 - 1e-9;
    }

    private long head() {
        TrackingToken head = eventStore.createHeadToken();
        return head == null ? -1 : head.position().orElse(-1);
    }
}

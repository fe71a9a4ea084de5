package com.jxc.returns.platform.health;

import com.jxc.returns.platform.storage.StoredTokenPositions;
import com.jxc.returns.projection.support.RebuildInOnePass;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.SubscribingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributors;
import org.springframework.boot.health.contributor.Status;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

class EventProcessorsHealthTest {

    private static final long HEAD = 5_000;

    private final EventProcessingConfiguration processing = mock(EventProcessingConfiguration.class);
    private final EventStore eventStore = mock(EventStore.class);
    private final StoredTokenPositions stored = mock(StoredTokenPositions.class);
    private final RebuildInOnePass onePass = mock(RebuildInOnePass.class);
    private final EventProcessorsHealth health =
            new EventProcessorsHealth(processing, eventStore, stored, new HealthProperties(1000), provider(onePass));

    @BeforeEach
    void headOfTheStream() {
        when(eventStore.createHeadToken()).thenReturn(new GlobalSequenceTrackingToken(HEAD));
    }

    @Test
    void oneEntryPerStreamingProcessorInNameOrder() {
        StreamingEventProcessor returns = processor("returns", true, false, Map.of(0, segment(0, 0, HEAD, false, false)));
        StreamingEventProcessor ledger = processor("ledger", true, false, Map.of(0, segment(0, 0, HEAD, false, false)));
        Map<String, EventProcessor> all = Map.of("returns", returns, "ledger", ledger,
                "subscribing", mock(SubscribingEventProcessor.class));
        when(processing.eventProcessors()).thenReturn(all);
        when(processing.eventProcessor("returns", StreamingEventProcessor.class)).thenReturn(Optional.of(returns));
        when(processing.eventProcessor("ledger", StreamingEventProcessor.class)).thenReturn(Optional.of(ledger));

        assertThat(health.stream().map(HealthContributors.Entry::name))
                .containsExactly("ledger", "returns");
    }

    @Test
    void followingWithinTheLagIsUpWithPositionHeadAndLag() {
        Health result = health.health(processor("returns", true, false,
                Map.of(0, segment(0, 0, HEAD - 1000, false, false))));

        assertThat(result.getStatus()).isEqualTo(Status.UP);
        assertThat(result.getDetails()).containsEntry("state", "following").containsEntry("position", HEAD - 1000)
                .containsEntry("head", HEAD).containsEntry("lag", 1000L);
    }

    @Test
    void moreThanTheLagBehindIsOutOfServiceUntilCaughtUp() {
        Health result = health.health(processor("returns", true, false,
                Map.of(0, segment(0, 0, HEAD - 1001, false, false))));

        assertThat(result.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
        assertThat(result.getDetails()).containsEntry("state", "catching-up").containsEntry("lag", 1001L);
    }

    @Test
    void replayingIsOutOfServiceUntilItReachesTheHead() {
        Health behind = health.health(processor("returns", true, false,
                Map.of(0, segment(0, 0, HEAD - 10, true, false))));
        Health atTheHead = health.health(processor("returns", true, false,
                Map.of(0, segment(0, 0, HEAD, true, false))));

        assertThat(behind.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
        assertThat(behind.getDetails()).containsEntry("state", "replaying");
        assertThat(atTheHead.getStatus()).as("Axon keeps the flag until a newer event arrives").isEqualTo(Status.UP);
    }

    @Test
    void aSegmentInErrorOrAStoppedProcessorIsDown() {
        Health error = health.health(processor("returns", true, false,
                Map.of(0, segment(0, 0, HEAD, false, true))));
        Health stopped = health.health(processor("returns", false, false, Map.of()));

        assertThat(error.getStatus()).isEqualTo(Status.DOWN);
        assertThat(error.getDetails()).containsEntry("state", "error");
        assertThat(stopped.getStatus()).isEqualTo(Status.DOWN);
        assertThat(stopped.getDetails()).containsEntry("state", "stopped");
    }

    @Test
    void withoutAnyPositionYetItIsUnknown() {
        when(stored.of("returns")).thenReturn(Map.of());

        Health result = health.health(processor("returns", true, false, Map.of()));

        assertThat(result.getStatus()).isEqualTo(Status.UNKNOWN);
        assertThat(result.getDetails()).containsEntry("state", "starting");
    }

    @Test
    void segmentsHeldByAnotherInstanceCountAtTheirStoredPosition() {
        // two segments; this instance holds segment 0 at the head, segment 1 is elsewhere and far behind
        when(stored.of("returns")).thenReturn(Map.of(0, HEAD - 10, 1, HEAD - 3000));

        Health result = health.health(processor("returns", true, false, Map.of(0, segment(0, 1, HEAD, false, false))));

        assertThat(result.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
        assertThat(result.getDetails()).containsEntry("position", HEAD - 3000).containsEntry("segments", 2)
                .containsEntry("lag", 3000L);
    }

    @Test
    void aReadModelRebuiltWithTheOthersInOnePassIsRebuildingAtThePassPositionWhileItsProcessorIsDown() {
        when(onePass.progress("ledger")).thenReturn(Optional.of(new RebuildInOnePass.Progress(HEAD - 300, HEAD)));

        Health rebuilding = health.health(processor("ledger", false, false, Map.of()));
        Health notInThePass = health.health(processor("returns", false, false, Map.of()));

        assertThat(rebuilding.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
        assertThat(rebuilding.getDetails()).containsEntry("state", "rebuilding").containsEntry("position", HEAD - 300)
                .containsEntry("lag", 300L).containsEntry("rebuiltInOnePassUpTo", HEAD);
        assertThat(notInThePass.getStatus()).isEqualTo(Status.DOWN);
        assertThat(notInThePass.getDetails()).containsEntry("state", "stopped");
    }

    @Test
    void anInstanceWithoutReadModelsHasNoPassToAsk() {
        var withoutPass = new EventProcessorsHealth(processing, eventStore, stored, new HealthProperties(1000),
                new DefaultListableBeanFactory().getBeanProvider(RebuildInOnePass.class));

        assertThat(withoutPass.health(processor("receipt-deadlines", false, false, Map.of())).getDetails())
                .containsEntry("state", "stopped");
    }

    private static ObjectProvider<RebuildInOnePass> provider(RebuildInOnePass pass) {
        var beans = new DefaultListableBeanFactory();
        beans.registerSingleton("rebuildInOnePass", pass);
        return beans.getBeanProvider(RebuildInOnePass.class);
    }

    private static StreamingEventProcessor processor(String name, boolean running, boolean error,
                                                     Map<Integer, EventTrackerStatus> segments) {
        StreamingEventProcessor processor = mock(StreamingEventProcessor.class);
        when(processor.getName()).thenReturn(name);
        when(processor.isRunning()).thenReturn(running);
        when(processor.isError()).thenReturn(error);
        when(processor.processingStatus()).thenReturn(segments);
        return processor;
    }

    private static EventTrackerStatus segment(int id, int mask, long position, boolean replaying, boolean error) {
        EventTrackerStatus status = mock(EventTrackerStatus.class);
        when(status.getSegment()).thenReturn(mask == 0 ? Segment.ROOT_SEGMENT : Segment.ROOT_SEGMENT.split()[id]);
        when(status.getCurrentPosition()).thenReturn(OptionalLong.of(position));
        when(status.isReplaying()).thenReturn(replaying);
        when(status.isErrorState()).thenReturn(error);
        return status;
    }
}

package com.jxc.returns.query.admin;

import com.jxc.returns.projection.support.ReadModels;
import com.jxc.returns.projection.support.RebuildInOnePass;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.server.ResponseStatusException;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * A rebuild's status follows the processor's real progress against the head taken when the rebuild started: a
 * processor that has not claimed its segment yet has handled nothing, and one that holds only part of the stream
 * cannot show the rebuild finished.
 */
class ReadModelAdministrationTest {

    private static final String LEDGER = "ledger";

    private final AtomicLong head = new AtomicLong(91);
    private final AtomicReference<Map<Integer, EventTrackerStatus>> segments = new AtomicReference<>();
    private final StreamingEventProcessor processor = mock(StreamingEventProcessor.class);
    private final StreamingEventProcessor returns = mock(StreamingEventProcessor.class);
    private final RebuildInOnePass onePass = mock(RebuildInOnePass.class);
    private final ReadModelAdministration administration;

    ReadModelAdministrationTest() {
        EventProcessingConfiguration processing = mock(EventProcessingConfiguration.class);
        EventStore eventStore = mock(EventStore.class);
        when(processing.eventProcessor(LEDGER, StreamingEventProcessor.class)).thenReturn(Optional.of(processor));
        when(eventStore.createHeadToken()).thenAnswer(call -> new GlobalSequenceTrackingToken(head.get()));
        when(processor.isRunning()).thenReturn(true);
        when(processor.processingStatus()).thenAnswer(call -> segments.get());
        when(processing.eventProcessor(ReadModels.RETURNS, StreamingEventProcessor.class))
                .thenReturn(Optional.of(returns));
        Map<Integer, EventTrackerStatus> returnsAtTheHead = Map.of(0, segmentAt(Segment.ROOT_SEGMENT, 91));
        when(returns.processingStatus()).thenReturn(returnsAtTheHead);
        for (StreamingEventProcessor each : List.of(processor, returns)) {
            when(each.shutdownAsync()).thenReturn(CompletableFuture.completedFuture(null));
        }
        administration = new ReadModelAdministration(processing, eventStore, onePass);
    }

    @AfterEach
    void stopWatching() {
        administration.close();
    }

    @Test
    void aRebuildWhoseProcessorHasNotClaimedItsSegmentYetIsRebuilding() {
        segments.set(Map.of(0, segmentAt(Segment.ROOT_SEGMENT, 91)));
        processorRestartsWithoutClaims();

        ReadModelAdministration.Status accepted = administration.rebuild(LEDGER);

        assertRebuilding(accepted, 0);
        assertThat(accepted.claimedSegments()).isZero();
        assertThat(accepted.position()).isEqualTo(-1);
        assertRebuilding(administration.status(LEDGER), 0);
    }

    @Test
    void aRebuildFinishesWhenTheProcessorReachesTheHeadTakenAtItsStart() {
        segments.set(Map.of(0, segmentAt(Segment.ROOT_SEGMENT, 91)));
        processorRestartsWithoutClaims();
        ReadModelAdministration.Status accepted = administration.rebuild(LEDGER);
        Instant startedAt = accepted.rebuild().startedAt();

        segments.set(Map.of(0, segmentAt(Segment.ROOT_SEGMENT, 40)));
        assertRebuilding(administration.status(LEDGER), 41);

        clockMovesPast(startedAt);
        head.set(120);
        segments.set(Map.of(0, segmentAt(Segment.ROOT_SEGMENT, 91)));
        ReadModelAdministration.Status finished = administration.status(LEDGER);
        ReadModelAdministration.Rebuild rebuild = finished.rebuild();
        assertThat(rebuild.finished()).as("%s", finished).isTrue();
        assertThat(finished.replaying()).isFalse();
        assertThat(rebuild.eventsDone()).isEqualTo(92);
        assertThat(rebuild.eventsTotal()).isEqualTo(92);
        assertThat(rebuild.finishedAt()).isAfter(startedAt);
        assertThat(rebuild.eventsPerSecond()).isPositive();
        assertThat(rebuild.secondsLeft()).isZero();

        clockMovesPast(rebuild.finishedAt());
        segments.set(Map.of(0, segmentAt(Segment.ROOT_SEGMENT, 120)));
        assertThat(administration.status(LEDGER).rebuild()).as("a finished rebuild stays as it finished")
                .isEqualTo(rebuild);
    }

    @Test
    void aProcessorHoldingPartOfTheStreamCannotShowTheRebuildFinished() {
        segments.set(Map.of(0, segmentAt(Segment.ROOT_SEGMENT, 91)));
        processorRestartsWithoutClaims();
        administration.rebuild(LEDGER);
        Segment[] halves = Segment.ROOT_SEGMENT.split();

        segments.set(Map.of(0, segmentAt(halves[0], 91)));
        assertRebuilding(administration.status(LEDGER), 0);

        segments.set(Map.of(0, segmentAt(halves[0], 91), 1, segmentAt(halves[1], 91)));
        assertThat(administration.status(LEDGER).rebuild().finished()).isTrue();
    }

    @Test
    void everyReadModelRebuiltInOnePassShowsThePassUntilItsProcessorTakesOverAndCannotBeRebuiltMeanwhile() {
        segments.set(Map.of(0, segmentAt(Segment.ROOT_SEGMENT, 91)));
        processorRestartsWithoutClaims();

        administration.rebuildAll();

        verify(processor).resetTokens();
        verify(returns).resetTokens();
        verify(onePass).start(List.of(returns, processor), 91);
        verify(processor, never()).start();
        when(processor.isRunning()).thenReturn(false);
        when(onePass.progress(LEDGER)).thenReturn(Optional.of(new RebuildInOnePass.Progress(40, 91)));
        when(onePass.progress(ReadModels.RETURNS)).thenReturn(Optional.of(new RebuildInOnePass.Progress(40, 91)));
        ReadModelAdministration.Status status = administration.status(LEDGER);
        assertRebuilding(status, 41);
        assertThat(status.running()).as("the pass runs for it").isTrue();
        assertThat(status.rebuild().inOnePass()).isTrue();
        assertThatThrownBy(() -> administration.rebuild(LEDGER)).isInstanceOfSatisfying(ResponseStatusException.class,
                e -> assertThat(e.getStatusCode().value()).isEqualTo(409));
        assertThatThrownBy(administration::rebuildAll).isInstanceOfSatisfying(ResponseStatusException.class,
                e -> assertThat(e.getReason()).contains("one pass"));

        when(onePass.progress(LEDGER)).thenReturn(Optional.empty());
        when(processor.isRunning()).thenReturn(true);
        segments.set(Map.of(0, segmentAt(Segment.ROOT_SEGMENT, 91)));
        assertThat(administration.status(LEDGER).rebuild().finished()).as("taken over by its processor").isTrue();
    }

    @Test
    void aReadModelProcessedInPartByAnotherInstanceIsNotResetHere() {
        segments.set(Map.of(0, segmentAt(Segment.ROOT_SEGMENT.split()[0], 91)));

        assertThatThrownBy(() -> administration.rebuild(LEDGER)).isInstanceOfSatisfying(ResponseStatusException.class,
                e -> assertThat(e.getReason()).contains("another instance"));
        assertThatThrownBy(() -> administration.rebuildAll(Duration.ZERO))
                .isInstanceOfSatisfying(ResponseStatusException.class, e -> assertThat(e.getStatusCode().value())
                        .isEqualTo(409));

        verify(processor, never()).shutDown();
        verify(processor, never()).shutdownAsync();
        verify(returns, never()).shutdownAsync();
        verify(onePass, never()).start(any(), anyLong());
    }

    /** Restarted after its reset, the processor holds no segment until its coordinator claims one. */
    private void processorRestartsWithoutClaims() {
        org.mockito.Mockito.doAnswer(call -> {
            segments.set(Map.of());
            return null;
        }).when(processor).resetTokens();
    }

    private static void assertRebuilding(ReadModelAdministration.Status status, long eventsDone) {
        ReadModelAdministration.Rebuild rebuild = status.rebuild();
        assertThat(rebuild).as("%s", status).isNotNull();
        assertThat(rebuild.finished()).as("%s", status).isFalse();
        assertThat(rebuild.finishedAt()).isNull();
        assertThat(rebuild.eventsDone()).isEqualTo(eventsDone);
        assertThat(rebuild.eventsTotal()).isEqualTo(92);
        assertThat(status.replaying()).as("%s", status).isTrue();
    }

    private static EventTrackerStatus segmentAt(Segment segment, long position) {
        EventTrackerStatus status = mock(EventTrackerStatus.class);
        when(status.getSegment()).thenReturn(segment);
        when(status.getCurrentPosition()).thenReturn(OptionalLong.of(position));
        when(status.getResetPosition()).thenReturn(OptionalLong.empty());
        return status;
    }

    /** A later reading of the clock is then a later instant, whatever the clock's resolution. */
    private static void clockMovesPast(Instant instant) {
        while (!Instant.now().isAfter(instant)) {
            Thread.onSpinWait();
        }
    }
}

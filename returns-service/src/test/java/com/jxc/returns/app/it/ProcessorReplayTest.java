package com.jxc.returns.app.it;

import com.jxc.returns.app.testing.Orders;
import com.jxc.returns.app.testing.ServiceOverHttp;
import com.jxc.returns.app.testing.ServiceTest;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.ReplayStatus;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Replaying a streaming processor whose tokens live in the Mongo token store (JDBC events, so gap-aware tokens):
 * every re-delivered event is flagged as a replay, and the processor leaves replay mode at the first new event.
 * AxonFramework#4453 broke exactly this classification for some token types; this guards our combination.
 */
@ServiceTest(properties = {
        "axon.eventhandling.processors.replay-probe.mode=pooled",
        "axon.eventhandling.processors.replay-probe.thread-count=1",
        "axon.eventhandling.processors.replay-probe.initial-segment-count=1"})
@Import(ProcessorReplayTest.ReplayProbe.class)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class ProcessorReplayTest extends ServiceOverHttp {

    private static final Duration PROCESSING = Duration.ofSeconds(30);

    /**
     * Test-only handler, registered by {@code @Import} only (not {@code @Component}, so that no other context that
     * scans com.jxc.returns.app picks it up).
     */
    @ProcessingGroup("replay-probe")
    static class ReplayProbe {

        /**
         * Both ways a handler can tell: the {@link ReplayStatus} parameter and the message's own tracking token.
         * (A {@code TrackingToken} parameter would not do: Axon resolves it unwrapped, never as a ReplayToken.)
         */
        record Delivery(String eventId, String type, boolean replayStatus, boolean replayMessage) {
            boolean flaggedAsReplay() {
                return replayStatus && replayMessage;
            }

            boolean flaggedAsLive() {
                return !replayStatus && !replayMessage;
            }
        }

        final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
        /** The classes on the stack of each call, outermost last. */
        final List<Set<String>> callers = new CopyOnWriteArrayList<>();

        @EventHandler
        void on(Object event, EventMessage<?> message, ReplayStatus status) {
            callers.add(Arrays.stream(new Throwable().getStackTrace()).map(StackTraceElement::getClassName)
                    .collect(Collectors.toSet()));
            deliveries.add(new Delivery(message.getIdentifier(), event.getClass().getSimpleName(), status.isReplay(),
                    ReplayToken.isReplay(message)));
        }
    }


    @Autowired
    ReplayProbe probe;

    @Autowired
    EventProcessingConfiguration processing;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void anEventHandlerIsTimedWithItsBatchNotCallByCall() {
        // the default policy defined at start-up is the first event
        await().atMost(PROCESSING).until(() -> !probe.callers.isEmpty());
        assertThat(probe.callers.get(0))
                .as("the batch's time limit (axon.timeout.transaction.event-processors)")
                .contains("org.axonframework.messaging.timeout.UnitOfWorkTimeoutInterceptor")
                .as("no time limit per handler call, which read the thread's stack at every call")
                .doesNotContain("org.axonframework.messaging.timeout.TimeoutWrappedMessageHandlingMember");
    }

    private List<String> storedEventIds() {
        return jdbc.queryForList("SELECT eventIdentifier FROM DomainEventEntry ORDER BY globalIndex", String.class);
    }

    @Test
    void resetProbeRedeliversEveryEventAsReplayThenTreatsNewEventsAsLive() {
        assertThat(lifecycle.recordOrder(Orders.salesOrder("SO-R-1", 3)).status()).isEqualTo(201);
        assertThat(lifecycle.recordOrder(Orders.salesOrder("SO-R-2", 1)).status()).isEqualTo(201);
        assertThat(lifecycle.submit(Orders.returnOf("SO-R-1", 2)).status()).isEqualTo(201);
        List<String> before = storedEventIds();
        // the default policy defined at start-up, two orders, one reservation, one request
        assertThat(before).hasSize(5);

        await().atMost(PROCESSING).until(() -> probe.deliveries.size() >= before.size());
        assertThat(probe.deliveries).extracting(ReplayProbe.Delivery::eventId).containsExactlyElementsOf(before);
        assertThat(probe.deliveries).allMatch(ReplayProbe.Delivery::flaggedAsLive);

        StreamingEventProcessor processor = processing
                .eventProcessor("replay-probe", StreamingEventProcessor.class).orElseThrow();
        assertThat(processor).isInstanceOf(PooledStreamingEventProcessor.class);
        // no status until a segment is claimed; shutting down before that would race the claim
        await().atMost(PROCESSING).until(() -> !processor.processingStatus().isEmpty());
        processor.shutDown();
        assertThat(processor.supportsReset()).isTrue();
        int deliveredBeforeReset = probe.deliveries.size();
        processor.resetTokens();
        processor.start();

        await().atMost(PROCESSING).until(() -> probe.deliveries.size() >= deliveredBeforeReset + before.size());
        List<ReplayProbe.Delivery> replayed = probe.deliveries.subList(deliveredBeforeReset,
                probe.deliveries.size());
        assertThat(replayed).extracting(ReplayProbe.Delivery::eventId).containsExactlyElementsOf(before);
        assertThat(replayed).as("every re-delivered event is a replay").allMatch(ReplayProbe.Delivery::flaggedAsReplay);
        // the last replayed event sits at the reset position: the segment is still in replay mode
        await().atMost(PROCESSING).until(() -> processor.processingStatus().values().stream()
                .anyMatch(EventTrackerStatus::isReplaying));

        assertThat(lifecycle.recordOrder(Orders.salesOrder("SO-R-3", 1)).status()).isEqualTo(201);
        List<String> after = storedEventIds();
        assertThat(after).hasSize(before.size() + 1);
        String fresh = after.get(after.size() - 1);

        await().atMost(PROCESSING).until(() -> probe.deliveries.stream().anyMatch(d -> d.eventId().equals(fresh)));
        assertThat(probe.deliveries.stream().filter(d -> d.eventId().equals(fresh)))
                .as("a new event after the replay").singleElement()
                .matches(ReplayProbe.Delivery::flaggedAsLive, "not flagged as replay");
        assertThat(new HashSet<>(probe.deliveries.stream().map(ReplayProbe.Delivery::eventId).toList()))
                .containsExactlyInAnyOrderElementsOf(after);
        await().atMost(PROCESSING).untilAsserted(() -> {
            Map<Integer, EventTrackerStatus> status = processor.processingStatus();
            assertThat(status).isNotEmpty();
            assertThat(status.values()).noneMatch(EventTrackerStatus::isReplaying);
            assertThat(processor.isReplaying()).isFalse();
            assertThat(status.values().stream().map(s -> s.getTrackingToken()).collect(Collectors.toList()))
                    .noneMatch(ReplayToken::isReplay);
        });
    }
}

package com.jxc.returns.projection.support;

import org.axonframework.config.Configuration;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventProcessorSpanFactory;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.ReplayStatus;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Two read models, each with its own pooled processor, rebuilt by one pass over an in-memory event store with Axon's
 * own configuration: every event reaches both handlers once, in order, as a replay, each read model in its own lane
 * (segment) of the pass, so one held back does not hold back the other; the read models' processors then go on from
 * where their lanes got; a pass that dies half-way leaves their tokens where the reset put them, so nothing the pass
 * did not finish is skipped.
 */
class RebuildInOnePassTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    /** A read model that records what it handled. */
    abstract static class Recording {
        final List<String> handled = new CopyOnWriteArrayList<>();
        final List<Boolean> replays = new CopyOnWriteArrayList<>();
        /** Each handled message's identifier, timestamp, and aggregate and sequence number if it has them. */
        final List<String> messages = new CopyOnWriteArrayList<>();
        final Set<UnitOfWork<?>> unitsOfWork =
                Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
        volatile String failOn;
        final AtomicInteger failures = new AtomicInteger();
        volatile String holdOn;
        final CountDownLatch released = new CountDownLatch(1);

        void record(String event, ReplayStatus replay, EventMessage<?> message) {
            if (event.equals(failOn)) {
                failures.incrementAndGet();
                throw new IllegalStateException("cannot handle " + event);
            }
            if (event.equals(holdOn)) {
                await().atMost(WAIT).until(() -> released.getCount() == 0);
            }
            handled.add(event);
            replays.add(replay.isReplay());
            messages.add(message.getIdentifier() + "@" + message.getTimestamp() + (message instanceof
                    DomainEventMessage<?> domain ? " " + domain.getAggregateIdentifier() + "#"
                    + domain.getSequenceNumber() : ""));
            unitsOfWork.add(CurrentUnitOfWork.get().root());
        }

        @ResetHandler
        void reset() {
            handled.clear();
            replays.clear();
            messages.clear();
            unitsOfWork.clear();
        }
    }

    @ProcessingGroup("alpha")
    static class Alpha extends Recording {
        @EventHandler
        void on(String event, ReplayStatus replay, EventMessage<?> message) {
            record(event, replay, message);
        }
    }

    @ProcessingGroup("beta")
    static class Beta extends Recording {
        @EventHandler
        void on(String event, ReplayStatus replay, EventMessage<?> message) {
            record(event, replay, message);
        }
    }

    private final Alpha alpha = new Alpha();
    private final Beta beta = new Beta();
    private final TokenStore tokenStore = new InMemoryTokenStore();
    /** Alpha in one segment, beta in four: the pass hands its token to every segment. */
    private final Configuration axon = DefaultConfigurer.defaultConfiguration(false)
            .configureEmbeddedEventStore(configuration -> new InMemoryEventStorageEngine())
            .eventProcessing(processing -> processing.usingPooledStreamingEventProcessors()
                    .registerPooledStreamingEventProcessorConfiguration("alpha",
                            (configuration, builder) -> builder.initialSegmentCount(1))
                    .registerPooledStreamingEventProcessorConfiguration("beta",
                            (configuration, builder) -> builder.initialSegmentCount(4))
                    .registerTokenStore(configuration -> tokenStore)
                    .registerDefaultListenerInvocationErrorHandler(configuration -> PropagatingErrorHandler.instance())
                    .registerEventHandler(configuration -> alpha)
                    .registerEventHandler(configuration -> beta))
            .buildConfiguration();
    private final Map<String, RebuildInOnePass> passes = new ConcurrentHashMap<>();

    @AfterEach
    void stop() {
        passes.values().forEach(RebuildInOnePass::close);
        axon.shutdown();
    }

    @Test
    void everyEventReachesEveryReadModelOnceInOrderAsAReplayThenTheirProcessorsGoOn() {
        axon.start();
        publish(0, 1_200);
        awaitHandled(alpha, 1_200);
        awaitHandled(beta, 1_200);
        List<String> handledLive = List.copyOf(alpha.messages);
        List<StreamingEventProcessor> members = resetBoth();
        RebuildInOnePass pass = pass();

        pass.start(members, 1_199);

        await().atMost(WAIT).until(() -> pass.progress("alpha").isEmpty() && members.stream()
                .allMatch(StreamingEventProcessor::isRunning));
        List<String> expected = events(0, 1_200);
        assertThat(alpha.handled).isEqualTo(expected);
        assertThat(alpha.messages).as("the same messages: identifiers, timestamps, aggregates")
                .isEqualTo(handledLive).anyMatch(message -> message.contains("#")).hasSize(1_200);
        assertThat(beta.handled).isEqualTo(expected);
        assertThat(alpha.replays).containsOnly(true);
        assertThat(alpha.unitsOfWork).as("each read model in units of work of its own, of at most "
                + RebuildInOnePass.BATCH_SIZE + " events").hasSizeGreaterThanOrEqualTo(3)
                .doesNotContainAnyElementsOf(beta.unitsOfWork)
                .allSatisfy(unitOfWork -> assertThat(((BatchingUnitOfWork<?>) unitOfWork).getMessages())
                        .hasSizeLessThanOrEqualTo(RebuildInOnePass.BATCH_SIZE));
        assertThat(members).allSatisfy(member -> assertThat(member.processingStatus().values())
                .as(member.getName()).isNotEmpty().allSatisfy(segment ->
                        assertThat(segment.getCurrentPosition()).hasValue(1_199)));
        assertThat(tokenStore.fetchSegments(RebuildInOnePass.PROCESSOR)).isEmpty();

        publish(1_200, 1_210);
        awaitHandled(alpha, 1_210);
        awaitHandled(beta, 1_210);
        assertThat(alpha.handled).isEqualTo(events(0, 1_210));
        assertThat(beta.handled.subList(0, 1_200)).isEqualTo(expected);
        assertThat(beta.handled.subList(1_200, beta.handled.size())).as("by four segments")
                .containsExactlyInAnyOrderElementsOf(events(1_200, 1_210));
    }

    @Test
    void eventsStoredDuringThePassAreHandledOnceByEachReadModel() {
        axon.start();
        publish(0, 1_000);
        awaitHandled(alpha, 1_000);
        List<StreamingEventProcessor> members = resetBoth();
        RebuildInOnePass pass = pass();

        pass.start(members, 999);
        publish(1_000, 1_600);

        awaitHandled(alpha, 1_600);
        awaitHandled(beta, 1_600);
        await().atMost(WAIT).until(() -> pass.progress("beta").isEmpty());
        publish(1_600, 1_601);
        awaitHandled(beta, 1_601);
        assertThat(alpha.handled).isEqualTo(events(0, 1_601));
        assertThat(beta.handled).containsExactlyInAnyOrderElementsOf(events(0, 1_601));
    }

    @Test
    void aReadModelHeldBackHoldsNoOtherBackAndEachGoesOnFromWhereItsOwnLaneGot() {
        axon.start();
        publish(0, 1_000);
        awaitHandled(beta, 1_000);
        List<StreamingEventProcessor> members = resetBoth();
        beta.holdOn = events(300, 301).get(0);
        RebuildInOnePass pass = pass();

        pass.start(members, 999);
        awaitHandled(alpha, 1_000);
        publish(1_000, 1_100);
        awaitHandled(alpha, 1_100);

        assertThat(beta.handled).as("held at its 301st event").hasSize(300);
        assertThat(pass.progress("alpha")).as("not handed over before every lane is at the head")
                .contains(new RebuildInOnePass.Progress(998, 999));
        assertThat(members).noneMatch(StreamingEventProcessor::isRunning);
        beta.released.countDown();
        await().atMost(WAIT).until(() -> pass.progress("beta").isEmpty() && members.stream()
                .allMatch(StreamingEventProcessor::isRunning));
        publish(1_100, 1_110);
        awaitHandled(alpha, 1_110);
        awaitHandled(beta, 1_110);
        assertThat(alpha.handled).as("once each, in order").isEqualTo(events(0, 1_110));
        assertThat(beta.handled.subList(0, 1_000)).isEqualTo(events(0, 1_000));
        assertThat(beta.handled).as("once each").containsExactlyInAnyOrderElementsOf(events(0, 1_110));
    }

    @Test
    void aPassThatDiesHalfWayLeavesTheReadModelsTokensWhereTheResetPutThem() {
        axon.start();
        publish(0, 1_200);
        awaitHandled(beta, 1_200);
        List<StreamingEventProcessor> members = resetBoth();
        Map<String, TrackingToken> afterReset = tokens();
        assertThat(afterReset).hasSize(5).allSatisfy((segment, token) ->
                assertThat(ReplayToken.isReplay(token)).as(segment).isTrue());
        beta.failOn = events(700, 701).get(0);
        RebuildInOnePass dying = pass();

        dying.start(members, 1_199);
        await().atMost(WAIT).until(() -> beta.failures.get() > 0);
        await().atMost(WAIT).until(() -> dying.progress("alpha").orElseThrow().position() == 1_198);
        assertThat(dying.progress("beta").orElseThrow().position()).as("beta's lane of the dying pass got half-way: "
                + "its batches before the one that fails").isBetween(0L, 699L);
        dying.close();

        assertThat(tokens()).as("the read models' tokens after the pass died").isEqualTo(afterReset);

        beta.failOn = null;
        tokenStore.initializeTokenSegments(RebuildInOnePass.PROCESSOR, 2); // as an earlier release's pass left them
        RebuildInOnePass next = pass();
        next.start(members, 1_199);
        await().atMost(WAIT).until(() -> next.progress("alpha").isEmpty() && members.stream()
                .allMatch(StreamingEventProcessor::isRunning));
        assertThat(Set.copyOf(alpha.handled)).as("every event, the first 500 twice").containsAll(events(0, 1_200));
        assertThat(alpha.handled.subList(alpha.handled.size() - 1_200, alpha.handled.size()))
                .isEqualTo(events(0, 1_200));
        assertThat(positionOfEverySegment(members.get(1))).containsOnly(1_199L).hasSize(4);
        assertThat(tokenStore.fetchSegments(RebuildInOnePass.PROCESSOR)).isEmpty();
    }

    @Test
    void onePassAtATime() {
        axon.start();
        publish(0, 10);
        awaitHandled(alpha, 10);
        List<StreamingEventProcessor> members = resetBoth();
        beta.failOn = events(5, 6).get(0);
        RebuildInOnePass pass = pass();
        pass.start(members, 9);

        assertThatThrownBy(() -> pass.start(members, 9)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("[alpha, beta]");
        assertThat(pass.progress("alpha")).isPresent();
        assertThat(pass.progress("gamma")).isEmpty();
    }

    private RebuildInOnePass pass() {
        EventProcessingConfiguration processing = axon.eventProcessingConfiguration();
        var pass = new RebuildInOnePass(processing, axon.eventStore(),
                axon.getComponent(EventProcessorSpanFactory.class));
        passes.put("pass-" + passes.size(), pass);
        return pass;
    }

    private List<StreamingEventProcessor> resetBoth() {
        List<StreamingEventProcessor> members = new ArrayList<>();
        for (String name : List.of("alpha", "beta")) {
            StreamingEventProcessor processor = axon.eventProcessingConfiguration()
                    .eventProcessor(name, StreamingEventProcessor.class).orElseThrow();
            await().atMost(WAIT).until(() -> !processor.processingStatus().isEmpty());
            processor.shutDown();
            processor.resetTokens();
            members.add(processor);
        }
        assertThat(alpha.handled).isEmpty();
        assertThat(beta.handled).isEmpty();
        return members;
    }

    private static List<Long> positionOfEverySegment(StreamingEventProcessor processor) {
        await().atMost(WAIT).until(() -> processor.processingStatus().size() == 4);
        return processor.processingStatus().values().stream()
                .map(segment -> segment.getCurrentPosition().orElse(-1)).toList();
    }

    /** Every segment's token of both read models; only while their processors are down (fetching claims). */
    private Map<String, TrackingToken> tokens() {
        Map<String, TrackingToken> tokens = new TreeMap<>();
        for (String processor : List.of("alpha", "beta")) {
            for (int segment : tokenStore.fetchSegments(processor)) {
                tokens.put(processor + "[" + segment + "]", tokenStore.fetchToken(processor, segment));
                tokenStore.releaseClaim(processor, segment);
            }
        }
        return tokens;
    }

    /** Every third event as an aggregate's event. */
    private void publish(int from, int to) {
        events(from, to).forEach(event -> axon.eventBus().publish(event.hashCode() % 3 == 0
                ? new GenericDomainEventMessage<>("Sample", "aggregate-" + event, 0, event)
                : GenericEventMessage.asEventMessage(event)));
    }

    private static List<String> events(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> "event-%05d".formatted(i)).toList();
    }

    private static void awaitHandled(Recording readModel, int events) {
        await().atMost(WAIT).until(() -> readModel.handled.size() >= events);
    }
}

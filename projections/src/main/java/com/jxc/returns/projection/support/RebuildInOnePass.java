package com.jxc.returns.projection.support;

import org.axonframework.common.AxonThreadFactory;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.AbstractEventProcessor;
import org.axonframework.eventhandling.EventHandlerInvoker;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventProcessorSpanFactory;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.MultiEventHandlerInvoker;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * Rebuilds several read models with one processor: every event is read once for all of them instead of once per read
 * model, and each read model runs in a lane of its own, a segment of the pass that only its handlers work in, so the
 * read models are rebuilt side by side on as many threads as the machine has processors (at least two, so that one
 * slow read model does not hold the others back; Axon's pooled processor hands the events it reads to every segment
 * and runs each segment's batches on its worker threads). Each read model keeps its own event handlers, stream order
 * and dead-letter queue (the pass calls the read model's own handler invoker) and gets its own token: when every lane
 * has reached the head of the stream as it was at the start, the pass stops, every segment of each read model gets
 * the token its lane stored, and the read models' processors start from there, so nothing is handled twice or missed
 * (an event after a lane's stored token is one its read model has no handler for: a batch a lane handles stores its
 * token when it commits).
 * <p>
 * The read models' processors must be shut down and reset before (their reset handlers drop their documents), and
 * stay down until the hand-over. Should the instance stop during the pass, their tokens are still the reset ones:
 * after a restart each processor rebuilds its read model on its own from the start of the stream, over documents
 * the pass already wrote, which the projections' idempotence makes the same as a rebuild.
 */
@Component
public class RebuildInOnePass implements AutoCloseable {

    public static final String PROCESSOR = "read-models-rebuild";
    private static final int BATCH_SIZE = 500;
    private static final long WATCH_MILLIS = 50;
    private static final Logger log = LoggerFactory.getLogger(RebuildInOnePass.class);

    private final EventProcessingConfiguration processing;
    private final EventStore eventStore;
    private final EventProcessorSpanFactory spanFactory;
    private final ScheduledExecutorService watcher;
    private volatile Pass pass;

    /** How far the pass that rebuilds a read model has come: the last position handled, and where it stops. */
    public record Progress(long position, long headAtStart) {
    }

    /** The read model in segment (lane) {@code i} of the pass is {@code members.get(i)}. */
    private record Pass(List<StreamingEventProcessor> members, List<String> names, long headAtStart,
                        PooledStreamingEventProcessor processor, List<ScheduledExecutorService> threads) {

        /** The last position the lane of this read model handled; -1 while its segment is not claimed. */
        long position(int lane) {
            EventTrackerStatus status = processor.processingStatus().get(lane);
            OptionalLong position = status == null ? OptionalLong.empty() : status.getCurrentPosition();
            return position.orElse(-1);
        }

        boolean everyLaneAtTheHead() {
            return IntStream.range(0, members.size()).allMatch(lane -> position(lane) >= headAtStart);
        }

        void stopThreads() {
            threads.forEach(ExecutorService::shutdownNow);
        }
    }

    RebuildInOnePass(EventProcessingConfiguration processing, EventStore eventStore,
                     EventProcessorSpanFactory spanFactory) {
        this.processing = processing;
        this.eventStore = eventStore;
        this.spanFactory = spanFactory;
        this.watcher = Executors.newSingleThreadScheduledExecutor(new AxonThreadFactory("read-models-rebuild-watcher"));
        watcher.scheduleWithFixedDelay(this::handOverWhenDone, WATCH_MILLIS, WATCH_MILLIS, TimeUnit.MILLISECONDS);
    }

    /**
     * Starts a pass that rebuilds the given read models, whose processors are shut down and reset, up to
     * {@code headAtStart}. One pass at a time.
     */
    public synchronized void start(List<StreamingEventProcessor> members, long headAtStart) {
        if (pass != null) {
            throw new IllegalStateException("A rebuild of " + pass.names() + " in one pass is running");
        }
        String first = members.get(0).getName();
        TokenStore tokenStore = processing.tokenStore(first);
        var transactions = processing.transactionManager(first);
        deleteTokens(tokenStore, transactions); // left by a pass the instance did not finish
        List<EventHandlerInvoker> invokers = members.stream()
                .map(member -> ((AbstractEventProcessor) member).eventHandlerInvoker()).toList();
        ScheduledExecutorService coordinator = Executors.newSingleThreadScheduledExecutor(
                new AxonThreadFactory(PROCESSOR + "-coordinator"));
        ScheduledExecutorService lanes = Executors.newScheduledThreadPool(
                Math.min(members.size(), Math.max(2, Runtime.getRuntime().availableProcessors())),
                new AxonThreadFactory(PROCESSOR));
        TrackingToken head = eventStore.createHeadToken();
        var processor = PooledStreamingEventProcessor.builder()
                .name(PROCESSOR)
                .eventHandlerInvoker(new ReadModelPerSegment(invokers))
                .rollbackConfiguration(processing.rollbackConfiguration(first))
                .errorHandler(processing.errorHandler(first))
                .messageSource(eventStore)
                .tokenStore(tokenStore)
                .transactionManager(transactions)
                .spanFactory(spanFactory)
                .coordinatorExecutor(coordinator)
                .workerExecutor(lanes)
                .initialSegmentCount(members.size())
                .batchSize(BATCH_SIZE)
                // a replay, as each read model's own rebuild would be: handlers and tracing see it as one
                .initialToken(source -> ReplayToken.createReplayToken(head, null))
                .build();
        processing.interceptorsFor(first).forEach(processor::registerHandlerInterceptor);
        pass = new Pass(List.copyOf(members), members.stream().map(StreamingEventProcessor::getName).toList(),
                headAtStart, processor, List.of(coordinator, lanes));
        log.info("Rebuilding {} in one pass up to position {}", pass.names(), headAtStart);
        processor.start();
    }

    /**
     * Where the running pass stands for this read model, if one is rebuilding it. Until the read model's processor
     * has taken over, the pass shows it one event short of the head it rebuilds up to, so nobody takes the read model
     * for caught up while its processor is still down.
     */
    public Optional<Progress> progress(String readModel) {
        Pass running = pass;
        int lane = running == null ? -1 : running.names().indexOf(readModel);
        return lane < 0 ? Optional.empty()
                : Optional.of(new Progress(Math.min(running.position(lane), running.headAtStart() - 1),
                running.headAtStart()));
    }

    private void handOverWhenDone() {
        Pass running = pass;
        if (running == null || !running.everyLaneAtTheHead()) {
            return;
        }
        try {
            handOver(running);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | ExecutionException e) {
            log.warn("Handing the rebuild of {} over to their processors failed; trying again", running.names(), e);
        }
    }

    /**
     * Stops the pass and lets every read model's processor go on from where its lane got. A segment that another
     * instance claimed meanwhile keeps the token it has there (that instance rebuilds it from the reset on).
     */
    private synchronized void handOver(Pass running) throws InterruptedException, ExecutionException {
        running.processor().shutdownAsync().get();
        String first = running.names().get(0);
        TokenStore tokenStore = processing.tokenStore(first);
        var transactions = processing.transactionManager(first);
        List<Long> positions = new ArrayList<>();
        for (int lane = 0; lane < running.members().size(); lane++) {
            String member = running.names().get(lane);
            int laneSegment = lane;
            TrackingToken token = transactions.fetchInTransaction(() -> tokenStore.fetchToken(PROCESSOR, laneSegment));
            positions.add(token.position().orElse(-1));
            for (int segment : tokenStore.fetchSegments(member)) {
                try {
                    transactions.executeInTransaction(() -> {
                        tokenStore.fetchToken(member, segment);
                        tokenStore.storeToken(token, member, segment);
                        tokenStore.releaseClaim(member, segment);
                    });
                } catch (UnableToClaimTokenException e) {
                    log.info("Segment {} of {} is held by another instance; it goes on there from its own token",
                            segment, member);
                }
            }
        }
        deleteTokens(tokenStore, transactions);
        pass = null;
        running.stopThreads();
        running.members().forEach(StreamingEventProcessor::start);
        log.info("Rebuilt {} in one pass; their processors go on from positions {}", running.names(), positions);
    }

    /**
     * Stops a running pass when the service begins to shut down, before Axon stops the processors and the event store,
     * so that no hand-over starts a read model's processor again afterwards.
     */
    @EventListener(ContextClosedEvent.class)
    @Override
    public synchronized void close() {
        watcher.shutdownNow();
        Pass running = pass;
        if (running != null) {
            running.processor().shutDown();
            running.stopThreads();
            pass = null;
        }
    }

    private static void deleteTokens(TokenStore tokenStore, TransactionManager transactions) {
        transactions.executeInTransaction(() -> {
            for (int segment : tokenStore.fetchSegments(PROCESSOR)) {
                tokenStore.fetchToken(PROCESSOR, segment);
                tokenStore.deleteToken(PROCESSOR, segment);
            }
        });
    }

    /**
     * The pass's handlers: segment {@code i} of the pass runs the {@code i}-th read model's own invokers, over the
     * whole stream (their root segment), as the read model's processor would in one segment. As in Axon's
     * {@link MultiEventHandlerInvoker}, an invoker that cannot be reset gets no replayed event. Whether it can, and
     * whether it has a handler for a payload type at all, is asked once, not for every event in every lane.
     */
    private static final class ReadModelPerSegment implements EventHandlerInvoker {

        /** An invoker, with whether it can be reset and which payload types it has handlers for, asked once. */
        private record Invoker(EventHandlerInvoker invoker, boolean supportsReset, ClassValue<Boolean> handlesType) {

            Invoker(EventHandlerInvoker invoker) {
                this(invoker, invoker.supportsReset(), new ClassValue<>() {
                    @Override
                    protected Boolean computeValue(Class<?> payloadType) {
                        return invoker.canHandleType(payloadType);
                    }
                });
            }

            boolean canHandle(EventMessage<?> event) {
                return handlesType.get(event.getPayloadType()) && (supportsReset || !ReplayToken.isReplay(event))
                        && invoker.canHandle(event, Segment.ROOT_SEGMENT);
            }
        }

        private final List<List<Invoker>> lanes;

        ReadModelPerSegment(List<EventHandlerInvoker> readModels) {
            this.lanes = readModels.stream().map(readModel -> (readModel instanceof MultiEventHandlerInvoker multi
                    ? multi.delegates() : List.of(readModel)).stream()
                    .map(Invoker::new).toList()).toList();
        }

        @Override
        public boolean canHandle(EventMessage<?> event, Segment segment) {
            for (Invoker invoker : lanes.get(segment.getSegmentId())) {
                if (invoker.canHandle(event)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public boolean canHandleType(Class<?> payloadType) {
            return lanes.stream().flatMap(List::stream).anyMatch(lane -> lane.handlesType().get(payloadType));
        }

        @Override
        public void handle(EventMessage<?> event, Segment segment) throws Exception {
            for (Invoker invoker : lanes.get(segment.getSegmentId())) {
                if (invoker.canHandle(event)) {
                    invoker.invoker().handle(event, Segment.ROOT_SEGMENT);
                }
            }
        }

        @Override
        public boolean supportsReset() {
            return false;
        }

        @Override
        public void segmentReleased(Segment segment) {
            lanes.get(segment.getSegmentId()).forEach(lane -> lane.invoker().segmentReleased(Segment.ROOT_SEGMENT));
        }
    }
}

package com.jxc.returns.projection.support;

import org.axonframework.common.AxonThreadFactory;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.AbstractEventProcessor;
import org.axonframework.eventhandling.EventHandlerInvoker;
import org.axonframework.eventhandling.EventProcessorSpanFactory;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.MultiEventHandlerInvoker;
import org.axonframework.eventhandling.ReplayToken;
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

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Rebuilds several read models with one processor: every event is read, and goes through Axon's per-event path
 * (unit of work, interceptors, tracing, token; the pass itself is not metered), once for all of them instead of once
 * per read model, and their documents are written with one batch per 500 events. Each read model keeps its own
 * event handlers and dead-letter queue (the pass calls the read models' own handler invokers), and its own token:
 * when the pass reaches the head of the stream as it was at the start, the pass stops, every segment of every read
 * model gets the pass's token, and the read models' processors start from there, so nothing is handled twice or
 * missed.
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

    private record Pass(List<StreamingEventProcessor> members, List<String> names, long headAtStart,
                        PooledStreamingEventProcessor processor, ScheduledExecutorService threads) {

        long position() {
            return processor.processingStatus().values().stream()
                    .map(EventTrackerStatus::getCurrentPosition).filter(OptionalLong::isPresent)
                    .mapToLong(OptionalLong::getAsLong).min().orElse(-1);
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
        transactions.executeInTransaction(() -> {
            for (int segment : tokenStore.fetchSegments(PROCESSOR)) {
                tokenStore.fetchToken(PROCESSOR, segment);
                tokenStore.deleteToken(PROCESSOR, segment); // left by a pass the instance did not finish
            }
        });
        List<EventHandlerInvoker> invokers = members.stream()
                .map(member -> ((AbstractEventProcessor) member).eventHandlerInvoker()).toList();
        ScheduledExecutorService threads = Executors.newScheduledThreadPool(2, new AxonThreadFactory(PROCESSOR));
        TrackingToken head = eventStore.createHeadToken();
        var processor = PooledStreamingEventProcessor.builder()
                .name(PROCESSOR)
                .eventHandlerInvoker(new MultiEventHandlerInvoker(invokers))
                .rollbackConfiguration(processing.rollbackConfiguration(first))
                .errorHandler(processing.errorHandler(first))
                .messageSource(eventStore)
                .tokenStore(tokenStore)
                .transactionManager(transactions)
                .spanFactory(spanFactory)
                .coordinatorExecutor(threads)
                .workerExecutor(threads)
                .initialSegmentCount(1)
                .batchSize(BATCH_SIZE)
                // a replay, as each read model's own rebuild would be: handlers and tracing see it as one
                .initialToken(source -> ReplayToken.createReplayToken(head, null))
                .build();
        processing.interceptorsFor(first).forEach(processor::registerHandlerInterceptor);
        pass = new Pass(List.copyOf(members), members.stream().map(StreamingEventProcessor::getName).toList(),
                headAtStart, processor, threads);
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
        return running == null || !running.names().contains(readModel) ? Optional.empty()
                : Optional.of(new Progress(Math.min(running.position(), running.headAtStart() - 1),
                running.headAtStart()));
    }

    private void handOverWhenDone() {
        Pass running = pass;
        if (running == null || running.position() < running.headAtStart()) {
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
     * Stops the pass and lets every read model's processor go on from where the pass got. A segment that another
     * instance claimed meanwhile keeps the token it has there (that instance rebuilds it from the reset on).
     */
    private synchronized void handOver(Pass running) throws InterruptedException, ExecutionException {
        running.processor().shutdownAsync().get();
        String first = running.names().get(0);
        TokenStore tokenStore = processing.tokenStore(first);
        var transactions = processing.transactionManager(first);
        TrackingToken reached = transactions.fetchInTransaction(() -> tokenStore.fetchToken(PROCESSOR, 0));
        for (String member : running.names()) {
            for (int segment : tokenStore.fetchSegments(member)) {
                try {
                    transactions.executeInTransaction(() -> {
                        tokenStore.fetchToken(member, segment);
                        tokenStore.storeToken(reached, member, segment);
                        tokenStore.releaseClaim(member, segment);
                    });
                } catch (UnableToClaimTokenException e) {
                    log.info("Segment {} of {} is held by another instance; it goes on there from its own token",
                            segment, member);
                }
            }
        }
        transactions.executeInTransaction(() -> tokenStore.deleteToken(PROCESSOR, 0));
        pass = null;
        running.threads().shutdown();
        running.members().forEach(StreamingEventProcessor::start);
        log.info("Rebuilt {} in one pass; their processors go on from position {}", running.names(),
                reached.position().orElse(-1));
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
            running.threads().shutdownNow();
            pass = null;
        }
    }
}

package com.jxc.returns.projection.support;

import org.axonframework.common.AxonThreadFactory;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.AbstractEventProcessor;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.ErrorContext;
import org.axonframework.eventhandling.ErrorHandler;
import org.axonframework.eventhandling.EventHandlerInvoker;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventProcessorSpanFactory;
import org.axonframework.eventhandling.GenericTrackedDomainEventMessage;
import org.axonframework.eventhandling.GenericTrackedEventMessage;
import org.axonframework.eventhandling.MultiEventHandlerInvoker;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.DefaultInterceptorChain;
import org.axonframework.messaging.GenericResultMessage;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.RollbackConfiguration;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Rebuilds several read models in one pass over the event stream: one thread reads and deserialises every event once
 * for all of them and hands it, in batches, to a lane per read model, a thread of its own in which only that read
 * model's handlers work, in stream order, so the read models are rebuilt side by side and a slow one holds the others
 * back only once it is {@value #EVENTS_AHEAD} events behind. A lane handles each batch as the read model's processor
 * would: in one unit of work, through the read model's own interceptors, event handler invoker (dead-letter queue
 * included), rollback configuration, error handler and spans, and as a replay. No token is stored during the pass: when
 * every lane has handled the event at the head taken at the start, the reader stops, each lane finishes the batch it
 * is at, every segment of each read model gets the token after its lane's last batch, and the read models' processors
 * start from there, so nothing is handled twice or missed.
 * <p>
 * The read models' processors must be shut down and reset before (their reset handlers drop their documents), and
 * stay down until the hand-over. Should the instance stop during the pass, their tokens are still the reset ones:
 * after a restart each processor rebuilds its read model on its own from the start of the stream, over documents
 * the pass already wrote, which the projections' idempotence makes the same as a rebuild.
 */
@Component
public class RebuildInOnePass implements AutoCloseable {

    /** The name of the pass: its threads', and the processor name of the tokens an earlier release's pass stored. */
    public static final String PROCESSOR = "read-models-rebuild";
    static final int BATCH_SIZE = 500;
    /** How many events the reader may be ahead of a lane. */
    private static final int EVENTS_AHEAD = 8 * BATCH_SIZE;
    private static final long WATCH_MILLIS = 50;
    private static final Duration FIRST_RETRY = Duration.ofMillis(500);
    private static final Duration LAST_RETRY = Duration.ofSeconds(30);
    private static final Logger log = LoggerFactory.getLogger(RebuildInOnePass.class);
    /** What a lane's handling of an event results in: nothing, one message for every event. */
    private static final ResultMessage<Void> HANDLED = GenericResultMessage.asResultMessage((Void) null);

    private final EventProcessingConfiguration processing;
    private final EventStore eventStore;
    private final EventProcessorSpanFactory spanFactory;
    private final ScheduledExecutorService watcher;
    private volatile Pass pass;

    /** How far the pass that rebuilds a read model has come: the last position handled, and where it stops. */
    public record Progress(long position, long headAtStart) {
    }

    /**
     * Events read together with their payload types (asked once: each is several decorators deep), the token after
     * the last of them, and its position.
     */
    private record Batch(List<TrackedEventMessage<?>> events, List<Class<?>> payloadTypes, TrackingToken token,
                         long position) {

        /** What the batch takes of a lane's room: its events, and at least one. */
        int weight() {
            return Math.max(1, events.size());
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
        deleteTokensOfAnEarlierPass(members.get(0).getName());
        List<Lane> lanes = members.stream().map(Lane::new).toList();
        pass = new Pass(lanes, headAtStart, ReplayToken.createReplayToken(eventStore.createHeadToken(), null));
        log.info("Rebuilding {} in one pass up to position {}", pass.names(), headAtStart);
        pass.start();
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
                : Optional.of(new Progress(Math.min(running.lanes.get(lane).position, running.headAtStart - 1),
                running.headAtStart));
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
        } catch (RuntimeException e) {
            log.warn("Handing the rebuild of {} over to their processors failed; trying again", running.names(), e);
        }
    }

    /**
     * Lets every read model's processor go on from the token after the last batch the pass read. A segment that
     * another instance claimed meanwhile keeps the token it has there (that instance rebuilds it from the reset on).
     */
    private synchronized void handOver(Pass running) throws InterruptedException {
        if (pass != running) {
            return;
        }
        running.stopAfterTheirBatches();
        for (Lane lane : running.lanes) {
            String member = lane.name;
            TokenStore tokenStore = processing.tokenStore(member);
            var transactions = processing.transactionManager(member);
            for (int segment : tokenStore.fetchSegments(member)) {
                try {
                    transactions.executeInTransaction(() -> {
                        tokenStore.fetchToken(member, segment);
                        tokenStore.storeToken(lane.token, member, segment);
                        tokenStore.releaseClaim(member, segment);
                    });
                } catch (UnableToClaimTokenException e) {
                    log.info("Segment {} of {} is held by another instance; it goes on there from its own token",
                            segment, member);
                }
            }
        }
        pass = null;
        running.lanes.forEach(lane -> lane.member.start());
        log.info("Rebuilt {} in one pass; their processors go on from positions {}", running.names(),
                running.lanes.stream().map(lane -> lane.position).toList());
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
            pass = null;
            running.stop();
        }
    }

    /** Sleeps for {@code wait}; returns the pause after it: twice as long, at most {@link #LAST_RETRY}. */
    private static Duration pauseFor(Duration wait) throws InterruptedException {
        Thread.sleep(wait.toMillis());
        Duration longer = wait.multipliedBy(2);
        return longer.compareTo(LAST_RETRY) > 0 ? LAST_RETRY : longer;
    }

    /** Tokens an earlier release's pass (a processor of that name) stored and did not delete: it did not finish. */
    private void deleteTokensOfAnEarlierPass(String member) {
        TokenStore tokenStore = processing.tokenStore(member);
        TransactionManager transactions = processing.transactionManager(member);
        transactions.executeInTransaction(() -> {
            for (int segment : tokenStore.fetchSegments(PROCESSOR)) {
                tokenStore.fetchToken(PROCESSOR, segment);
                tokenStore.deleteToken(PROCESSOR, segment);
            }
        });
    }

    /** A running pass: the thread that reads the stream, and a lane per read model. */
    private final class Pass {

        private final List<Lane> lanes;
        private final long headAtStart;
        private final TrackingToken replayFromTheStart;
        private final Thread reader;
        /** Per payload type: whether any lane handles it, so that only those events are deserialised. */
        private final ClassValue<Boolean> handled = new ClassValue<>() {
            @Override
            protected Boolean computeValue(Class<?> payloadType) {
                return lanes.stream().anyMatch(lane -> lane.handlesType(payloadType));
            }
        };
        private volatile boolean stopped;

        Pass(List<Lane> lanes, long headAtStart, TrackingToken replayFromTheStart) {
            this.lanes = lanes;
            this.headAtStart = headAtStart;
            this.replayFromTheStart = replayFromTheStart;
            this.reader = new Thread(this::read, PROCESSOR + "-reader");
            reader.setDaemon(true);
        }

        List<String> names() {
            return lanes.stream().map(lane -> lane.name).toList();
        }

        void start() {
            lanes.forEach(lane -> lane.thread.start());
            reader.start();
        }

        boolean everyLaneAtTheHead() {
            return lanes.stream().allMatch(lane -> lane.position >= headAtStart);
        }

        void stop() {
            stopped = true;
            lanes.forEach(lane -> lane.finishing = true);
            reader.interrupt();
            lanes.forEach(lane -> lane.thread.interrupt());
        }

        /** Stops reading, and each lane once it has handled the batch it is at; its token is then where it got. */
        void stopAfterTheirBatches() throws InterruptedException {
            stopped = true;
            reader.interrupt();
            reader.join();
            lanes.forEach(lane -> lane.finishing = true);
            for (Lane lane : lanes) {
                lane.thread.join();
            }
        }

        /**
         * Reads the stream from its start, each event as a replay up to the head taken at the start (as a reset
         * processor would see it), and hands it to every lane in batches of at most {@value #BATCH_SIZE} (events of
         * one token, an upcaster's split, stay in one batch), until the pass is handed over: a lane at the head goes
         * on with events stored meanwhile. Should reading fail, it goes on after the last batch handed out.
         */
        private void read() {
            Batch last = new Batch(List.of(), List.of(), replayFromTheStart, -1);
            Duration wait = FIRST_RETRY;
            while (!stopped) {
                try {
                    last = readAfter(last);
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    if (stopped) {
                        return;
                    }
                    log.warn("Reading the event stream for the rebuild of {} failed after position {}; reading on "
                            + "from there in {}", names(), last.position(), wait, e);
                    try {
                        wait = pauseFor(wait);
                    } catch (InterruptedException interrupted) {
                        return;
                    }
                }
            }
        }

        /** Reads on after the batch {@code last}; returns the last batch handed over. */
        private Batch readAfter(Batch last) throws InterruptedException {
            try (BlockingStream<TrackedEventMessage<?>> stream =
                         eventStore.openStream(WrappedToken.unwrapLowerBound(last.token()))) {
                TrackingToken token = last.token();
                long position = last.position();
                List<TrackedEventMessage<?>> events = new ArrayList<>(BATCH_SIZE);
                List<Class<?>> payloadTypes = new ArrayList<>(BATCH_SIZE);
                while (!stopped) {
                    if (!stream.hasNextAvailable(events.isEmpty() ? 1000 : 0, TimeUnit.MILLISECONDS)) {
                        if (!events.isEmpty()) {
                            last = handOut(new Batch(events, payloadTypes, token, position));
                            events = new ArrayList<>(BATCH_SIZE);
                            payloadTypes = new ArrayList<>(BATCH_SIZE);
                        }
                        continue;
                    }
                    TrackedEventMessage<?> event = stream.nextAvailable();
                    token = WrappedToken.advance(token, event.trackingToken());
                    position = event.trackingToken().position().orElse(position);
                    Class<?> payloadType = event.getPayloadType();
                    if (handled.get(payloadType)) {
                        event.getPayload();
                        event.getMetaData();
                        events.add(underToken(event, token));
                        payloadTypes.add(payloadType);
                    }
                    TrackingToken read = event.trackingToken();
                    boolean splitGoesOn = stream.peek().map(next -> next.trackingToken().equals(read)).orElse(false);
                    if (events.size() >= BATCH_SIZE && !splitGoesOn) {
                        last = handOut(new Batch(events, payloadTypes, token, position));
                        events = new ArrayList<>(BATCH_SIZE);
                        payloadTypes = new ArrayList<>(BATCH_SIZE);
                    }
                }
                return last;
            }
        }

        /**
         * The event under the pass's token. Axon's {@code withTrackingToken} reads the event's timestamp at once (text
         * parsed by {@code java.time}'s general parser); here it is read only if a handler asks for it.
         */
        private static <T> TrackedEventMessage<T> underToken(TrackedEventMessage<T> event, TrackingToken token) {
            if (event instanceof DomainEventMessage<T> domain) {
                return new GenericTrackedDomainEventMessage<>(token, domain.getType(), domain.getAggregateIdentifier(),
                        domain.getSequenceNumber(), event, event::getTimestamp);
            }
            return new GenericTrackedEventMessage<>(token, event, event::getTimestamp);
        }

        private Batch handOut(Batch batch) throws InterruptedException {
            for (Lane lane : lanes) {
                lane.room.acquire(batch.weight());
                lane.batches.add(batch);
            }
            return batch;
        }
    }

    /**
     * A read model's lane: a thread that handles the batches the reader hands it, each in a unit of work of the
     * events the read model has handlers for, as the read model's processor would in one segment covering the whole
     * stream. A batch that fails (a handler's error the dead-letter queue does not take, a read-store write) is
     * handled again after a pause, as a processor would after releasing and claiming its segment again.
     */
    private final class Lane {

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

            /** As in Axon's {@link MultiEventHandlerInvoker}: an invoker that cannot be reset gets no replay. */
            boolean canHandle(EventMessage<?> event, Class<?> payloadType) {
                return handlesType.get(payloadType) && (supportsReset || !ReplayToken.isReplay(event))
                        && invoker.canHandle(event, Segment.ROOT_SEGMENT);
            }
        }

        private final StreamingEventProcessor member;
        private final String name;
        private final List<Invoker> invokers;
        private final List<MessageHandlerInterceptor<? super EventMessage<?>>> interceptors;
        private final TransactionManager transactions;
        private final RollbackConfiguration rollback;
        private final ErrorHandler errorHandler;
        private final BlockingQueue<Batch> batches = new LinkedBlockingQueue<>();
        private final Semaphore room = new Semaphore(EVENTS_AHEAD);
        private final Thread thread;
        /** The position and token after the last batch handled. */
        private volatile long position = -1;
        private volatile TrackingToken token;
        /** Set at the hand-over: the lane stops once it has handled the batch it is at. */
        private volatile boolean finishing;

        Lane(StreamingEventProcessor member) {
            this.member = member;
            this.name = member.getName();
            EventHandlerInvoker readModel = ((AbstractEventProcessor) member).eventHandlerInvoker();
            this.invokers = (readModel instanceof MultiEventHandlerInvoker multi ? multi.delegates()
                    : List.of(readModel)).stream().map(Invoker::new).toList();
            this.interceptors = processing.interceptorsFor(name);
            this.transactions = processing.transactionManager(name);
            this.rollback = processing.rollbackConfiguration(name);
            this.errorHandler = processing.errorHandler(name);
            this.thread = new Thread(this::run, PROCESSOR + "[" + name + "]");
            thread.setDaemon(true);
        }

        boolean handlesType(Class<?> payloadType) {
            return invokers.stream().anyMatch(invoker -> invoker.handlesType().get(payloadType));
        }

        private void run() {
            try {
                while (!finishing) {
                    Batch batch = batches.poll(WATCH_MILLIS, TimeUnit.MILLISECONDS);
                    if (batch != null && handleUntilDone(batch)) {
                        token = batch.token();
                        position = batch.position();
                        room.release(batch.weight());
                    }
                }
            } catch (InterruptedException e) {
                // the pass stopped
            } finally {
                invokers.forEach(invoker -> invoker.invoker().segmentReleased(Segment.ROOT_SEGMENT));
            }
        }

        /** Whether the batch was handled: not when the pass is handed over while the batch keeps failing. */
        private boolean handleUntilDone(Batch batch) throws InterruptedException {
            Duration wait = FIRST_RETRY;
            while (true) {
                try {
                    List<TrackedEventMessage<?>> events = handledOf(batch);
                    if (!events.isEmpty()) {
                        handle(events);
                    }
                    return true;
                } catch (Exception e) {
                    if (Thread.currentThread().isInterrupted()) {
                        throw new InterruptedException();
                    }
                    if (finishing) {
                        return false;
                    }
                    log.warn("Rebuilding {}: a batch of {} events up to position {} failed; handling it again in {}",
                            name, batch.events().size(), batch.position(), wait, e);
                    wait = pauseFor(wait);
                }
            }
        }

        private List<TrackedEventMessage<?>> handledOf(Batch batch) {
            List<TrackedEventMessage<?>> handled = new ArrayList<>(batch.events().size());
            for (int i = 0; i < batch.events().size(); i++) {
                TrackedEventMessage<?> event = batch.events().get(i);
                for (Invoker invoker : invokers) {
                    if (invoker.canHandle(event, batch.payloadTypes().get(i))) {
                        handled.add(event);
                        break;
                    }
                }
            }
            return handled;
        }

        private void handle(List<TrackedEventMessage<?>> events) throws Exception {
            UnitOfWork<TrackedEventMessage<?>> unitOfWork = new BatchingUnitOfWork<>(events);
            unitOfWork.attachTransaction(transactions);
            // the processor's spans: a replayed batch and its events run under a context that records nothing
            ResultMessage<?> result = spanFactory.createBatchSpan(true, events).runCallable(() ->
                    unitOfWork.executeWithResult(() -> spanFactory.createProcessEventSpan(true,
                            unitOfWork.getMessage()).runCallable(() -> new DefaultInterceptorChain<>(
                            unitOfWork, interceptors, this::invoke).proceed()), rollback));
            if (result.isExceptional()) {
                if (!unitOfWork.isRolledBack()) {
                    log.info("Rebuilding {}: a handler failed but its batch was committed: {}", name,
                            result.exceptionResult().toString());
                    return;
                }
                errorHandler.handleError(new ErrorContext(name, result.exceptionResult(), events));
            }
        }

        /**
         * Hands the event to the invokers that handle it; a lane's events are those one of them handles. Answers
         * {@link #HANDLED}, which the unit of work takes as the event's result as it is (for anything else it makes
         * a result message: a random identifier and the correlation data, for every event).
         */
        private Object invoke(EventMessage<?> event) throws Exception {
            if (invokers.size() == 1) {
                invokers.get(0).invoker().handle(event, Segment.ROOT_SEGMENT);
                return HANDLED;
            }
            Class<?> payloadType = event.getPayloadType();
            for (Invoker invoker : invokers) {
                if (invoker.canHandle(event, payloadType)) {
                    invoker.invoker().handle(event, Segment.ROOT_SEGMENT);
                }
            }
            return HANDLED;
        }
    }
}

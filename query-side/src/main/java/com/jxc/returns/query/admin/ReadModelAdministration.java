package com.jxc.returns.query.admin;

import com.jxc.returns.projection.support.ReadModels;
import com.jxc.returns.projection.support.RebuildInOnePass;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Where each read model's processor stands, rebuilding one from the event stream, and its dead letters. */
@Component
public class ReadModelAdministration implements AutoCloseable {

    private static final Duration CLAIM_WAIT = Duration.ofSeconds(30);
    static final long WATCH_MILLIS = 100;
    private static final Logger log = LoggerFactory.getLogger(ReadModelAdministration.class);

    private final EventProcessingConfiguration processing;
    private final EventStore eventStore;
    private final RebuildInOnePass onePass;
    private final ScheduledExecutorService watcher;

    ReadModelAdministration(EventProcessingConfiguration processing, EventStore eventStore,
                            RebuildInOnePass onePass) {
        this.processing = processing;
        this.eventStore = eventStore;
        this.onePass = onePass;
        this.watcher = Executors.newSingleThreadScheduledExecutor(runnable -> {
            var thread = new Thread(runnable, "read-model-rebuild-watcher");
            thread.setDaemon(true);
            return thread;
        });
        watcher.scheduleWithFixedDelay(this::watchRebuilds, WATCH_MILLIS, WATCH_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        watcher.shutdownNow();
    }

    public record Status(String name, boolean running, boolean replaying, boolean error, long position, long head,
                         long lag, Double replayProgress, int claimedSegments, long deadLetters, Rebuild rebuild) {
    }

    /**
     * The last rebuild of a read model since this instance started (null if none). It is rebuilding until the
     * processor's segments, all claimed here, have handled the stream up to the head taken when the rebuild started
     * ({@code eventsTotal} positions); a processor that has not claimed its segments yet has handled nothing. Until
     * then {@code eventsDone} counts the positions handled, with the rate since the start and the time left at that
     * rate; once finished, {@code finishedAt} is when the processor was first seen at that head (it is watched every
     * {@value #WATCH_MILLIS} ms) and the rate is measured up to then. {@code inOnePass}: rebuilt with every other
     * read model by one pass over the stream ({@link #rebuildAll}), which it counts as its own progress until the
     * pass hands over to the read model's processor.
     */
    public record Rebuild(Instant startedAt, boolean finished, long eventsDone, long eventsTotal,
                          Double eventsPerSecond, Double secondsLeft, Instant finishedAt, boolean inOnePass) {
    }

    /** What one rebuild has been seen doing. */
    private static final class RebuildRun {
        final Instant startedAt;
        final long headAtStart;
        final boolean inOnePass;
        long done;
        volatile Instant finishedAt;

        RebuildRun(Instant startedAt, long headAtStart, boolean inOnePass) {
            this.startedAt = startedAt;
            this.headAtStart = headAtStart;
            this.inOnePass = inOnePass;
        }

        long total() {
            return headAtStart + 1;
        }
    }

    /** Where a processor's segments stand, as far as this instance sees them. */
    private record Progress(long position, boolean wholeStreamClaimed) {

        private static final long WHOLE = 1L << 32;

        static Progress of(Collection<EventTrackerStatus> segments) {
            long position = segments.stream()
                    .mapToLong(segment -> segment.getCurrentPosition().orElse(-1)).min().orElse(-1);
            // a segment with mask m is one (m + 1)-th of the stream; the claimed ones cover it all when they sum to 1
            long covered = segments.stream().mapToLong(segment -> WHOLE / (segment.getSegment().getMask() + 1L)).sum();
            return new Progress(position, covered >= WHOLE);
        }

        boolean reached(long headAtStart) {
            return wholeStreamClaimed && position >= headAtStart;
        }
    }

    private final Map<String, RebuildRun> rebuilds = new ConcurrentHashMap<>();

    public record DeadLetterView(String readModel, String eventIdentifier, String payloadType, String cause,
                                 Instant enqueuedAt, Instant lastTouched) {
    }

    /** The read models maintained by this instance (none on a command-side instance). */
    public List<Status> statuses() {
        return ReadModels.keptBy(processing).stream().map(this::status).toList();
    }

    public Status status(String name) {
        StreamingEventProcessor processor = processor(name);
        long head = position(eventStore.createHeadToken());
        Map<Integer, EventTrackerStatus> segments = processor.processingStatus();
        Progress progress = progress(name, processor);
        long position = progress.position();
        Rebuild rebuild = observe(name, progress);
        // A processor stays flagged as replaying until it handles an event past its reset point, even when the
        // stream holds no such event yet; once it has read up to the head, the replay is done. A rebuild replays
        // until it is finished, also before the processor has claimed a segment and can say so itself.
        boolean replaying = rebuild != null && !rebuild.finished()
                || segments.values().stream().anyMatch(EventTrackerStatus::isReplaying) && position < head;
        Double replayProgress = null;
        if (replaying) {
            long resetAt = rebuild != null && !rebuild.finished() ? rebuild.eventsTotal() - 1
                    : segments.values().stream().map(EventTrackerStatus::getResetPosition)
                    .filter(OptionalLong::isPresent).mapToLong(OptionalLong::getAsLong).max().orElse(head);
            replayProgress = resetAt <= 0 ? 1.0
                    : Math.min(1.0, Math.max(0, position + 1) / (double) (resetAt + 1));
        }
        return new Status(name, processor.isRunning() || onePass.progress(name).isPresent(), replaying,
                segments.values().stream().anyMatch(EventTrackerStatus::isErrorState), position, head,
                Math.max(0, head - position), replayProgress, segments.size(), deadLetterCount(name), rebuild);
    }

    /** The last rebuild of {@code name} as it stands with the processor at {@code progress}; null if none. */
    private Rebuild observe(String name, Progress progress) {
        RebuildRun run = rebuilds.get(name);
        if (run == null) {
            return null;
        }
        synchronized (run) {
            Instant now = Instant.now();
            if (run.finishedAt == null) {
                if (progress.wholeStreamClaimed()) {
                    run.done = Math.min(run.total(), Math.max(0, progress.position() + 1));
                }
                if (progress.reached(run.headAtStart)) {
                    run.finishedAt = now;
                } else {
                    // no rate before the first event
                    Double rate = run.done == 0 ? null : rate(run.done, run.startedAt, now);
                    Double left = rate == null || rate == 0 ? null : (run.total() - run.done) / rate;
                    return new Rebuild(run.startedAt, false, run.done, run.total(), rate, left, null, run.inOnePass);
                }
            }
            return new Rebuild(run.startedAt, true, run.total(), run.total(),
                    rate(run.total(), run.startedAt, run.finishedAt), 0.0, run.finishedAt, run.inOnePass);
        }
    }

    /** Notes the moment each running rebuild reaches its head, whether or not anyone asks for its status. */
    private void watchRebuilds() {
        rebuilds.forEach((name, run) -> {
            if (run.finishedAt == null) {
                try {
                    processing.eventProcessor(name, StreamingEventProcessor.class).ifPresent(processor ->
                            observe(name, progress(name, processor)));
                } catch (RuntimeException e) {
                    log.debug("Could not watch the rebuild of {}: {}", name, e.toString());
                }
            }
        });
    }

    /** Where the read model stands: as far as the pass that rebuilds it got, or as its own processor's segments. */
    private Progress progress(String name, StreamingEventProcessor processor) {
        return onePass.progress(name).map(pass -> new Progress(pass.position(), true))
                .orElseGet(() -> Progress.of(processor.processingStatus().values()));
    }

    private static Double rate(long events, Instant from, Instant to) {
        double seconds = Duration.between(from, to).toNanos() / 1e9;
        return seconds <= 0 ? null : Math.round(events / seconds * 10) / 10.0;
    }

    /** Drops the read model and replays the whole event stream into it; returns at once, progress via status. */
    public Status rebuild(String name) {
        return rebuild(List.of(name), CLAIM_WAIT).get(0);
    }

    /**
     * Drops every read model this instance keeps and replays the event stream into all of them in one pass (see
     * {@link RebuildInOnePass}); returns at once, progress via each one's status. Each read model's processor must
     * hold all its segments here, as for a rebuild of one.
     */
    public List<Status> rebuildAll() {
        return rebuildAll(CLAIM_WAIT);
    }

    /** As {@link #rebuildAll()}, waiting at most {@code claimWait} in all for the processors to claim segments. */
    public List<Status> rebuildAll(Duration claimWait) {
        return rebuild(ReadModels.keptBy(processing), claimWait);
    }

    /**
     * Resets the read models' processors (nothing is stopped unless each can be) and replays the stream into them:
     * several in one pass, a single one by its own processor.
     */
    private synchronized List<Status> rebuild(List<String> names, Duration claimWait) {
        names.forEach(this::refuseWhileRebuiltInOnePass);
        List<StreamingEventProcessor> processors = names.stream().map(this::processor).toList();
        Instant claimDeadline = Instant.now().plus(claimWait);
        processors.forEach(processor -> awaitClaims(processor, claimDeadline));
        for (int i = 0; i < names.size(); i++) {
            refuseUnlessWholeStreamHere(names.get(i), processors.get(i));
        }
        processors.stream().map(StreamingEventProcessor::shutdownAsync).toList()
                .forEach(CompletableFuture::join);
        long headAtStart = position(eventStore.createHeadToken());
        processors.forEach(StreamingEventProcessor::resetTokens);
        boolean inOnePass = headAtStart >= 0 && processors.size() > 1;
        Instant now = Instant.now();
        names.forEach(name -> rebuilds.put(name, new RebuildRun(now, headAtStart, inOnePass)));
        if (inOnePass) {
            onePass.start(processors, headAtStart);
        } else {
            processors.forEach(StreamingEventProcessor::start);
        }
        return names.stream().map(this::status).toList();
    }

    /**
     * A reset needs every segment of the processor: a running one must hold them all here (a stopped one holds none,
     * and its reset fails as before if another instance holds some).
     */
    private static void refuseUnlessWholeStreamHere(String name, StreamingEventProcessor processor) {
        if (processor.isRunning() && !Progress.of(processor.processingStatus().values()).wholeStreamClaimed()) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, "Read model " + name + " is processed in part "
                    + "by another instance (or has not claimed its segments yet); rebuild it on an instance that "
                    + "holds all its segments.");
        }
    }

    private void refuseWhileRebuiltInOnePass(String name) {
        if (onePass.progress(name).isPresent()) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, "Read model " + name
                    + " is being rebuilt with every read model in one pass; it can be rebuilt again once that ends.");
        }
    }

    public List<DeadLetterView> deadLetters(String name) {
        var views = new ArrayList<DeadLetterView>();
        queue(name).deadLetters().forEach(sequence -> sequence.forEach(letter -> views.add(view(name, letter))));
        return views;
    }

    /** Hands every parked sequence back to its handlers once; returns how many sequences were processed. */
    public int retryDeadLetters(String name) {
        queue(name);
        var processor = processing.sequencedDeadLetterProcessor(name).orElseThrow();
        int processed = 0;
        long sequences = queue(name).amountOfSequences();
        while (processed < sequences && processor.processAny()) {
            processed++;
        }
        return processed;
    }

    private long deadLetterCount(String name) {
        return processing.deadLetterQueue(name).map(SequencedDeadLetterQueue::size).orElse(0L);
    }

    private SequencedDeadLetterQueue<EventMessage<?>> queue(String name) {
        requireKnown(name);
        return processing.deadLetterQueue(name).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                "Read model " + name + " has no dead-letter queue."));
    }

    private static DeadLetterView view(String name, DeadLetter<? extends EventMessage<?>> letter) {
        EventMessage<?> message = letter.message();
        return new DeadLetterView(name, message.getIdentifier(), message.getPayloadType().getSimpleName(),
                letter.cause().map(cause -> cause.type() + ": " + cause.message()).orElse(null),
                letter.enqueuedAt(), letter.lastTouched());
    }

    private StreamingEventProcessor processor(String name) {
        requireKnown(name);
        return processing.eventProcessor(name, StreamingEventProcessor.class).orElseThrow(() ->
                new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE, "Read model " + name
                        + " is not maintained by this instance."));
    }

    private static void requireKnown(String name) {
        if (!ReadModels.ALL.contains(name)) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No read model named " + name
                    + "; known: " + ReadModels.ALL);
        }
    }

    /** A processor shut down before it claimed its segments may never claim them again (seen on Axon 4.13). */
    private static void awaitClaims(StreamingEventProcessor processor, Instant deadline) {
        while (processor.isRunning() && processor.processingStatus().isEmpty() && Instant.now().isBefore(deadline)) {
            Thread.onSpinWait();
        }
    }

    private static long position(TrackingToken token) {
        return token == null ? -1 : token.position().orElse(-1);
    }

    Collection<String> names() {
        return ReadModels.ALL.stream().filter(name -> processing.deadLetterQueue(name).isPresent()).toList();
    }
}

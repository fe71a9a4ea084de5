package com.jxc.returns.query.admin;

import com.jxc.returns.projection.support.ReadModels;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
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
import java.util.concurrent.ConcurrentHashMap;

/** Where each read model's processor stands, rebuilding one from the event stream, and its dead letters. */
@Component
public class ReadModelAdministration {

    private static final Duration CLAIM_WAIT = Duration.ofSeconds(30);

    private final EventProcessingConfiguration processing;
    private final EventStore eventStore;

    ReadModelAdministration(EventProcessingConfiguration processing, EventStore eventStore) {
        this.processing = processing;
        this.eventStore = eventStore;
    }

    public record Status(String name, boolean running, boolean replaying, boolean error, long position, long head,
                         long lag, Double replayProgress, int claimedSegments, long deadLetters, Rebuild rebuild) {
    }

    /**
     * The last rebuild of a read model since this instance started (null if none): events replayed so far out of
     * those in the stream when it started, counted in stream positions; the rate since it started; the time left at
     * that rate. Once finished, {@code eventsDone = eventsTotal} and the rate is measured up to the last moment the
     * replay was seen running (or, if it never was, to when it was seen finished).
     */
    public record Rebuild(Instant startedAt, boolean finished, long eventsDone, long eventsTotal,
                          Double eventsPerSecond, Double secondsLeft, Instant finishedAt) {
    }

    /** What one rebuild has been seen doing. */
    private static final class RebuildRun {
        final Instant startedAt;
        final long total;
        long lastDone;
        Instant lastSeenRunning;
        Instant seenFinished;

        RebuildRun(Instant startedAt, long total) {
            this.startedAt = startedAt;
            this.total = total;
        }
    }

    private final Map<String, RebuildRun> rebuilds = new ConcurrentHashMap<>();

    public record DeadLetterView(String readModel, String eventIdentifier, String payloadType, String cause,
                                 Instant enqueuedAt, Instant lastTouched) {
    }

    /** The read models maintained by this instance (none on a command-side instance). */
    public List<Status> statuses() {
        return ReadModels.ALL.stream()
                .filter(name -> processing.eventProcessor(name, StreamingEventProcessor.class).isPresent())
                .map(this::status).toList();
    }

    public Status status(String name) {
        StreamingEventProcessor processor = processor(name);
        long head = position(eventStore.createHeadToken());
        Map<Integer, EventTrackerStatus> segments = processor.processingStatus();
        long position = segments.values().stream()
                .mapToLong(segment -> segment.getCurrentPosition().orElse(-1)).min().orElse(-1);
        // A processor stays flagged as replaying until it handles an event past its reset point, even when the
        // stream holds no such event yet; once it has read up to the head, the rebuild is done.
        boolean replaying = segments.values().stream().anyMatch(EventTrackerStatus::isReplaying) && position < head;
        Double progress = null;
        if (replaying) {
            long resetAt = segments.values().stream().map(EventTrackerStatus::getResetPosition)
                    .filter(OptionalLong::isPresent).mapToLong(OptionalLong::getAsLong).max().orElse(head);
            progress = resetAt <= 0 ? 1.0 : Math.min(1.0, Math.max(0, position + 1) / (double) (resetAt + 1));
        }
        return new Status(name, processor.isRunning(), replaying,
                segments.values().stream().anyMatch(EventTrackerStatus::isErrorState), position, head,
                Math.max(0, head - position), progress, segments.size(), deadLetterCount(name),
                rebuild(name, replaying, position));
    }

    private Rebuild rebuild(String name, boolean replaying, long position) {
        RebuildRun run = rebuilds.get(name);
        if (run == null) {
            return null;
        }
        synchronized (run) {
            Instant now = Instant.now();
            if (replaying && run.seenFinished == null) {
                run.lastDone = Math.min(run.total, Math.max(0, position + 1));
                run.lastSeenRunning = now;
                Double rate = rate(run.lastDone, run.startedAt, now);
                Double left = rate == null || rate == 0 ? null : (run.total - run.lastDone) / rate;
                return new Rebuild(run.startedAt, false, run.lastDone, run.total, rate, left, null);
            }
            if (run.seenFinished == null) {
                run.seenFinished = now;
            }
            Double rate = run.lastSeenRunning != null && run.lastDone > 0
                    ? rate(run.lastDone, run.startedAt, run.lastSeenRunning)
                    : rate(run.total, run.startedAt, run.seenFinished);
            return new Rebuild(run.startedAt, true, run.total, run.total, rate, 0.0, run.seenFinished);
        }
    }

    private static Double rate(long events, Instant from, Instant to) {
        double seconds = Duration.between(from, to).toNanos() / 1e9;
        return seconds <= 0 ? null : Math.round(events / seconds * 10) / 10.0;
    }

    /** Drops the read model and replays the whole event stream into it; returns at once, progress via status. */
    public Status rebuild(String name) {
        StreamingEventProcessor processor = processor(name);
        awaitClaims(processor);
        processor.shutDown();
        long total = position(eventStore.createHeadToken()) + 1;
        processor.resetTokens();
        rebuilds.put(name, new RebuildRun(Instant.now(), total));
        processor.start();
        return status(name);
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
    private static void awaitClaims(StreamingEventProcessor processor) {
        Instant deadline = Instant.now().plus(CLAIM_WAIT);
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

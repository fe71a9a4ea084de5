package com.jxc.returns.platform.storage;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.StreamableMessageSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class SharedEventReadsTest {

    private final EmbeddedEventStore store = EmbeddedEventStore.builder()
            .storageEngine(new InMemoryEventStorageEngine()).build();
    private final CountingSource source = new CountingSource(store);
    private final AtomicLong now = new AtomicLong();
    private final List<BlockingStream<TrackedEventMessage<?>>> opened = new ArrayList<>();

    @AfterEach
    void closeEverything() {
        opened.forEach(BlockingStream::close);
        store.shutDown();
    }

    @Test
    void readersThatStartTogetherReadTheStreamOnce() throws Exception {
        publish(2_000);
        SharedEventReads shared = shared(1_000, Duration.ofSeconds(10));
        var readers = List.of(open(shared, null), open(shared, null), open(shared, null));
        List<List<String>> seen = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());

        for (int round = 0; round < 20; round++) {
            for (int r = 0; r < readers.size(); r++) {
                seen.get(r).addAll(read(readers.get(r), 100));
            }
        }

        List<String> stream = everyPayload();
        seen.forEach(events -> assertThat(events).isEqualTo(stream));
        assertThat(source.opened).as("streams opened on the event store").hasSize(1);
        assertThat(source.opened.get(0)).isNull();
        assertThat(shared.readersLetGo()).isZero();
    }

    @Test
    void theSlowestReaderHoldsTheOthersUntilTheHoldTimeThenReadsOnItsOwn() throws Exception {
        publish(2_000);
        SharedEventReads shared = shared(1_000, Duration.ofSeconds(10));
        var fast = open(shared, null);
        var slow = open(shared, null);
        List<String> slowSeen = new ArrayList<>(read(slow, 10));
        List<String> fastSeen = new ArrayList<>(read(fast, 1_000));

        assertThat(fast.hasNextAvailable()).as("no room while the slow reader is in the oldest page").isFalse();
        now.addAndGet(Duration.ofSeconds(9).toNanos());
        assertThat(fast.hasNextAvailable()).isFalse();
        assertThat(shared.readersLetGo()).isZero();

        now.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(fast.hasNextAvailable()).as("the slow reader is let go after the hold time").isTrue();
        assertThat(shared.readersLetGo()).isOne();
        fastSeen.addAll(read(fast, 1_000));

        slowSeen.addAll(read(slow, 1_990));
        assertThat(fastSeen).isEqualTo(everyPayload());
        assertThat(slowSeen).as("nothing lost or repeated when it goes on alone").isEqualTo(everyPayload());
        assertThat(source.opened).as("the window's stream, then the slow reader's own after the page it was in")
                .containsExactly(null, tokenOf(249));
    }

    @Test
    void aSlowReaderThatKeepsMovingIsNeverLetGo() throws Exception {
        publish(3_000);
        SharedEventReads shared = shared(1_000, Duration.ofSeconds(10));
        var fast = open(shared, null);
        var slow = open(shared, null);
        List<String> fastSeen = new ArrayList<>();
        List<String> slowSeen = new ArrayList<>();
        while (fastSeen.size() < 3_000) {
            while (fastSeen.size() < 3_000 && fast.hasNextAvailable()) {
                fastSeen.add(payload(fast.nextAvailable()));
            }
            now.addAndGet(Duration.ofSeconds(9).toNanos());
            slowSeen.addAll(read(slow, 300));
        }
        slowSeen.addAll(read(slow, 3_000 - slowSeen.size()));

        assertThat(fastSeen).isEqualTo(everyPayload());
        assertThat(slowSeen).isEqualTo(everyPayload());
        assertThat(shared.readersLetGo()).isZero();
        assertThat(source.opened).hasSize(1);
    }

    @Test
    void aReaderAtTheHeadFollowsItOnAStreamOfItsOwnAndTheWindowCloses() throws Exception {
        publish(600);
        SharedEventReads shared = shared(1_000, Duration.ofSeconds(10));
        var reader = open(shared, null);
        assertThat(read(reader, 600)).isEqualTo(everyPayload());

        assertThat(reader.hasNextAvailable()).isFalse();
        assertThat(source.opened).as("its own stream from its last event").containsExactly(null, tokenOf(599));
        assertThat(source.closed).as("the window's stream, closed when its last reader left").hasValue(1);

        publish(1);
        assertThat(reader.hasNextAvailable(10, TimeUnit.SECONDS)).isTrue();
        assertThat(payload(reader.nextAvailable())).isEqualTo("event-600");
    }

    @Test
    void aReaderOpenedWhereTheWindowHasBeenJoinsIt() throws Exception {
        publish(1_000);
        SharedEventReads shared = shared(1_000, Duration.ofSeconds(10));
        var first = open(shared, null);
        read(first, 100);

        var second = open(shared, tokenOf(49));

        assertThat(read(second, 950)).isEqualTo(everyPayload().subList(50, 1_000));
        assertThat(source.opened).hasSize(1);
    }

    @Test
    void aReaderOpenedWhereTheWindowHasNotBeenReadsOnItsOwn() throws Exception {
        publish(1_000);
        SharedEventReads shared = shared(1_000, Duration.ofSeconds(10));
        var first = open(shared, null);
        read(first, 10);

        var elsewhere = open(shared, tokenOf(799));

        assertThat(read(elsewhere, 200)).isEqualTo(everyPayload().subList(800, 1_000));
        assertThat(source.opened).containsExactly(null, tokenOf(799));
    }

    @Test
    void aReaderThatStartedLateReadsOnItsOwnUntilItReachesTheWindowThenJoinsIt() throws Exception {
        publish(3_000);
        SharedEventReads shared = shared(1_000, Duration.ofSeconds(10));
        var early = open(shared, null);
        List<String> earlySeen = new ArrayList<>(read(early, 1_500));

        var late = open(shared, null);
        List<String> lateSeen = new ArrayList<>(read(late, 1_500));
        assertThat(shared.readersRejoined()).as("back in the window once it read what the window holds").isOne();
        while (earlySeen.size() < 3_000) {
            earlySeen.addAll(read(early, 100));
            lateSeen.addAll(read(late, Math.min(100, 3_000 - lateSeen.size())));
        }

        assertThat(earlySeen).isEqualTo(everyPayload());
        assertThat(lateSeen).isEqualTo(everyPayload());
        assertThat(source.opened).as("the window's stream and the late reader's own, nothing more")
                .containsExactly(null, null);
    }

    @Test
    void closingEveryReaderClosesTheWindowsStream() throws Exception {
        publish(1_000);
        SharedEventReads shared = shared(1_000, Duration.ofSeconds(10));
        var first = open(shared, null);
        var second = open(shared, null);
        read(first, 300);
        read(second, 10);

        first.close();
        assertThat(source.closed).hasValue(0);
        second.close();
        assertThat(source.closed).hasValue(1);

        var later = open(shared, null);
        assertThat(read(later, 1_000)).as("a new window from the start").isEqualTo(everyPayload());
        assertThat(source.opened).containsExactly(null, null);
    }

    @Test
    void eightReadersOnTheirOwnThreadsEachSeeTheWholeStreamInOrder() throws Exception {
        int events = 20_000;
        publish(events);
        SharedEventReads shared = new SharedEventReads(source, 2_000, Duration.ofMinutes(5));
        List<String> stream = everyPayload();
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<List<String>>> results = new ArrayList<>();
            List<BlockingStream<TrackedEventMessage<?>>> readers = IntStream.range(0, 8)
                    .mapToObj(r -> open(shared, null)).toList();
            for (var reader : readers) {
                results.add(threads.submit(() -> {
                    List<String> seen = new ArrayList<>(events);
                    while (seen.size() < events) {
                        if (reader.hasNextAvailable(100, TimeUnit.MILLISECONDS)) {
                            seen.add(payload(reader.nextAvailable()));
                        }
                    }
                    return seen;
                }));
            }
            for (Future<List<String>> result : results) {
                assertThat(result.get(2, TimeUnit.MINUTES)).isEqualTo(stream);
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(shared.readersLetGo()).isZero();
        assertThat(source.opened).as("one stream for all eight").hasSize(1);
    }

    private SharedEventReads shared(int windowEvents, Duration hold) {
        return new SharedEventReads(source, windowEvents, hold, now::get);
    }

    private BlockingStream<TrackedEventMessage<?>> open(SharedEventReads shared, TrackingToken token) {
        var stream = shared.openStream(token);
        opened.add(stream);
        return stream;
    }

    private void publish(int count) {
        int from = (int) (store.createHeadToken() == null ? 0 : store.createHeadToken().position().orElse(-1) + 1);
        store.publish(IntStream.range(from, from + count)
                .mapToObj(i -> GenericEventMessage.asEventMessage("event-" + i)).toList());
    }

    private static List<String> read(BlockingStream<TrackedEventMessage<?>> stream, int count) throws Exception {
        List<String> payloads = new ArrayList<>(count);
        while (payloads.size() < count) {
            assertThat(stream.hasNextAvailable(10, TimeUnit.SECONDS)).as("event %d of %d", payloads.size(), count)
                    .isTrue();
            payloads.add(payload(stream.nextAvailable()));
        }
        return payloads;
    }

    private List<String> everyPayload() {
        try (var stream = store.openStream(null)) {
            List<String> payloads = new ArrayList<>();
            while (stream.hasNextAvailable()) {
                payloads.add(payload(stream.nextAvailable()));
            }
            return payloads;
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private TrackingToken tokenOf(int index) {
        try (var stream = store.openStream(null)) {
            TrackedEventMessage<?> event = null;
            for (int i = 0; i <= index; i++) {
                event = stream.nextAvailable();
            }
            return event.trackingToken();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String payload(TrackedEventMessage<?> event) {
        return (String) event.getPayload();
    }

    /** The event store, with the tokens its streams were opened at and how many of them were closed. */
    private static final class CountingSource implements StreamableMessageSource<TrackedEventMessage<?>> {

        final EmbeddedEventStore store;
        final List<TrackingToken> opened = new CopyOnWriteArrayList<>();
        final AtomicInteger closed = new AtomicInteger();

        CountingSource(EmbeddedEventStore store) {
            this.store = store;
        }

        @Override
        public BlockingStream<TrackedEventMessage<?>> openStream(TrackingToken token) {
            opened.add(token);
            var stream = store.openStream(token);
            return new BlockingStream<>() {
                @Override
                public java.util.Optional<TrackedEventMessage<?>> peek() {
                    return stream.peek();
                }

                @Override
                public boolean hasNextAvailable(int timeout, TimeUnit unit) throws InterruptedException {
                    return stream.hasNextAvailable(timeout, unit);
                }

                @Override
                public TrackedEventMessage<?> nextAvailable() throws InterruptedException {
                    return stream.nextAvailable();
                }

                @Override
                public void close() {
                    closed.incrementAndGet();
                    stream.close();
                }
            };
        }

        @Override
        public TrackingToken createTailToken() {
            return store.createTailToken();
        }

        @Override
        public TrackingToken createHeadToken() {
            return store.createHeadToken();
        }

        @Override
        public TrackingToken createTokenAt(Instant dateTime) {
            return store.createTokenAt(dateTime);
        }
    }
}

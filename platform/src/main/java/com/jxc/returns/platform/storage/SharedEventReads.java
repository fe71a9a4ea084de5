package com.jxc.returns.platform.storage;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.StreamableMessageSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * One read of the event stream for every processor that catches up from the same place. Processors that open their
 * streams at the same token (all of them after a rebuild of every read model, or on a new read store) are served
 * from one window of recently read pages: the events are read and deserialised once, not once per processor.
 *
 * <p>The window holds at most {@code windowEvents} events. A reader that needs a page beyond it waits (its stream
 * answers "nothing yet", so its processor polls again) until the slowest reader leaves the oldest page; a reader that
 * holds the window longer than {@code hold} is let go and reads on from the stream of its own. A reader that reaches
 * the head leaves the window and follows the head on its own stream, as every processor does without this class;
 * the window is closed when its last reader leaves. A stream opened at a token the window does not hold reads on its
 * own, and goes into the window when it reaches a token the window holds (a processor that started a moment after
 * the others, or one that was let go and caught up).
 */
public final class SharedEventReads implements StreamableMessageSource<TrackedEventMessage<?>> {

    /** How often a reader on a stream of its own looks whether the window has come to where it reads. */
    private static final int REJOIN_CHECK_EVENTS = 100;

    private final StreamableMessageSource<TrackedEventMessage<?>> source;
    private final int pageEvents;
    private final int windowEvents;
    private final long holdNanos;
    private final LongSupplier nanoTime;
    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicLong readersLetGo = new AtomicLong();
    private final AtomicLong readersRejoined = new AtomicLong();
    private Window window;

    public SharedEventReads(StreamableMessageSource<TrackedEventMessage<?>> source, int windowEvents, Duration hold) {
        this(source, windowEvents, hold, System::nanoTime);
    }

    SharedEventReads(StreamableMessageSource<TrackedEventMessage<?>> source, int windowEvents, Duration hold,
                     LongSupplier nanoTime) {
        if (windowEvents < 2) {
            throw new IllegalArgumentException("a window holds at least two events, not " + windowEvents);
        }
        this.source = source;
        this.pageEvents = Math.max(1, Math.min(500, windowEvents / 4));
        this.windowEvents = windowEvents;
        this.holdNanos = hold.toNanos();
        this.nanoTime = nanoTime;
    }

    @Override
    public BlockingStream<TrackedEventMessage<?>> openStream(TrackingToken trackingToken) {
        Reader reader = new Reader(trackingToken);
        lock.lock();
        try {
            if (window == null) {
                window = new Window(trackingToken);
            }
            Position start = window.find(trackingToken);
            if (start != null) {
                reader.join(start);
                return reader;
            }
        } finally {
            lock.unlock();
        }
        reader.readAlone();
        return reader;
    }

    /** Readers that held the window longer than the hold time and were let go to read on their own. */
    public long readersLetGo() {
        return readersLetGo.get();
    }

    /** Readers that read on their own for a while and came back into the window where it had come to them. */
    public long readersRejoined() {
        return readersRejoined.get();
    }

    @Override
    public TrackingToken createTailToken() {
        return source.createTailToken();
    }

    @Override
    public TrackingToken createHeadToken() {
        return source.createHeadToken();
    }

    @Override
    public TrackingToken createTokenAt(Instant dateTime) {
        return source.createTokenAt(dateTime);
    }

    @Override
    public TrackingToken createTokenSince(Duration duration) {
        return source.createTokenSince(duration);
    }

    /** Events read together; {@code next} links the page read after it. */
    private static final class Page {
        final TrackingToken before;
        final List<TrackedEventMessage<?>> events;
        volatile Page next;

        Page(TrackingToken before, List<TrackedEventMessage<?>> events) {
            this.before = before;
            this.events = events;
        }

        TrackingToken after() {
            return events.isEmpty() ? before : events.get(events.size() - 1).trackingToken();
        }
    }

    private record Position(Page page, int index) {
    }

    private enum Read { PAGE, NO_ROOM, HEAD }

    /** The pages read by one stream on the event store and the readers still in them. Guarded by the lock. */
    private final class Window {
        final TrackingToken start;
        final Set<Reader> readers = ConcurrentHashMap.newKeySet();
        /** Where a reader goes on after each token the window holds. */
        final Map<TrackingToken, Position> after = new HashMap<>();
        BlockingStream<TrackedEventMessage<?>> stream;
        Page oldest;
        Page newest;
        int held;
        long fullSince = -1;

        Window(TrackingToken start) {
            this.start = start;
            this.oldest = this.newest = new Page(start, List.of());
            after.put(start, new Position(oldest, 0));
        }

        /** Where a reader that has seen {@code token} goes on (after the last event with that token); null if unknown. */
        Position find(TrackingToken token) {
            return after.get(token);
        }

        /** Reads the page after the newest, if there is room for it and the event store has events after it. */
        Read read() {
            if (!makeRoom()) {
                return Read.NO_ROOM;
            }
            if (stream == null) {
                stream = source.openStream(start);
            }
            List<TrackedEventMessage<?>> events = new ArrayList<>(pageEvents);
            while (events.size() < pageEvents && stream.hasNextAvailable()) {
                try {
                    events.add(stream.nextAvailable());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            if (events.isEmpty()) {
                return Read.HEAD;
            }
            Page page = new Page(newest.after(), List.copyOf(events));
            newest.next = page;
            newest = page;
            held += events.size();
            for (int i = 0; i < events.size(); i++) {
                after.put(events.get(i).trackingToken(), new Position(page, i + 1));
            }
            return Read.PAGE;
        }

        /**
         * Drops the oldest pages no reader is in until a page fits. A page a reader is still in is kept for up to
         * the hold time after it first stood in the way; then its readers are let go.
         */
        private boolean makeRoom() {
            while (held + pageEvents > windowEvents && oldest != newest) {
                Page page = oldest;
                List<Reader> inIt = readers.stream().filter(reader -> reader.page == page).toList();
                if (!inIt.isEmpty()) {
                    long now = nanoTime.getAsLong();
                    if (fullSince < 0) {
                        fullSince = now;
                    }
                    if (now - fullSince < holdNanos) {
                        return false;
                    }
                    inIt.forEach(reader -> {
                        reader.letGo = true;
                        readers.remove(reader);
                        readersLetGo.incrementAndGet();
                    });
                }
                fullSince = -1;
                oldest = page.next;
                held -= page.events.size();
                after.computeIfPresent(page.before, (token, position) -> position.page() == page ? null : position);
                page.events.forEach(event -> after.computeIfPresent(event.trackingToken(),
                        (token, position) -> position.page() == page ? null : position));
            }
            return true;
        }

        void leave(Reader reader) {
            readers.remove(reader);
            if (readers.isEmpty() && window == this) {
                window = null;
                if (stream != null) {
                    stream.close();
                }
            }
        }
    }

    /** One processor's stream: from the window while it is in it, else from a stream of its own. */
    private final class Reader implements BlockingStream<TrackedEventMessage<?>> {

        private TrackingToken lastToken;
        private volatile Page page;
        private volatile boolean letGo;
        private int index;
        private Window joined;
        private BlockingStream<TrackedEventMessage<?>> own;
        private long readAlone;
        private volatile boolean closed;

        Reader(TrackingToken start) {
            this.lastToken = start;
        }

        void join(Position position) {
            joined = window;
            page = position.page();
            index = position.index();
            joined.readers.add(this);
        }

        void readAlone() {
            own = source.openStream(lastToken);
        }

        @Override
        public Optional<TrackedEventMessage<?>> peek() {
            if (own == null && !hasNextAvailable()) {
                return Optional.empty();
            }
            return own != null ? own.peek() : Optional.of(page.events.get(index));
        }

        @Override
        public boolean hasNextAvailable(int timeout, TimeUnit unit) throws InterruptedException {
            long deadline = System.nanoTime() + unit.toNanos(timeout);
            while (own == null && !closed) {
                if (index < page.events.size() || advance()) {
                    return true;
                }
                long left = deadline - System.nanoTime();
                if (own != null || left <= 0) {
                    break;
                }
                // the window is full: wait for its slowest reader to move on
                TimeUnit.NANOSECONDS.sleep(Math.min(left, TimeUnit.MILLISECONDS.toNanos(10)));
            }
            long leftMillis = TimeUnit.NANOSECONDS.toMillis(Math.max(0, deadline - System.nanoTime()));
            return own != null && own.hasNextAvailable((int) Math.min(Integer.MAX_VALUE, leftMillis),
                    TimeUnit.MILLISECONDS);
        }

        /** Moves to the next page that has events; false if there is none yet or the reader now reads on its own. */
        private boolean advance() {
            Page next = letGo ? null : page.next;
            if (next == null) {
                next = nextPage();
            }
            if (next == null) {
                return false;
            }
            page = next;
            index = 0;
            return !next.events.isEmpty();
        }

        /** The page after this reader's, read now if no reader has read it yet; null if there is none yet. */
        private Page nextPage() {
            lock.lock();
            try {
                if (letGo || joined != window) {
                    switchToOwn();
                    return null;
                }
                if (page.next != null) {
                    return page.next;
                }
                Read read = joined.read();
                if (read == Read.HEAD) {
                    // follow the head on a stream of its own, as without the window
                    switchToOwn();
                }
                return read == Read.PAGE ? page.next : null;
            } finally {
                lock.unlock();
            }
        }

        private void switchToOwn() {
            if (joined != null) {
                joined.leave(this);
                joined = null;
            }
            page = null;
            own = source.openStream(lastToken);
        }

        @Override
        public TrackedEventMessage<?> nextAvailable() throws InterruptedException {
            while (!hasNextAvailable(1, TimeUnit.SECONDS)) {
                if (closed) {
                    throw new IllegalStateException("the stream is closed");
                }
            }
            TrackedEventMessage<?> event = own != null ? own.nextAvailable() : page.events.get(index++);
            lastToken = event.trackingToken();
            if (own != null && ++readAlone % REJOIN_CHECK_EVENTS == 0) {
                rejoin();
            }
            return event;
        }

        /** Goes back into the window if it holds the event this reader read last on its own. */
        private void rejoin() {
            lock.lock();
            try {
                Position position = window == null || closed ? null : window.find(lastToken);
                if (position == null) {
                    return;
                }
                own.close();
                own = null;
                letGo = false;
                join(position);
                readersRejoined.incrementAndGet();
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void skipMessagesWithPayloadTypeOf(TrackedEventMessage<?> ignoredMessage) {
            if (own != null) {
                own.skipMessagesWithPayloadTypeOf(ignoredMessage);
            }
        }

        @Override
        public void close() {
            lock.lock();
            try {
                closed = true;
                if (joined != null) {
                    joined.leave(this);
                    joined = null;
                }
            } finally {
                lock.unlock();
            }
            if (own != null) {
                own.close();
            }
        }
    }
}

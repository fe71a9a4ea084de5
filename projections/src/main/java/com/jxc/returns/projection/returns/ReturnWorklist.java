package com.jxc.returns.projection.returns;

import com.jxc.returns.api.query.FindReturnsQuery;
import com.jxc.returns.api.query.ReturnView;
import com.jxc.returns.api.returnrequest.ReturnRequestEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;
import java.util.function.UnaryOperator;

/**
 * The worklist's filter and sort fields of every return, held in memory by each instance and fed by its own
 * processor from the event stream (its token lives in memory too, so an instance rebuilds it from the start of the
 * stream when it starts). The embedded document store has no secondary indexes: a filtered, sorted page over the
 * {@code returns} collection is a full scan, while this index answers it by walking one sorted set; the page's
 * documents are then loaded by {@code _id}. Eventually consistent with the {@code returns} documents, like every read
 * model: both fold the same events with {@link ReturnViewFold}.
 */
@Component
@ProcessingGroup(ReturnWorklist.PROCESSING_GROUP)
public class ReturnWorklist {

    public static final String PROCESSING_GROUP = "returns-worklist";

    /** One return as the worklist filters and sorts it; times in epoch milliseconds. */
    record Entry(String returnId, long version, String state, String waitingFor, String customerId, String orderId,
                 String reason, long requestedAt, long updatedAt) {

        static Entry of(ReturnView view, UnaryOperator<String> shared) {
            var request = view.request();
            return new Entry(view.returnId(), view.version(), shared.apply(view.state()),
                    shared.apply(view.waitingFor()), shared.apply(request.customerId()), request.orderId(),
                    shared.apply(request.reason()), request.requestedAt().toEpochMilli(),
                    view.updatedAt().toEpochMilli());
        }

        /** Just enough of a view for {@link ReturnViewFold} to move it on by one event. */
        ReturnView toView() {
            var view = new ReturnView.Builder();
            view.returnId = returnId;
            view.version = version;
            view.state = state;
            view.waitingFor = waitingFor;
            view.request = new ReturnView.Request(orderId, customerId, null, null, null, null, reason, null, null,
                    null, null, Instant.ofEpochMilli(requestedAt), null, 0, false, null, null, false, List.of());
            view.lines = List.of();
            view.updatedAt = Instant.ofEpochMilli(updatedAt);
            return view.build();
        }
    }

    /**
     * The ids of one page, in order, with the version each return has in this index (the number of its events
     * folded), and how many returns match the filters in all.
     */
    public record PageOfIds(List<String> returnIds, List<Long> versions, long total) {
    }

    private static final Comparator<Entry> BY_REQUESTED =
            Comparator.comparingLong(Entry::requestedAt).thenComparing(Entry::returnId);
    private static final Comparator<Entry> BY_UPDATED =
            Comparator.comparingLong(Entry::updatedAt).thenComparing(Entry::returnId);

    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final Map<String, Entry> entries = new HashMap<>();
    /** One instance of each state, role, reason and customer id: 100,000 returns share a handful of them. */
    private final Map<String, String> sharedValues = new HashMap<>();
    private final Ordered all = new Ordered();
    /** The same returns by state, so that a state's page walks only its own returns. */
    private final Map<String, Ordered> byState = new HashMap<>();

    @EventHandler
    void on(ReturnRequestEvent event, @SequenceNumber long sequence) {
        String returnId = event.returnId().value();
        lock.writeLock().lock();
        try {
            Entry current = entries.get(returnId);
            ReturnView before = current == null ? null : current.toView();
            ReturnView after = ReturnViewFold.apply(before, event, sequence);
            if (after != before) {
                Entry next = Entry.of(after, this::shared);
                if (current != null) {
                    all.remove(current);
                    byState.get(current.state()).remove(current);
                }
                entries.put(returnId, next);
                all.add(next);
                byState.computeIfAbsent(next.state(), state -> new Ordered()).add(next);
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    private String shared(String value) {
        return value == null ? null : sharedValues.computeIfAbsent(value, same -> same);
    }

    @ResetHandler
    void reset() {
        lock.writeLock().lock();
        try {
            entries.clear();
            sharedValues.clear();
            all.clear();
            byState.clear();
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * The page the query asks for, with the same filters and order as the {@code returns} collection would give:
     * newest or oldest first, and returns of the same millisecond by id.
     */
    public PageOfIds page(FindReturnsQuery query) {
        Predicate<Entry> filter = filterBesidesState(query);
        long from = (long) query.page() * query.size();
        long to = from + query.size();
        var ids = new ArrayList<String>(query.size());
        var versions = new ArrayList<Long>(query.size());
        lock.readLock().lock();
        try {
            Ordered candidates = query.state() == null ? all
                    : byState.getOrDefault(query.state().name(), Ordered.NONE);
            long matching = 0;
            for (Entry entry : candidates.inOrder(query.sort())) {
                if (filter != null && !filter.test(entry)) {
                    continue;
                }
                if (matching >= from && matching < to) {
                    ids.add(entry.returnId());
                    versions.add(entry.version());
                }
                matching++;
                if (filter == null && matching >= to) {
                    break; // every candidate matches: the total is their count
                }
            }
            return new PageOfIds(ids, versions, filter == null ? candidates.size() : matching);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Returns in both orders; one sorted set per time serves both directions. */
    private static final class Ordered {

        static final Ordered NONE = new Ordered();

        private final NavigableSet<Entry> byRequested = new TreeSet<>(BY_REQUESTED);
        private final NavigableSet<Entry> byUpdated = new TreeSet<>(BY_UPDATED);

        void add(Entry entry) {
            byRequested.add(entry);
            byUpdated.add(entry);
        }

        void remove(Entry entry) {
            byRequested.remove(entry);
            byUpdated.remove(entry);
        }

        void clear() {
            byRequested.clear();
            byUpdated.clear();
        }

        int size() {
            return byRequested.size();
        }

        /** Walking a set backwards, ties keep their ascending ids. */
        Iterable<Entry> inOrder(String sort) {
            return switch (sort) {
                case "requestedAt" -> byRequested;
                case "updatedAt" -> byUpdated;
                case "-updatedAt" -> () -> newestFirst(byUpdated, Entry::updatedAt);
                default -> () -> newestFirst(byRequested, Entry::requestedAt);
            };
        }
    }

    private static Iterator<Entry> newestFirst(NavigableSet<Entry> ascending, ToLongFunction<Entry> time) {
        Iterator<Entry> backwards = ascending.descendingIterator();
        return new Iterator<>() {
            private final Deque<Entry> sameMillisecond = new ArrayDeque<>();
            private Entry ahead;

            @Override
            public boolean hasNext() {
                return !sameMillisecond.isEmpty() || ahead != null || backwards.hasNext();
            }

            @Override
            public Entry next() {
                if (sameMillisecond.isEmpty()) {
                    Entry first = ahead != null ? ahead : backwards.next();
                    ahead = null;
                    sameMillisecond.push(first);
                    while (backwards.hasNext()) {
                        Entry following = backwards.next();
                        if (time.applyAsLong(following) != time.applyAsLong(first)) {
                            ahead = following;
                            break;
                        }
                        sameMillisecond.push(following);
                    }
                }
                return sameMillisecond.pop();
            }
        };
    }

    /** The query's filters other than the state (which picks the candidates), or null when it has none. */
    private static Predicate<Entry> filterBesidesState(FindReturnsQuery query) {
        Predicate<Entry> filter = null;
        if (query.customerId() != null) {
            filter = and(filter, entry -> query.customerId().equals(entry.customerId()));
        }
        if (query.orderId() != null) {
            filter = and(filter, entry -> query.orderId().equals(entry.orderId()));
        }
        if (query.reason() != null) {
            filter = and(filter, entry -> query.reason().equals(entry.reason()));
        }
        if (!query.waitingFor().isEmpty()) {
            filter = and(filter, entry -> entry.waitingFor() != null && query.waitingFor().contains(entry.waitingFor()));
        }
        if (query.requestedBefore() != null) {
            long before = query.requestedBefore().toEpochMilli();
            filter = and(filter, entry -> entry.requestedAt() < before);
        }
        return filter;
    }

    private static Predicate<Entry> and(Predicate<Entry> filter, Predicate<Entry> more) {
        return filter == null ? more : filter.and(more);
    }
}

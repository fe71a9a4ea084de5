package com.jxc.returns.platform.storage;

import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventsourcing.AggregateCacheEntry;
import org.axonframework.eventsourcing.EventSourcedAggregate;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The aggregates of Axon's caching event-sourcing repository, kept in memory (the least recently used beyond a bound
 * are dropped), that stays right when several instances append to the same event store.
 * <p>
 * An entry is handed out only while the store's last sequence number for its aggregate is the version the entry holds:
 * one indexed look-up instead of reading and deserialising every event of the aggregate again. Another instance that
 * appended in between makes the numbers differ, and the aggregate is sourced from the store as without a cache. The
 * repository itself drops an entry when a unit of work that used it rolls back (its state may hold events that were
 * never stored); an entry put by a unit of work inside a transaction that its caller opened (an idempotent request)
 * is dropped too if that transaction does not commit, since the unit of work ends before it does. Events once stored
 * never change, so a version that matches is the state.
 */
final class StoreCheckedAggregateCache implements Cache {

    private final Supplier<EventStore> eventStore;
    private final Map<Object, Object> entries;

    StoreCheckedAggregateCache(Supplier<EventStore> eventStore, int capacity) {
        this.eventStore = eventStore;
        this.entries = new LinkedHashMap<>(Math.min(capacity, 1024), 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Object, Object> eldest) {
                return size() > capacity;
            }
        };
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K, V> V get(K key) {
        Object value;
        synchronized (entries) {
            value = entries.get(key);
        }
        if (value == null) {
            return null;
        }
        if (!matchesStore(key, value)) {
            synchronized (entries) {
                entries.remove(key, value);
            }
            return null;
        }
        return (V) value;
    }

    private boolean matchesStore(Object key, Object value) {
        if (!(value instanceof AggregateCacheEntry<?> entry)) {
            return false;
        }
        // an entry made in this process holds the aggregate itself (only a deserialised one would need these)
        EventSourcedAggregate<?> aggregate = entry.recreateAggregate(null, null, null, null);
        Long version = aggregate == null ? null : aggregate.version();
        if (version == null) {
            return false;
        }
        Optional<Long> stored = eventStore.get().lastSequenceNumberFor(key.toString());
        return stored.isPresent() && stored.get().equals(version);
    }

    @Override
    public void put(Object key, Object value) {
        synchronized (entries) {
            entries.put(key, value);
        }
        dropUnlessCommitted(key, value);
    }

    @Override
    public boolean putIfAbsent(Object key, Object value) {
        boolean added;
        synchronized (entries) {
            added = entries.putIfAbsent(key, value) == null;
        }
        if (added) {
            dropUnlessCommitted(key, value);
        }
        return added;
    }

    /** An entry put inside a database transaction is dropped if that transaction rolls back. */
    private void dropUnlessCommitted(Object key, Object value) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    if (status != STATUS_COMMITTED) {
                        synchronized (entries) {
                            entries.remove(key, value);
                        }
                    }
                }
            });
        }
    }

    @Override
    public boolean remove(Object key) {
        synchronized (entries) {
            return entries.remove(key) != null;
        }
    }

    @Override
    public void removeAll() {
        synchronized (entries) {
            entries.clear();
        }
    }

    @Override
    public boolean containsKey(Object key) {
        synchronized (entries) {
            return entries.containsKey(key);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public <V> void computeIfPresent(Object key, UnaryOperator<V> update) {
        synchronized (entries) {
            entries.computeIfPresent(key, (k, value) -> update.apply((V) value));
        }
    }

    @Override
    public Registration registerCacheEntryListener(EntryListener cacheEntryListener) {
        return () -> true;
    }

    int size() {
        synchronized (entries) {
            return entries.size();
        }
    }
}

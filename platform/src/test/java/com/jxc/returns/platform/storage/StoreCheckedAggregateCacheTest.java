package com.jxc.returns.platform.storage;

import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventsourcing.AggregateCacheEntry;
import org.axonframework.eventsourcing.EventSourcedAggregate;
import org.axonframework.eventsourcing.NoSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.inspection.AnnotatedAggregateMetaModelFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

class StoreCheckedAggregateCacheTest {

    private final EventStore store = mock(EventStore.class);
    private final StoreCheckedAggregateCache cache = new StoreCheckedAggregateCache(() -> store, 2);

    static class Counter {
        @AggregateIdentifier
        String id;
    }

    private static AggregateCacheEntry<Counter> entry(String id, long version) {
        var root = new Counter();
        root.id = id;
        EventSourcedAggregate<Counter> aggregate = EventSourcedAggregate.reconstruct(root,
                AnnotatedAggregateMetaModelFactory.inspectAggregate(Counter.class), version, false, mock(EventBus.class),
                NoSnapshotTriggerDefinition.TRIGGER);
        return new AggregateCacheEntry<>(aggregate);
    }

    @AfterEach
    void cleanUp() {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.clearSynchronization();
        }
    }

    @Test
    void anEntryIsHandedOutWhileTheStoreEndsAtItsVersion() {
        var entry = entry("R-1", 3);
        cache.put("R-1", entry);
        when(store.lastSequenceNumberFor("R-1")).thenReturn(Optional.of(3L));

        assertThat(cache.<String, Object>get("R-1")).isSameAs(entry);
    }

    @Test
    void anEntryBehindTheStoreIsDroppedSoTheAggregateIsSourcedAgain() {
        cache.put("R-1", entry("R-1", 3));
        when(store.lastSequenceNumberFor("R-1")).thenReturn(Optional.of(4L)); // another instance appended

        assertThat(cache.<String, Object>get("R-1")).isNull();
        assertThat(cache.containsKey("R-1")).isFalse();
    }

    @Test
    void anEntryAheadOfTheStoreIsDropped() {
        cache.put("R-1", entry("R-1", 3));
        when(store.lastSequenceNumberFor("R-1")).thenReturn(Optional.of(2L));
        assertThat(cache.<String, Object>get("R-1")).isNull();

        cache.put("R-2", entry("R-2", 0));
        when(store.lastSequenceNumberFor("R-2")).thenReturn(Optional.empty());
        assertThat(cache.<String, Object>get("R-2")).isNull();
    }

    @Test
    void anEntryPutInATransactionThatRollsBackIsDropped() {
        TransactionSynchronizationManager.initSynchronization();
        cache.put("R-1", entry("R-1", 3));
        cache.put("R-2", entry("R-2", 1));
        var synchronizations = TransactionSynchronizationManager.getSynchronizations();
        synchronizations.get(0).afterCompletion(TransactionSynchronization.STATUS_ROLLED_BACK);
        synchronizations.get(1).afterCompletion(TransactionSynchronization.STATUS_COMMITTED);

        assertThat(cache.containsKey("R-1")).isFalse();
        assertThat(cache.containsKey("R-2")).isTrue();
    }

    @Test
    void theLeastRecentlyUsedGoBeyondTheBound() {
        when(store.lastSequenceNumberFor("R-1")).thenReturn(Optional.of(0L));
        cache.put("R-1", entry("R-1", 0));
        cache.put("R-2", entry("R-2", 0));
        cache.get("R-1");
        cache.put("R-3", entry("R-3", 0));

        assertThat(cache.containsKey("R-1")).isTrue();
        assertThat(cache.containsKey("R-2")).isFalse();
        assertThat(cache.size()).isEqualTo(2);
    }
}

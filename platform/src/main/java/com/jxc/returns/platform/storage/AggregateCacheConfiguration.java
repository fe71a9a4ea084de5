package com.jxc.returns.platform.storage;

import org.axonframework.common.caching.Cache;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The caches of the aggregates that see several commands each (named in their {@code @Aggregate(cache = ...)}): a
 * command on a cached aggregate checks one sequence number in the event store instead of reading and deserialising
 * all of the aggregate's events. One cache per aggregate type, since identifiers are unique only within a type.
 */
@Configuration(proxyBeanMethods = false)
public class AggregateCacheConfiguration {

    @Bean
    Cache salesOrderCache(ObjectProvider<EventStore> eventStore,
                          StorageProperties storage) {
        return new StoreCheckedAggregateCache(eventStore::getObject, storage.command().cachedAggregates());
    }

    @Bean
    Cache returnRequestCache(ObjectProvider<EventStore> eventStore,
                             StorageProperties storage) {
        return new StoreCheckedAggregateCache(eventStore::getObject, storage.command().cachedAggregates());
    }
}

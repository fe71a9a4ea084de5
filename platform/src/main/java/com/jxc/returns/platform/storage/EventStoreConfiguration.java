package com.jxc.returns.platform.storage;

import com.jxc.returns.api.EventTable;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.EventBusSpanFactory;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

import javax.sql.DataSource;

/**
 * Events in Axon's JDBC storage engine (embedded H2 file by default, PostgreSQL by URL), unless Axon Server is
 * enabled, in which case Axon Server stores the events and this engine is not created.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "axon.axonserver.enabled", havingValue = "false", matchIfMissing = true)
public class EventStoreConfiguration {

    /** Axon's columns, in the table named once for every module that reads it directly. */
    static final EventSchema EVENT_SCHEMA = EventSchema.builder().eventTable(EventTable.NAME).build();

    @Bean
    TransactionManager axonTransactionManager(PlatformTransactionManager transactionManager) {
        return new CallerAwareTransactionManager(transactionManager);
    }

    /** A concurrent append of the same aggregate sequence is a conflict (409), on H2 and PostgreSQL alike. */
    @Bean
    PersistenceExceptionResolver persistenceExceptionResolver() {
        return new UniqueViolations();
    }

    /**
     * Axon's embedded event store as its auto-configuration builds it, with a smaller cache of recent events: the
     * processors that follow the head read them from there, and 10,000 cached events (Axon's default, about 2.5 KB
     * each on the heap with their serialized form and token) took a tenth of a 256 MB heap.
     */
    @Qualifier("eventStore")
    @Bean(name = "eventBus")
    EmbeddedEventStore eventStore(EventStorageEngine storageEngine, org.axonframework.config.Configuration configuration,
                                  StorageProperties storage) {
        return EmbeddedEventStore.builder()
                .storageEngine(storageEngine)
                .messageMonitor(configuration.messageMonitor(EventStore.class, "eventStore"))
                .spanFactory(configuration.getComponent(EventBusSpanFactory.class))
                .cachedEvents(storage.eventstore().cachedEvents())
                .build();
    }

    /** Its tables are created by the migrations ({@code db/event-store}), which run before it writes. */
    @Bean(destroyMethod = "close")
    @DependsOnDatabaseInitialization
    EventStorageEngine eventStorageEngine(@Qualifier("eventSerializer") Serializer eventSerializer,
                                          Serializer snapshotSerializer,
                                          PersistenceExceptionResolver persistenceExceptionResolver,
                                          org.axonframework.config.Configuration configuration,
                                          ConnectionProvider connectionProvider,
                                          TransactionManager transactionManager,
                                          StorageProperties storage,
                                          DataSource dataSource) {
        var builder = JdbcEventStorageEngine.builder()
                .eventSerializer(eventSerializer)
                .snapshotSerializer(snapshotSerializer)
                .upcasterChain(configuration.upcasterChain())
                .snapshotFilter(configuration.snapshotFilter())
                .persistenceExceptionResolver(persistenceExceptionResolver)
                .connectionProvider(connectionProvider)
                .transactionManager(transactionManager)
                .schema(EVENT_SCHEMA)
                .batchSize(storage.eventstore().batchSize());
        return new GroupCommitEventStorageEngine(builder, dataSource, storage.eventstore().groupCommit().maxCommands());
    }
}

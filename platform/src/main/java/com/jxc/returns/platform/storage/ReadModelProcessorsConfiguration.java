package com.jxc.returns.platform.storage;

import com.jxc.returns.projection.returns.ReturnWorklist;
import com.jxc.returns.projection.support.ReadModels;
import com.mongodb.client.MongoDatabase;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/**
 * The read-model processors share their segments among the instances that run them (see {@link SegmentSharing}),
 * and, on the embedded event store, one read of the stream among themselves (see {@link SharedEventReads}).
 */
@Configuration(proxyBeanMethods = false)
public class ReadModelProcessorsConfiguration {

    @Bean(destroyMethod = "close")
    SegmentSharing segmentSharing(MongoDatabase database, TokenStore tokenStore,
                                  StorageProperties storage) {
        return new SegmentSharing(database, tokenStore, storage.tokens().claimTimeout(), Clock.systemUTC());
    }

    /** None with Axon Server, which serves each processor's stream itself, or with a window of 0 events. */
    @Bean
    SharedEventReads sharedEventReads(ObjectProvider<EmbeddedEventStore> eventStore, StorageProperties storage) {
        var shared = storage.eventstore().sharedReads();
        EmbeddedEventStore embedded = eventStore.getIfAvailable();
        return embedded == null || shared.windowEvents() == 0 ? null
                : new SharedEventReads(embedded, shared.windowEvents(), shared.hold());
    }

    @Autowired
    void configureReadModelProcessors(EventProcessingConfigurer processing, ObjectProvider<SegmentSharing> sharing,
                                      ObjectProvider<SharedEventReads> sharedReads) {
        for (String readModel : ReadModels.ALL) {
            processing.registerPooledStreamingEventProcessorConfiguration(readModel, (configuration, builder) -> {
                builder.maxSegmentProvider(sharing.getObject().fairShare(readModel));
                sharedReads.ifAvailable(builder::messageSource);
                return builder;
            });
        }
        processing.registerPooledStreamingEventProcessorConfiguration(ReturnWorklist.PROCESSING_GROUP,
                (configuration, builder) -> {
                    sharedReads.ifAvailable(builder::messageSource);
                    return builder;
                });
    }
}

package com.jxc.returns.platform.storage;

import com.jxc.returns.projection.support.ReadModels;
import com.mongodb.client.MongoDatabase;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/** Read-model processors share their segments among the instances that run them (see {@link SegmentSharing}). */
@Configuration(proxyBeanMethods = false)
public class SegmentSharingConfiguration {

    @Bean(destroyMethod = "close")
    SegmentSharing segmentSharing(MongoDatabase database, TokenStore tokenStore,
                                  StorageProperties storage) {
        return new SegmentSharing(database, tokenStore, storage.tokens().claimTimeout(), Clock.systemUTC());
    }

    @Autowired
    void shareReadModelSegments(EventProcessingConfigurer processing, ObjectProvider<SegmentSharing> sharing) {
        for (String readModel : ReadModels.ALL) {
            processing.registerPooledStreamingEventProcessorConfiguration(readModel,
                    (configuration, builder) -> builder.maxSegmentProvider(sharing.getObject().fairShare(readModel)));
        }
    }
}

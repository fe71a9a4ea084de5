package com.jxc.returns.query.admin;

import com.jxc.returns.projection.support.ReadModels;
import org.axonframework.config.Configuration;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.lifecycle.Phase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.web.server.ResponseStatusException;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A read store that holds no token of any read model this instance keeps (a new installation on an existing event
 * stream, a deleted read store, one the schema upgrade emptied) is rebuilt at start in one pass over the stream
 * ({@link ReadModelAdministration#rebuildAll}) rather than by each read model's processor on its own, once the stream
 * holds at least {@code returns.read-models.rebuild-at-start-in-one-pass-from} events. Whether the store is new is
 * read before the processors start; the pass takes over right after they did (whatever they wrote meanwhile is
 * dropped with the reset). When another instance holds some of their segments, each processor catches up on its own.
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
class RebuildInOnePassAtStart {

    private static final Logger log = LoggerFactory.getLogger(RebuildInOnePassAtStart.class);
    /** Processors that hold no segment by then share them with another instance. */
    private static final Duration CLAIM_WAIT = Duration.ofSeconds(5);

    @Bean
    ConfigurerModule readModelsRebuiltInOnePassAtStart(ObjectProvider<ReadModelAdministration> administration,
                                                       ReadModelRebuildProperties properties) {
        var newReadStore = new AtomicBoolean();
        return configurer -> configurer.onInitialize(configuration -> {
            configuration.onStart(Phase.INBOUND_EVENT_CONNECTORS - 1, () ->
                    newReadStore.set(isNew(configuration, properties.rebuildAtStartInOnePassFrom())));
            configuration.onStart(Phase.INBOUND_EVENT_CONNECTORS + 1, () -> {
                if (newReadStore.get()) {
                    log.info("The read store holds no read model yet: rebuilding them all in one pass");
                    try {
                        administration.getObject().rebuildAll(CLAIM_WAIT);
                    } catch (ResponseStatusException e) {
                        log.info("Not rebuilt in one pass ({}); each read model's processor catches up on its own",
                                e.getReason());
                    }
                }
            });
        });
    }

    private static boolean isNew(Configuration configuration, long fromEvents) {
        EventProcessingConfiguration processing = configuration.eventProcessingConfiguration();
        List<String> kept = ReadModels.keptBy(processing);
        if (kept.size() < 2) {
            return false;
        }
        TrackingToken head = configuration.eventStore().createHeadToken();
        long events = head == null ? 0 : head.position().orElse(-1) + 1;
        return events >= Math.max(1, fromEvents)
                && kept.stream().allMatch(name -> processing.tokenStore(name).fetchSegments(name).length == 0);
    }
}

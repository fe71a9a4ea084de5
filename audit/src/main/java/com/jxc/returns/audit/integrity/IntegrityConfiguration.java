package com.jxc.returns.audit.integrity;

import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;

/**
 * Tamper evidence. Hashing and chaining each aggregate's events happens wherever events are stored (JDBC engine or
 * Axon Server). The global chain and its verification read Axon's JDBC event table, so they exist only with the JDBC
 * engine.
 */
@Configuration(proxyBeanMethods = false)
public class IntegrityConfiguration {

    @Bean
    EventHashing eventHashing() {
        return new EventHashing();
    }

    @Bean
    EventHashInterceptor eventHashInterceptor(EventStore eventStore,
                                              @Qualifier("eventSerializer") Serializer eventSerializer,
                                              EventHashing hashing) {
        var interceptor = new EventHashInterceptor(eventStore, eventSerializer, hashing);
        interceptor.attach();
        return interceptor;
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "axon.axonserver.enabled", havingValue = "false", matchIfMissing = true)
    static class GlobalChain {

        @Bean
        StoredEvents storedEvents(JdbcTemplate jdbc, @Qualifier("eventSerializer") Serializer eventSerializer,
                                  EventHashing hashing) {
            return new StoredEvents(jdbc, eventSerializer, hashing);
        }

        @Bean
        EventChainTable eventChainTable(JdbcTemplate jdbc) {
            return new EventChainTable(jdbc);
        }

        @Bean
        EventChainSealer eventChainSealer(StoredEvents events, EventChainTable chain,
                                          PlatformTransactionManager transactionManager,
                                          IntegrityProperties integrity) {
            return new EventChainSealer(events, chain, new TransactionTemplate(transactionManager),
                    integrity.gapTimeout());
        }

        @Bean
        SchedulingConfigurer eventChainSealing(EventChainSealer sealer, IntegrityProperties integrity) {
            return tasks -> tasks.addFixedDelayTask(new FixedDelayTask(sealer::sealCommittedEvents,
                    integrity.sealInterval(), integrity.sealInterval()));
        }

        @Bean
        EventChainVerifier eventChainVerifier(StoredEvents events, EventChainTable chain, Clock clock) {
            return new EventChainVerifier(events, chain, clock);
        }

        @Bean
        EventChainWatch eventChainWatch(EventChainVerifier verifier, MeterRegistry registry,
                                        IntegrityProperties integrity) {
            var watch = new EventChainWatch(verifier, integrity.verifyInterval());
            watch.bindTo(registry);
            return watch;
        }

        /** Once the service is up, so that verifying never holds the start back. */
        @Bean
        ApplicationListener<ApplicationReadyEvent> eventChainWatchStart(
                EventChainWatch watch, IntegrityProperties integrity) {
            return ready -> watch.start(integrity.verifyAtStart());
        }

        /** The health component {@code eventChain}: DOWN while the last verification found the chains broken. */
        @Bean
        HealthIndicator eventChainHealthIndicator(EventChainWatch watch) {
            return watch::health;
        }
    }
}

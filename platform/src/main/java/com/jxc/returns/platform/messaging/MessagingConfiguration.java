package com.jxc.returns.platform.messaging;

import com.jxc.returns.api.common.MetadataKeys;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.commandhandling.gateway.IntervalRetryScheduler;
import org.axonframework.commandhandling.gateway.RetryScheduler;
import org.axonframework.eventhandling.async.SequencingPolicy;
import org.axonframework.eventhandling.async.SequentialPolicy;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** What every event carries from the command that caused it: who, in which role, correlation and causation. */
@Configuration(proxyBeanMethods = false)
public class MessagingConfiguration {

    /**
     * Axon names the direct cause "correlationId" and the root "traceId"; we store them under the usual names:
     * causation = the message that caused this one, correlation = the request every message of a flow shares.
     */
    @Bean
    CorrelationDataProvider correlationAndCausation() {
        return new MessageOriginProvider(MetadataKeys.CAUSATION_ID, MetadataKeys.CORRELATION_ID);
    }

    @Bean
    CorrelationDataProvider actingUser() {
        return new SimpleCorrelationDataProvider(MetadataKeys.USER_ID, MetadataKeys.USER_ROLE);
    }

    /** For projections whose documents depend on stream order across aggregates (see application.yml). */
    @Bean
    SequencingPolicy<Object> wholeStreamSequencing() {
        return new SequentialPolicy();
    }

    @Bean
    CommandGateway commandGateway(CommandBus commandBus, RetryScheduler retryScheduler) {
        return DefaultCommandGateway.builder().commandBus(commandBus).retryScheduler(retryScheduler).build();
    }

    @Bean(destroyMethod = "shutdown")
    ScheduledExecutorService commandRetryExecutor() {
        return Executors.newSingleThreadScheduledExecutor(runnable -> {
            var thread = new Thread(runnable, "command-retry");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Two commands racing on one aggregate: the loser is retried against the winner's state. */
    @Bean
    RetryScheduler retryScheduler(ScheduledExecutorService commandRetryExecutor) {
        return IntervalRetryScheduler.builder()
                .retryExecutor(commandRetryExecutor)
                .retryInterval(20)
                .maxRetryCount(3)
                .nonTransientFailurePredicate(failure -> !(failure instanceof ConcurrencyException))
                .build();
    }
}

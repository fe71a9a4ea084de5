package com.jxc.returns.platform.observability;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.config.MeterFilter;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.micrometer.GlobalMetricRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

import java.util.Map;

/**
 * Metrics (Micrometer, scraped at {@code /actuator/prometheus}) and correlation ids in the logs: commands by type and
 * outcome, refusals by rule, processor positions, lag and dead letters, and the correlation id of the request or
 * message in the MDC of every log line.
 */
@Configuration(proxyBeanMethods = false)
public class ObservabilityConfiguration {

    /** Axon's meters with a bounded capacity window (replaces the auto-configured registry). */
    @Bean
    GlobalMetricRegistry globalMetricRegistry(MeterRegistry registry,
                                              MetricsProperties metrics) {
        return new BoundedAxonMetrics(registry, metrics.capacityWindow());
    }

    /**
     * Help text for the meters made from observations (this project's and Spring's): an observation carries none,
     * and a meter without it is flagged by {@code promtool check metrics} and shown bare in dashboards.
     */
    @Bean
    MeterFilter observedMeterDescriptions() {
        Map<String, String> descriptions = Map.of(
                "returns.notifications.delivery",
                "Webhook delivery attempts of customer notifications by outcome (delivered, retry, failed)",
                "returns.notifications.delivery.active", "Webhook delivery attempts in progress",
                "http.server.requests", "HTTP requests the service answered, by method, route and status",
                "http.server.requests.active", "HTTP requests in progress",
                "tasks.scheduled.execution", "Runs of scheduled jobs (webhook delivery, tamper checks) by outcome",
                "tasks.scheduled.execution.active", "Scheduled jobs running now");
        return new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                String description = descriptions.get(id.getName());
                return description == null || id.getDescription() != null ? id
                        : new Meter.Id(id.getName(), Tags.of(id.getTags()), id.getBaseUnit(), description,
                        id.getType());
            }
        };
    }

    /** Axon's meters in snake_case under {@code axon_*}, with help text (see {@link PrometheusNaming}). */
    @Bean
    MeterFilter axonMeterNames() {
        return PrometheusNaming.axonMeters();
    }

    @Bean
    MeterFilter tomcatSessionDescriptions() {
        return PrometheusNaming.tomcatSessionDescriptions();
    }

    @Bean
    MeterFilter cpuCountName() {
        return PrometheusNaming.cpuCountName();
    }

    @Bean
    MeterFilter jvmTimesInAbbreviatedUnits() {
        return PrometheusNaming.jvmTimesInAbbreviatedUnits();
    }

    @Bean
    MeterBinder jvmTimesInSeconds() {
        return PrometheusNaming.jvmTimesInSeconds();
    }

    /** Before Spring Security's filters, so that even an authentication failure is logged with the id. */
    @Bean
    FilterRegistrationBean<CorrelationIdFilter> correlationIdFilter() {
        var registration = new FilterRegistrationBean<>(new CorrelationIdFilter());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        registration.addUrlPatterns("/*");
        return registration;
    }

    /** Event processors handle each event with the correlation id it carries in the MDC. */
    @Bean
    ConfigurerModule correlationIdInEventHandlerLogs() {
        return configurer -> configurer.eventProcessing()
                .registerDefaultHandlerInterceptor((configuration, processor) -> new CorrelationMdcInterceptor<EventMessage<?>>());
    }

    @Bean
    CommandBusObservation commandBusObservation(ObjectProvider<CommandBus> commandBus, MeterRegistry registry) {
        commandBus.ifAvailable(bus -> {
            bus.registerHandlerInterceptor(new CorrelationMdcInterceptor<CommandMessage<?>>());
            bus.registerHandlerInterceptor(new CommandMetricsInterceptor(registry));
        });
        return new CommandBusObservation();
    }

    /** Marks that the command bus interceptors are registered. */
    static final class CommandBusObservation {
    }

    @Bean
    ApplicationListener<ApplicationReadyEvent> processorGauges(ObjectProvider<EventProcessingConfiguration> processing,
                                                               ObjectProvider<EventStore> eventStore,
                                                               MeterRegistry registry) {
        return ready -> processing.ifAvailable(configuration -> eventStore.ifAvailable(store ->
                new ProcessorMetrics(configuration, store).bindTo(registry)));
    }
}

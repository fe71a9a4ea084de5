package com.jxc.returns.platform.observability;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import org.axonframework.eventhandling.DefaultEventProcessorSpanFactory;
import org.axonframework.eventhandling.EventProcessorSpanFactory;
import org.axonframework.springboot.TracingProperties;
import org.axonframework.tracing.SpanFactory;
import org.axonframework.tracing.opentelemetry.OpenTelemetrySpanFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Traces through Axon: the OpenTelemetry SDK Spring Boot configures for Micrometer Tracing (the one HTTP requests are
 * traced with) also creates Axon's spans (command dispatch and handling, aggregate loading, event publication, every
 * event processor's handling, queries), so one trace runs from a request to every read model its events reach. Axon's
 * own configuration would use the global OpenTelemetry instance, which nothing here registers; spans go nowhere
 * unless {@code management.opentelemetry.tracing.export.otlp.endpoint} names a collector.
 */
@Configuration(proxyBeanMethods = false)
class TracingConfiguration {

    /**
     * W3C trace context carries the trace from the command into each event's metadata ({@code traceparent}), where an
     * event processor picks it up (the propagator bean Spring Boot offers here is a no-op one).
     */
    @Bean
    SpanFactory spanFactory(OpenTelemetry openTelemetry) {
        return new NoSpansInReplays(OpenTelemetrySpanFactory.builder()
                .tracer(openTelemetry.getTracer("AxonFramework-OpenTelemetry"))
                .contextPropagators(W3CTraceContextPropagator.getInstance())
                .build());
    }

    /** Axon's, as its auto-configuration builds it from {@code axon.tracing.event-processor.*}, for live events. */
    @Bean
    EventProcessorSpanFactory eventProcessorSpanFactory(SpanFactory spanFactory, TracingProperties properties) {
        TracingProperties.EventProcessorProperties processors = properties.getEventProcessor();
        return new ReplaysUntraced(DefaultEventProcessorSpanFactory.builder()
                .spanFactory(spanFactory)
                .disableBatchTrace(processors.isDisableBatchTrace())
                .distributedInSameTrace(processors.isDistributedInSameTrace())
                .distributedInSameTraceTimeLimit(processors.getDistributedInSameTraceTimeLimit())
                .build());
    }
}

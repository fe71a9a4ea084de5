package com.jxc.returns.platform.observability;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmCompilationMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PrometheusNamingTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    PrometheusNamingTest() {
        registry.config()
                .meterFilter(PrometheusNaming.axonMeters())
                .meterFilter(PrometheusNaming.tomcatSessionDescriptions())
                .meterFilter(PrometheusNaming.cpuCountName())
                .meterFilter(PrometheusNaming.jvmTimesInAbbreviatedUnits());
    }

    @Test
    void axonsMetersAreSnakeCaseWithoutTypeWordsAndDescribed() {
        Counter.builder("commandBus.successCounter").tag("payloadType", "SubmitReturnCommand").register(registry)
                .increment();
        Timer.builder("eventProcessor.allTimer").tag("processorName", "returns").register(registry);
        Gauge.builder("eventProcessor.capacity", () -> 0.5).tag("processorName", "returns").register(registry);

        Meter counter = registry.get("axon.command_bus.success.messages").tag("payload_type", "SubmitReturnCommand")
                .counter();
        assertThat(counter.getId().getDescription()).isEqualTo("Axon command bus: messages handled successfully");
        assertThat(registry.get("axon.event_processor.all.duration").tag("processor_name", "returns").timer()
                .getId().getDescription()).isEqualTo("Axon event processor: time to handle a message, whatever the outcome");
        assertThat(registry.get("axon.event_processor.capacity").tag("processor_name", "returns").gauge().value())
                .isEqualTo(0.5);
        assertThat(registry.getMeters()).extracting(meter -> meter.getId().getName())
                .noneMatch(PrometheusNaming::isCamelCase);
    }

    @Test
    void meterNamesOfSnakeCaseAreLeftAsTheyAre() {
        Counter.builder("returns.commands.refused").tag("rule", "x").register(registry);
        assertThat(registry.get("returns.commands.refused").tag("rule", "x").counter()).isNotNull();
    }

    @Test
    void theJvmsTimesAreInSecondsAndTheCpuCountIsNotACount() {
        new JvmCompilationMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        PrometheusNaming.jvmTimesInSeconds().bindTo(registry);

        assertThat(registry.find("jvm.compilation.time").meters()).singleElement()
                .satisfies(meter -> assertThat(meter.getId().getBaseUnit()).isEqualTo("seconds"));
        FunctionCounter cpu = registry.get("process.cpu.time").functionCounter();
        assertThat(cpu.getId().getBaseUnit()).isEqualTo("seconds");
        assertThat(cpu.count()).as("seconds, not nanoseconds").isPositive().isLessThan(3_600.0 * 24);
        assertThat(registry.find("system.cpu.count").meters()).isEmpty();
        assertThat(registry.get("system.cpus.available").gauge().value())
                .isEqualTo(Runtime.getRuntime().availableProcessors());
    }

    @Test
    void tomcatsSessionMetersAreDescribed() {
        Counter.builder("tomcat.sessions.created").baseUnit("sessions").register(registry);
        assertThat(registry.get("tomcat.sessions.created").counter().getId().getDescription())
                .isEqualTo("HTTP sessions created");
    }
}

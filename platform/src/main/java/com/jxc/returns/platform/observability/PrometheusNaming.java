package com.jxc.returns.platform.observability;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Meter names and help texts that {@code promtool check metrics} accepts, for every meter of the scrape, not only
 * this project's: Axon names its meters and tags in camelCase ({@code commandBus.successCounter},
 * {@code payloadType}) and gives them no help text, Tomcat's session meters have none either, and three of
 * Micrometer's JVM meters carry an abbreviated unit or a reserved suffix. A meter that is renamed keeps its value;
 * one whose value is in the wrong unit for its name is replaced by one in seconds.
 */
final class PrometheusNaming {

    private static final String SECONDS = "seconds";

    private static final Pattern CAMEL_HUMP = Pattern.compile("(?<=[a-z0-9])(?=[A-Z])");

    /** Axon's measures (the last part of its meter names), in words for the help text. */
    private static final Map<String, String> AXON_MEASURES = Map.ofEntries(
            Map.entry("allTimer", "time to handle a message, whatever the outcome"),
            Map.entry("successTimer", "time to handle a message that succeeded"),
            Map.entry("failureTimer", "time to handle a message that failed"),
            Map.entry("ignoredTimer", "time to handle a message that was ignored"),
            Map.entry("ingestedCounter", "messages received"),
            Map.entry("processedCounter", "messages handled, whatever the outcome"),
            Map.entry("successCounter", "messages handled successfully"),
            Map.entry("failureCounter", "messages whose handling failed"),
            Map.entry("ignoredCounter", "messages ignored (no handler)"),
            Map.entry("capacity", "share of the capacity window spent handling messages, per thread"),
            Map.entry("latency", "time from an event's timestamp to its handling"));

    private static final Map<String, String> TOMCAT_SESSIONS = Map.of(
            "tomcat.sessions.active.current", "HTTP sessions active now",
            "tomcat.sessions.active.max", "Most HTTP sessions active at once",
            "tomcat.sessions.alive.max", "Longest time an expired HTTP session had been alive",
            "tomcat.sessions.created", "HTTP sessions created",
            "tomcat.sessions.expired", "HTTP sessions expired",
            "tomcat.sessions.rejected", "HTTP sessions refused because the maximum was reached");

    /** Micrometer's meters whose values are in a unit their names may not carry; {@link #jvmTimesInSeconds()} replaces them. */
    private static final Set<String> REPLACED_IN_SECONDS = Set.of("jvm.compilation.time", "process.cpu.time");

    private PrometheusNaming() {
    }

    /**
     * Axon's meters are the only ones named in camelCase here: {@code commandBus.successCounter} with tag
     * {@code payloadType} becomes {@code axon.command_bus.success.messages} with {@code payload_type}
     * ({@code axon_command_bus_success_messages_total}), {@code commandBus.successTimer} becomes
     * {@code axon.command_bus.success.duration} ({@code axon_command_bus_success_duration_seconds}): Prometheus
     * names carry no type ("counter", "timer"). Each is described by its component and measure.
     */
    static MeterFilter axonMeters() {
        return new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                if (!isCamelCase(id.getName())) {
                    return id;
                }
                List<Tag> tags = id.getTags().stream().map(tag -> Tag.of(snakeCase(tag.getKey()), tag.getValue()))
                        .toList();
                return new Meter.Id(axonName(id.getName()), Tags.of(tags), id.getBaseUnit(),
                        id.getDescription() != null ? id.getDescription() : axonDescription(id.getName()),
                        id.getType());
            }
        };
    }

    static MeterFilter tomcatSessionDescriptions() {
        return describe(TOMCAT_SESSIONS);
    }

    /** {@code system.cpu.count} ends in {@code _count}, which Prometheus reserves for histograms and summaries. */
    static MeterFilter cpuCountName() {
        return new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                return id.getName().equals("system.cpu.count") ? id.withName("system.cpus.available") : id;
            }
        };
    }

    /** Drops Micrometer's millisecond and nanosecond counters of {@link #REPLACED_IN_SECONDS}. */
    static MeterFilter jvmTimesInAbbreviatedUnits() {
        return new MeterFilter() {
            @Override
            public MeterFilterReply accept(Meter.Id id) {
                return REPLACED_IN_SECONDS.contains(id.getName()) && !SECONDS.equals(id.getBaseUnit())
                        ? MeterFilterReply.DENY : MeterFilterReply.NEUTRAL;
            }
        };
    }

    /** The JIT's and the process's CPU time in seconds, as {@code *_seconds_total}. */
    static MeterBinder jvmTimesInSeconds() {
        return registry -> {
            CompilationMXBean compilation = ManagementFactory.getCompilationMXBean();
            if (compilation != null && compilation.isCompilationTimeMonitoringSupported()) {
                FunctionCounter.builder("jvm.compilation.time", compilation,
                                bean -> bean.getTotalCompilationTime() / 1_000.0)
                        .baseUnit(SECONDS)
                        .description("Time the just-in-time compiler has spent compiling")
                        .tag("compiler", compilation.getName())
                        .register(registry);
            }
            OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
            if (os instanceof com.sun.management.OperatingSystemMXBean process && process.getProcessCpuTime() >= 0) {
                FunctionCounter.builder("process.cpu.time", process, bean -> bean.getProcessCpuTime() / 1e9)
                        .baseUnit(SECONDS)
                        .description("CPU time used by the Java virtual machine process")
                        .register(registry);
            }
        };
    }

    private static MeterFilter describe(Map<String, String> descriptions) {
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

    static boolean isCamelCase(String name) {
        return CAMEL_HUMP.matcher(name).find();
    }

    static String snakeCase(String name) {
        return CAMEL_HUMP.matcher(name).replaceAll("_").toLowerCase(java.util.Locale.ROOT);
    }

    static String axonName(String name) {
        int dot = name.lastIndexOf('.');
        String component = dot < 0 ? "" : snakeCase(name.substring(0, dot)) + ".";
        String measure = name.substring(dot + 1);
        if (measure.endsWith("Counter")) {
            measure = measure.substring(0, measure.length() - "Counter".length()) + ".messages";
        } else if (measure.endsWith("Timer")) {
            measure = measure.substring(0, measure.length() - "Timer".length()) + ".duration";
        }
        return "axon." + component + snakeCase(measure);
    }

    private static String axonDescription(String name) {
        int dot = name.lastIndexOf('.');
        String component = dot < 0 ? name : name.substring(0, dot);
        String measure = dot < 0 ? name : name.substring(dot + 1);
        String words = snakeCase(component).replace('_', ' ').replace('.', ' ');
        return "Axon " + words + ": " + AXON_MEASURES.getOrDefault(measure, snakeCase(measure).replace('_', ' '));
    }
}

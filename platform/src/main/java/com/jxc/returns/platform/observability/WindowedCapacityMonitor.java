package com.jxc.returns.platform.observability;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import org.axonframework.messaging.Message;
import org.axonframework.monitoring.MessageMonitor;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;

/**
 * Axon's capacity meter ({@code <name>.capacity} per tag set: the time spent handling messages during the last
 * window, divided by the window, so 1.0 is one thread busy all the time), kept in a fixed number of time slices.
 * Axon's own {@code CapacityMonitor} keeps one entry per message of its window, so its memory grows with the message
 * rate: a rebuild of every read model holds hundreds of thousands of entries even in a ten-second window.
 */
final class WindowedCapacityMonitor implements MessageMonitor<Message<?>> {

    static final int SLICES = 20;

    private final String meterName;
    private final MeterRegistry registry;
    private final Function<Message<?>, Iterable<Tag>> tagger;
    private final Clock clock;
    private final long sliceNanos;
    private final ConcurrentMap<Tags, BusyTime> busyTimes = new ConcurrentHashMap<>();

    WindowedCapacityMonitor(String name, MeterRegistry registry, Duration window,
                            Function<Message<?>, Iterable<Tag>> tagger) {
        if (window.toNanos() < SLICES) {
            throw new IllegalArgumentException("the capacity window must be at least " + SLICES + " ns");
        }
        this.meterName = name + ".capacity";
        this.registry = registry;
        this.tagger = tagger;
        this.clock = registry.config().clock();
        this.sliceNanos = window.toNanos() / SLICES;
    }

    @Override
    public MonitorCallback onMessageIngested(Message<?> message) {
        BusyTime busyTime = busyTimes.computeIfAbsent(Tags.of(tagger.apply(message)), this::register);
        long start = clock.monotonicTime();
        return new MonitorCallback() {
            @Override
            public void reportSuccess() {
                busyTime.add(start, clock.monotonicTime());
            }

            @Override
            public void reportFailure(Throwable cause) {
                busyTime.add(start, clock.monotonicTime());
            }

            @Override
            public void reportIgnored() {
                busyTime.add(start, clock.monotonicTime());
            }
        };
    }

    private BusyTime register(Tags tags) {
        BusyTime busyTime = new BusyTime();
        registry.gauge(meterName, tags, busyTime, BusyTime::capacity);
        return busyTime;
    }

    /** Handling time per slice of the window; a message counts in the slice in which it ended, as in Axon's. */
    private final class BusyTime {

        private final long[] sliceOf = new long[SLICES];
        private final long[] busyNanos = new long[SLICES];

        synchronized void add(long start, long end) {
            long slice = end / sliceNanos;
            int index = (int) Math.floorMod(slice, (long) SLICES);
            if (sliceOf[index] != slice) {
                sliceOf[index] = slice;
                busyNanos[index] = 0;
            }
            busyNanos[index] += end - start;
        }

        synchronized double capacity() {
            long current = clock.monotonicTime() / sliceNanos;
            long busy = 0;
            for (int i = 0; i < SLICES; i++) {
                if (sliceOf[i] > current - SLICES && sliceOf[i] <= current) {
                    busy += busyNanos[i];
                }
            }
            return busy / (double) (sliceNanos * SLICES);
        }
    }
}

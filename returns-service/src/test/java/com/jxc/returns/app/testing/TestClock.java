package com.jxc.returns.app.testing;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The one clock of the test suite. Every date a test gives the service (an order's ship date, a command's time) is
 * taken from here, never from the calendar, so the suite passes on any day.
 *
 * <p>The whole suite can be moved in time with the system property {@value #OFFSET_PROPERTY} (an ISO-8601 duration,
 * e.g. {@code -Dreturns.clock.offset=P365D} on the Maven command line): the service reads the same property for its
 * own clock (in-process, and in child JVMs started by {@code ChildApp}), so both sides move together.
 *
 * <p>A test that must move time while the service runs imports {@link Config}: the service's clock is then this
 * instance, which the test can {@link #shift shift} or {@link #set stop at an instant}, and {@link #reset()}s after.
 */
public final class TestClock extends Clock {

    public static final String OFFSET_PROPERTY = "returns.clock.offset";
    private static final Duration OFFSET = offset();

    private final AtomicReference<Duration> shift = new AtomicReference<>(Duration.ZERO);
    private final AtomicReference<Instant> stoppedAt = new AtomicReference<>();

    /** The suite's present: the calendar's now, moved by {@value #OFFSET_PROPERTY}. */
    public static Instant now() {
        return Instant.now().plus(OFFSET);
    }

    public static Instant daysAgo(long days) {
        return now().minus(Duration.ofDays(days));
    }

    /** The offset as the service's command line takes it ({@code --returns.clock.offset=…}). */
    public static Duration suiteOffset() {
        return OFFSET;
    }

    /** From now on this clock runs {@code by} away from the suite's present (negative: in the past). */
    public void shift(Duration by) {
        shift.set(by);
    }

    /** From now on this clock stands still at {@code instant}, so durations a test measures are exact. */
    public void set(Instant instant) {
        stoppedAt.set(instant);
    }

    /** Back to the suite's present, running. */
    public void reset() {
        shift.set(Duration.ZERO);
        stoppedAt.set(null);
    }

    @Override
    public Instant instant() {
        Instant stopped = stoppedAt.get();
        return stopped != null ? stopped : now().plus(shift.get());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    private static Duration offset() {
        String value = System.getProperty(OFFSET_PROPERTY, "").trim();
        return value.isEmpty() ? Duration.ZERO : Duration.parse(value);
    }

    /** Imported, not scanned: makes a {@link TestClock} the service's clock for the tests of one class. */
    public static class Config {
        @Bean
        @Primary
        TestClock testClock() {
            return new TestClock();
        }
    }
}

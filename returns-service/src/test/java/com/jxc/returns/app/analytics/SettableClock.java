package com.jxc.returns.app.analytics;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** The system clock until a test sets it; then it stands still at the set instant, so durations are exact. */
final class SettableClock extends Clock {

    private final AtomicReference<Instant> fixed = new AtomicReference<>();

    void set(Instant instant) {
        fixed.set(instant);
    }

    void reset() {
        fixed.set(null);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        Instant instant = fixed.get();
        return instant == null ? Instant.now() : instant;
    }
}

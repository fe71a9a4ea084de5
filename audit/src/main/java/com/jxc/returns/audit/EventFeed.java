package com.jxc.returns.audit;

import org.axonframework.common.DateTimeUtils;
import org.axonframework.eventhandling.GenericEventMessage;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The global event stream, paged by position, that never skips nor repeats an event.
 * <p>
 * Positions (the event table's identity column) are taken when a transaction inserts and become visible when it
 * commits, which need not be in position order: while a transaction holding position 11 is still open, 12 may be
 * visible already. A reader that moved past 12 would never see 11. So a page ends before the first missing position
 * (a gap) unless the event after the gap was stored more than {@code returns.events.gap-timeout} ago: only then is
 * the gap taken for a transaction that rolled back (a lost race, a refused command) and will never fill.
 * <p>
 * Guarantee: every event is served exactly once, in increasing position order, to a reader that passes back
 * {@code next}, provided no transaction stays open longer than the gap timeout after a later-positioned event was
 * stored. Commands here commit within milliseconds; the command timeout (10 s) is the default gap timeout.
 */
@Component
public class EventFeed {

    /** Events examined per request at most, so that a filter matching little cannot make one request unbounded. */
    static final int MAX_EXAMINED = 5_000;
    private static final int FETCH = 500;

    private final EventLog log;
    private final Duration gapTimeout;

    EventFeed(EventLog log, EventFeedProperties properties) {
        this.log = log;
        this.gapTimeout = properties.gapTimeout();
    }

    /** {@code next}: the position to pass as {@code after} next time; {@code complete}: nothing more to read now. */
    public record Page(List<StoredEvent> events, long next, boolean complete) {
    }

    public record Filter(Set<String> types, Instant from, Instant to) {
        boolean matches(StoredEvent event) {
            if (!types.isEmpty() && !types.contains(event.payloadType())) {
                return false;
            }
            if (from == null && to == null) {
                return true;
            }
            Instant at = DateTimeUtils.parseInstant(event.timeStamp());
            return (from == null || !at.isBefore(from)) && (to == null || at.isBefore(to));
        }
    }

    public Page read(long after, int limit, Filter filter) {
        // the clock that stamps events, so that ages are measured on the same scale
        Instant now = GenericEventMessage.clock.instant();
        var served = new ArrayList<StoredEvent>();
        long next = after;
        int examined = 0;
        while (true) {
            List<StoredEvent> batch = log.after(next, FETCH);
            if (batch.isEmpty()) {
                return new Page(served, next, true);
            }
            for (StoredEvent event : batch) {
                if (event.globalIndex() != next + 1 && mayStillFill(event, now)) {
                    return new Page(served, next, true);
                }
                next = event.globalIndex();
                examined++;
                if (filter.matches(event)) {
                    served.add(event);
                }
                if (served.size() == limit || examined == MAX_EXAMINED) {
                    return new Page(served, next, false);
                }
            }
        }
    }

    private boolean mayStillFill(StoredEvent afterGap, Instant now) {
        Instant stored = DateTimeUtils.parseInstant(afterGap.timeStamp());
        return Duration.between(stored, now).compareTo(gapTimeout) < 0;
    }
}

package com.jxc.returns.api.query;

import java.time.Instant;
import java.util.List;

/**
 * A return's stored events in commit order. {@code position} is the event's global position in the event store,
 * {@code payload} the payload exactly as stored (JSON text); who acted and the correlation and causation ids come
 * from the event's metadata, {@code policyVersion} from the payload where the event records one. {@code verified}
 * says whether the event passes tamper verification (null: it cannot be checked here, e.g. with Axon Server);
 * {@code warning} is set when any event of the history fails it.
 */
public record ReturnHistory(String returnId, String orderId, List<Entry> events, String warning) {

    public ReturnHistory {
        events = List.copyOf(events);
    }

    public record Entry(long position, String eventId, String aggregateId, long sequenceNumber, String type,
                        String revision, Instant timestamp, String userId, String userRole, String correlationId,
                        String causationId, Integer policyVersion, String payload, Boolean verified) {
    }
}

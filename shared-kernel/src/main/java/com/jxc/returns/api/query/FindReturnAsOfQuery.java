package com.jxc.returns.api.query;

import com.jxc.returns.api.returnrequest.ReturnRequestId;

import java.time.Instant;
import java.util.Objects;

/**
 * A return as it stood at {@code asOf}, or right after its event with sequence number {@code upToSequence}: rebuilt
 * from its events stored up to then, answered by a {@link ReturnView} (none when the return did not exist yet).
 * A null bound does not limit; several events of one command may share an instant, so only the sequence number
 * tells the return after each of them.
 */
public record FindReturnAsOfQuery(ReturnRequestId returnId, Instant asOf, Long upToSequence) {

    public FindReturnAsOfQuery {
        Objects.requireNonNull(returnId, "return id is required");
    }

    /** The return as it stood at an instant. */
    public FindReturnAsOfQuery(ReturnRequestId returnId, Instant asOf) {
        this(returnId, Objects.requireNonNull(asOf, "as-of instant is required"), null);
    }

    /** The return right after its event {@code sequenceNumber} (its first event is 0). */
    public static FindReturnAsOfQuery afterEvent(ReturnRequestId returnId, long sequenceNumber) {
        return new FindReturnAsOfQuery(returnId, null, sequenceNumber);
    }

    /** The return after every event stored so far, whatever any read model has applied yet. */
    public static FindReturnAsOfQuery stored(ReturnRequestId returnId) {
        return new FindReturnAsOfQuery(returnId, null, null);
    }

    /** Whether an event stored at {@code timestamp} with {@code sequenceNumber} is within the bounds. */
    public boolean covers(Instant timestamp, long sequenceNumber) {
        return (asOf == null || !timestamp.isAfter(asOf)) && (upToSequence == null || sequenceNumber <= upToSequence);
    }
}

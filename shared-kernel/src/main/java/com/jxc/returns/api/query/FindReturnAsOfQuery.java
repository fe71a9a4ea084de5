package com.jxc.returns.api.query;

import com.jxc.returns.api.returnrequest.ReturnRequestId;

import java.time.Instant;
import java.util.Objects;

/** A return as it stood at {@code asOf}: rebuilt from its events stored up to that instant, answered by a
 * {@link ReturnView} (none when the return did not exist yet). */
public record FindReturnAsOfQuery(ReturnRequestId returnId, Instant asOf) {
    public FindReturnAsOfQuery {
        Objects.requireNonNull(returnId, "return id is required");
        Objects.requireNonNull(asOf, "as-of instant is required");
    }
}

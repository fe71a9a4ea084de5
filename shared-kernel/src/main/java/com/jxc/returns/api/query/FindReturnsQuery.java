package com.jxc.returns.api.query;

import com.jxc.returns.api.returnrequest.ReturnState;

import java.time.Instant;
import java.util.Set;

/**
 * The worklist: every filter is optional. {@code waitingFor} keeps returns whose next step belongs to one of these
 * roles; {@code requestedBefore} keeps those older than an instant. Sorted by {@code sort} ("requestedAt",
 * "-requestedAt", "updatedAt", "-updatedAt"); pages start at 0.
 */
public record FindReturnsQuery(ReturnState state, String customerId, String orderId, String reason,
                               Set<String> waitingFor, Instant requestedBefore, String sort, int page, int size) {
    public FindReturnsQuery {
        waitingFor = waitingFor == null ? Set.of() : Set.copyOf(waitingFor);
        sort = sort == null ? "-requestedAt" : sort;
    }
}

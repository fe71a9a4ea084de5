package com.jxc.returns.api.query;

import java.util.List;

/**
 * Which stored events of these aggregates fail verification: each event's hash recomputed from what is stored now,
 * each aggregate's chain walked, and what the last verification of the whole store found about them.
 */
public record FindEventVerificationQuery(List<String> aggregateIds) {

    public FindEventVerificationQuery {
        aggregateIds = List.copyOf(aggregateIds);
    }
}

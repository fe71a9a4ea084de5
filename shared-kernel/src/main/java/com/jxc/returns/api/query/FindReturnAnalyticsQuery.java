package com.jxc.returns.api.query;

import java.time.Instant;
import java.util.Objects;

/** Return analytics over the returns requested in [{@code from}, {@code to}); a missing bound is open. */
public record FindReturnAnalyticsQuery(AnalyticsDimension groupBy, Instant from, Instant to) {
    public FindReturnAnalyticsQuery {
        Objects.requireNonNull(groupBy, "groupBy is required");
        if (from != null && to != null && !from.isBefore(to)) {
            throw new IllegalArgumentException("'from' must be before 'to'");
        }
    }
}

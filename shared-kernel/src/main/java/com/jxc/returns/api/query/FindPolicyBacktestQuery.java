package com.jxc.returns.api.query;

import com.jxc.returns.api.returnpolicy.ReturnPolicyTerms;

import java.time.Instant;
import java.util.Objects;

/** What would have differed had {@code draft} applied to the returns requested in [{@code from}, {@code to}). */
public record FindPolicyBacktestQuery(ReturnPolicyTerms draft, Instant from, Instant to) {
    public FindPolicyBacktestQuery {
        Objects.requireNonNull(draft, "draft policy is required");
        Objects.requireNonNull(from, "from is required");
        Objects.requireNonNull(to, "to is required");
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("from must be before to");
        }
    }
}

package com.jxc.returns.query.analytics;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * Nearest-rank percentiles: the p-th percentile of n sorted values is the value at rank ⌈p·n/100⌉, so it is always a
 * value that was observed. The median is the 50th percentile: for an even count the lower of the two middle values.
 */
final class Percentiles {

    private static final BigDecimal MILLIS_PER_HOUR = BigDecimal.valueOf(3_600_000);

    private Percentiles() {
    }

    /** {@code sorted} ascending and not empty; {@code percent} in (0, 100]. */
    static long nearestRank(List<Long> sorted, int percent) {
        if (sorted.isEmpty()) {
            throw new IllegalArgumentException("no values");
        }
        if (percent <= 0 || percent > 100) {
            throw new IllegalArgumentException("percent must be in (0, 100]");
        }
        // ⌈p·n/100⌉ in integer arithmetic: 90 % of 10 values is exactly rank 9
        long rank = ((long) percent * sorted.size() + 99) / 100;
        return sorted.get((int) Math.max(rank, 1) - 1);
    }

    static BigDecimal hours(long millis) {
        return BigDecimal.valueOf(millis).divide(MILLIS_PER_HOUR, 2, RoundingMode.HALF_UP);
    }
}

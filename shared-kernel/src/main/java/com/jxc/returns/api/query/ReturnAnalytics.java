package com.jxc.returns.api.query;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * Return analytics for the returns requested in [{@code from}, {@code to}), one group per key and currency (amounts
 * are never added across currencies). Rates are fractions (0.25 = 25 %); {@code null} where nothing was there to
 * divide by.
 */
public record ReturnAnalytics(String groupBy, Instant from, Instant to, String timeZone, List<Group> groups) {

    public ReturnAnalytics {
        groups = List.copyOf(groups);
    }

    /**
     * Figures for one key.
     *
     * @param requests       returns requested (a return counts once per group it touches)
     * @param units          units requested; {@code value} their value at the order's unit prices
     * @param approved       returns approved, automatically or by a reviewer ({@code autoApproved} of them by policy)
     * @param approvalRate   approved ÷ (approved + rejected); undecided and cancelled-before-review returns count in
     *                       neither
     * @param unitsCredited  units the customer was credited for at settlement; {@code valueCredited} their goods value
     *                       before any restocking fee
     * @param shippedUnits   only when grouped by SKU: units of the SKU shipped in the same period
     * @param returnRate     only when grouped by SKU: unitsCredited ÷ shippedUnits
     */
    public record Group(String key, String currency, long requests, long units, BigDecimal value, long approved,
                        long autoApproved, long rejected, long cancelled, long expired, BigDecimal approvalRate,
                        long unitsApproved, BigDecimal valueApproved, long unitsCredited, BigDecimal valueCredited,
                        Long shippedUnits, BigDecimal returnRate, Stages stages, BigDecimal averageFeedback,
                        long feedbackCount) {
    }

    /**
     * Time spent in each stage: review (requested → approved or rejected), shipping back (approved → received),
     * inspection (received → inspected), settlement (inspected, or approved when the customer keeps the goods →
     * settled).
     */
    public record Stages(Stage review, Stage shippingBack, Stage inspection, Stage settlement) {
    }

    /** Hours spent in one stage by the returns that completed it; nearest-rank median and 90th percentile. */
    public record Stage(long count, BigDecimal medianHours, BigDecimal p90Hours) {
    }
}

package com.jxc.returns.query.analytics;

import com.jxc.returns.api.query.AnalyticsDimension;
import com.jxc.returns.api.query.ReturnAnalytics;
import com.jxc.returns.projection.analytics.BusinessCalendar;
import com.jxc.returns.projection.analytics.ReturnFact;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Groups return facts into analytics figures. Plain Java, so that every number can be checked by hand.
 *
 * <p>Whole-return figures (requests, decisions, stage times, feedback) count a return once in every group it belongs
 * to; when grouping by SKU or category a return belongs to the group of each of its lines, and unit and value figures
 * add up only the lines of that group.
 */
final class ReturnAnalyticsCalculator {

    private static final int RATE_SCALE = 4;

    private ReturnAnalyticsCalculator() {
    }

    /**
     * @param shippedUnitsBySku units shipped per SKU in the period; used for the return rate when grouping by SKU
     */
    static List<ReturnAnalytics.Group> groups(AnalyticsDimension dimension, List<ReturnFact> facts,
                                              Map<String, Long> shippedUnitsBySku) {
        var accumulators = new TreeMap<GroupKey, Accumulator>();
        for (ReturnFact fact : facts) {
            Map<String, List<ReturnFact.Line>> linesByKey = linesByKey(dimension, fact);
            linesByKey.forEach((key, lines) -> accumulators
                    .computeIfAbsent(new GroupKey(key, fact.currency()), k -> new Accumulator())
                    .add(fact, lines));
        }
        var groups = new ArrayList<ReturnAnalytics.Group>();
        accumulators.forEach((key, accumulator) -> groups.add(accumulator.toGroup(key,
                dimension == AnalyticsDimension.SKU ? shippedUnitsBySku.getOrDefault(key.key(), 0L) : null)));
        return groups;
    }

    private static Map<String, List<ReturnFact.Line>> linesByKey(AnalyticsDimension dimension, ReturnFact fact) {
        Function<ReturnFact.Line, String> lineKey = switch (dimension) {
            case SKU -> ReturnFact.Line::sku;
            case CATEGORY -> ReturnFact.Line::category;
            case REASON -> line -> fact.reason();
            case CHANNEL -> line -> fact.channel();
            case CUSTOMER -> line -> fact.customerId();
            case MONTH -> line -> BusinessCalendar.month(fact.requestedAt());
        };
        var byKey = new LinkedHashMap<String, List<ReturnFact.Line>>();
        for (ReturnFact.Line line : fact.lines()) {
            byKey.computeIfAbsent(lineKey.apply(line), k -> new ArrayList<>()).add(line);
        }
        return byKey;
    }

    private record GroupKey(String key, String currency) implements Comparable<GroupKey> {
        private static final Comparator<GroupKey> ORDER = Comparator.comparing(GroupKey::key)
                .thenComparing(GroupKey::currency);

        @Override
        public int compareTo(GroupKey other) {
            return ORDER.compare(this, other);
        }
    }

    private static final class Accumulator {
        long requests;
        long units;
        BigDecimal value = BigDecimal.ZERO;
        long approved;
        long autoApproved;
        long rejected;
        long cancelled;
        long expired;
        long unitsApproved;
        BigDecimal valueApproved = BigDecimal.ZERO;
        long unitsCredited;
        BigDecimal valueCredited = BigDecimal.ZERO;
        final List<Long> review = new ArrayList<>();
        final List<Long> shippingBack = new ArrayList<>();
        final List<Long> inspection = new ArrayList<>();
        final List<Long> settlement = new ArrayList<>();
        long feedbackSum;
        long feedbackCount;

        void add(ReturnFact fact, List<ReturnFact.Line> lines) {
            requests++;
            for (ReturnFact.Line line : lines) {
                units += line.requested();
                value = value.add(line.valueOf(line.requested()));
                unitsApproved += line.approved();
                valueApproved = valueApproved.add(line.valueOf(line.approved()));
                unitsCredited += line.credited();
                valueCredited = valueCredited.add(line.valueOf(line.credited()));
            }
            if (fact.approvedAt() != null) {
                approved++;
                if (fact.autoApproved()) {
                    autoApproved++;
                }
            }
            if (fact.rejectedAt() != null) {
                rejected++;
            }
            if (fact.cancelledAt() != null) {
                cancelled++;
            }
            if (fact.expiredAt() != null) {
                expired++;
            }
            Instant decidedAt = fact.approvedAt() != null ? fact.approvedAt() : fact.rejectedAt();
            addDuration(review, fact.requestedAt(), decidedAt);
            addDuration(shippingBack, fact.approvedAt(), fact.receivedAt());
            addDuration(inspection, fact.receivedAt(), fact.inspectedAt());
            Instant readyForSettlement = fact.inspectedAt() != null ? fact.inspectedAt()
                    : fact.keepItem() ? fact.approvedAt() : null;
            addDuration(settlement, readyForSettlement, fact.settledAt());
            if (fact.feedbackRating() != null) {
                feedbackSum += fact.feedbackRating();
                feedbackCount++;
            }
        }

        private static void addDuration(List<Long> durations, Instant start, Instant end) {
            if (start != null && end != null) {
                durations.add(Duration.between(start, end).toMillis());
            }
        }

        ReturnAnalytics.Group toGroup(GroupKey key, Long shippedUnits) {
            int digits = Math.max(Currency.getInstance(key.currency()).getDefaultFractionDigits(), 0);
            return new ReturnAnalytics.Group(key.key(), key.currency(), requests, units, money(value, digits),
                    approved, autoApproved, rejected, cancelled, expired,
                    ratio(approved, approved + rejected, RATE_SCALE), unitsApproved, money(valueApproved, digits),
                    unitsCredited, money(valueCredited, digits), shippedUnits,
                    shippedUnits == null ? null : ratio(unitsCredited, shippedUnits, RATE_SCALE),
                    new ReturnAnalytics.Stages(stage(review), stage(shippingBack), stage(inspection),
                            stage(settlement)),
                    ratio(feedbackSum, feedbackCount, 2), feedbackCount);
        }

        private static BigDecimal money(BigDecimal amount, int digits) {
            return amount.setScale(digits, RoundingMode.HALF_EVEN);
        }

        private static BigDecimal ratio(long numerator, long denominator, int scale) {
            return denominator == 0 ? null
                    : BigDecimal.valueOf(numerator).divide(BigDecimal.valueOf(denominator), scale, RoundingMode.HALF_UP);
        }

        private static ReturnAnalytics.Stage stage(List<Long> durations) {
            if (durations.isEmpty()) {
                return new ReturnAnalytics.Stage(0, null, null);
            }
            List<Long> sorted = durations.stream().sorted().toList();
            return new ReturnAnalytics.Stage(sorted.size(), Percentiles.hours(Percentiles.nearestRank(sorted, 50)),
                    Percentiles.hours(Percentiles.nearestRank(sorted, 90)));
        }
    }
}

package com.jxc.returns.query.analytics;

import com.jxc.returns.api.query.AnalyticsDimension;
import com.jxc.returns.api.query.ReturnAnalytics;
import com.jxc.returns.projection.analytics.ReturnFact;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReturnAnalyticsCalculatorTest {

    private static final Instant T0 = Instant.parse("2026-03-10T00:00:00Z");

    @Test
    void nearestRankPercentilesAreObservedValues() {
        List<Long> tenValues = List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);

        assertThat(Percentiles.nearestRank(tenValues, 50)).isEqualTo(5);
        assertThat(Percentiles.nearestRank(tenValues, 90)).isEqualTo(9);
        assertThat(Percentiles.nearestRank(tenValues, 100)).isEqualTo(10);
        assertThat(Percentiles.nearestRank(List.of(7L), 50)).isEqualTo(7);
        assertThat(Percentiles.nearestRank(List.of(7L), 90)).isEqualTo(7);
        assertThat(Percentiles.nearestRank(List.of(1L, 2L), 50)).isEqualTo(1);
        assertThat(Percentiles.nearestRank(List.of(1L, 2L), 90)).isEqualTo(2);
        assertThat(Percentiles.nearestRank(List.of(1L, 2L, 3L), 50)).isEqualTo(2);
        assertThat(Percentiles.hours(5_400_000)).isEqualByComparingTo("1.50");
        assertThat(Percentiles.hours(60_000)).isEqualByComparingTo("0.02");
        assertThatThrownBy(() -> Percentiles.nearestRank(List.of(), 50)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void groupsByReasonWithDecisionsStagesAndFeedback() {
        var facts = List.of(
                // approved by a reviewer after 2 h, received 24 h later, inspected after 1 h, settled after 3 h
                fact("R1", "QUALITY_DEFECT", T0, false, line("SKU-A", "kitchen", "10.00", 2, 2, 1))
                        .approved(hours(2), false).received(hours(26)).inspected(hours(27)).settled(hours(30))
                        .feedback(5).build(),
                // approved automatically at once, kept by the customer, settled after 4 h
                fact("R2", "QUALITY_DEFECT", T0, false, line("SKU-B", "garden", "5.00", 1, 1, 1))
                        .approved(hours(0), true).keepItem().settled(hours(4)).feedback(2).build(),
                // rejected after 6 h
                fact("R3", "QUALITY_DEFECT", T0, false, line("SKU-A", "kitchen", "10.00", 3, 0, 0))
                        .rejected(hours(6)).build(),
                // cancelled before review: requested but undecided
                fact("R4", "QUALITY_DEFECT", T0, false, line("SKU-A", "kitchen", "10.00", 1, 0, 0))
                        .cancelled(hours(1)).build(),
                fact("R5", "DISSATISFIED", T0, false, line("SKU-A", "kitchen", "10.00", 4, 0, 0)).build());

        var groups = ReturnAnalyticsCalculator.groups(AnalyticsDimension.REASON, facts, Map.of());

        assertThat(groups).extracting(ReturnAnalytics.Group::key).containsExactly("DISSATISFIED", "QUALITY_DEFECT");
        var dissatisfied = groups.get(0);
        assertThat(dissatisfied.requests()).isEqualTo(1);
        assertThat(dissatisfied.approvalRate()).isNull();
        assertThat(dissatisfied.averageFeedback()).isNull();
        assertThat(dissatisfied.stages().review()).isEqualTo(new ReturnAnalytics.Stage(0, null, null));

        var quality = groups.get(1);
        assertThat(quality.currency()).isEqualTo("CNY");
        assertThat(quality.requests()).isEqualTo(4);
        assertThat(quality.units()).isEqualTo(7);
        assertThat(quality.value()).isEqualByComparingTo("65.00");
        assertThat(quality.value().scale()).isEqualTo(2);
        assertThat(quality.approved()).isEqualTo(2);
        assertThat(quality.autoApproved()).isEqualTo(1);
        assertThat(quality.rejected()).isEqualTo(1);
        assertThat(quality.cancelled()).isEqualTo(1);
        assertThat(quality.approvalRate()).isEqualByComparingTo("0.6667");
        assertThat(quality.unitsApproved()).isEqualTo(3);
        assertThat(quality.valueApproved()).isEqualByComparingTo("25.00");
        assertThat(quality.unitsCredited()).isEqualTo(2);
        assertThat(quality.valueCredited()).isEqualByComparingTo("15.00");
        assertThat(quality.shippedUnits()).isNull();
        assertThat(quality.returnRate()).isNull();
        // review: 0 h (auto), 2 h, 6 h → median 2, p90 6
        assertThat(quality.stages().review()).isEqualTo(stage(3, "2.00", "6.00"));
        assertThat(quality.stages().shippingBack()).isEqualTo(stage(1, "24.00", "24.00"));
        assertThat(quality.stages().inspection()).isEqualTo(stage(1, "1.00", "1.00"));
        // settlement: 3 h after inspection, 4 h after approval for the kept item
        assertThat(quality.stages().settlement()).isEqualTo(stage(2, "3.00", "4.00"));
        assertThat(quality.averageFeedback()).isEqualByComparingTo("3.50");
        assertThat(quality.feedbackCount()).isEqualTo(2);
    }

    @Test
    void groupsBySkuCountAReturnOnceInEachOfItsSkusAndRateReturnsAgainstShipments() {
        var facts = List.of(
                fact("R1", "QUALITY_DEFECT", T0, false,
                        line("SKU-A", "kitchen", "10.00", 2, 2, 2), line("SKU-B", "kitchen", "3.00", 1, 1, 1),
                        line("SKU-A", "kitchen", "12.00", 1, 1, 0))
                        .approved(hours(1), false).build(),
                fact("R2", "OTHER", T0, false, line("SKU-A", "kitchen", "10.00", 5, 0, 0))
                        .rejected(hours(1)).build());

        var bySku = ReturnAnalyticsCalculator.groups(AnalyticsDimension.SKU, facts,
                Map.of("SKU-A", 40L, "SKU-C", 7L));

        assertThat(bySku).extracting(ReturnAnalytics.Group::key).containsExactly("SKU-A", "SKU-B");
        var skuA = bySku.get(0);
        assertThat(skuA.requests()).isEqualTo(2);
        assertThat(skuA.units()).isEqualTo(8);
        assertThat(skuA.value()).isEqualByComparingTo("82.00");
        assertThat(skuA.approvalRate()).isEqualByComparingTo("0.5000");
        assertThat(skuA.unitsCredited()).isEqualTo(2);
        assertThat(skuA.shippedUnits()).isEqualTo(40);
        assertThat(skuA.returnRate()).isEqualByComparingTo("0.0500");
        assertThat(skuA.stages().review().count()).isEqualTo(2);
        var skuB = bySku.get(1);
        assertThat(skuB.requests()).isEqualTo(1);
        assertThat(skuB.shippedUnits()).isZero();
        assertThat(skuB.returnRate()).isNull();

        var byCategory = ReturnAnalyticsCalculator.groups(AnalyticsDimension.CATEGORY, facts, Map.of());
        assertThat(byCategory).singleElement().satisfies(group -> {
            assertThat(group.key()).isEqualTo("kitchen");
            assertThat(group.requests()).isEqualTo(2);
            assertThat(group.units()).isEqualTo(9);
        });
    }

    @Test
    void keepsCurrenciesApartAndNamesMonthsInTheBusinessTimeZone() {
        var facts = List.of(
                // 17:00 UTC on 31 January is already 1 February in Shanghai
                fact("R1", "OTHER", Instant.parse("2026-01-31T17:00:00Z"), false,
                        line("SKU-A", "kitchen", "10.00", 1, 0, 0)).build(),
                fact("R2", "OTHER", Instant.parse("2026-01-31T15:59:59Z"), false,
                        line("SKU-A", "kitchen", "10.00", 1, 0, 0)).build(),
                fact("R3", "OTHER", Instant.parse("2026-02-10T00:00:00Z"), true,
                        line("SKU-A", "kitchen", "1000", 1, 0, 0)).build());

        var byMonth = ReturnAnalyticsCalculator.groups(AnalyticsDimension.MONTH, facts, Map.of());

        assertThat(byMonth).extracting(group -> group.key() + " " + group.currency() + " " + group.value())
                .containsExactly("2026-01 CNY 10.00", "2026-02 CNY 10.00", "2026-02 JPY 1000");
    }

    @Test
    void writesCsvWithQuotingAndNoFormulas() {
        var group = new ReturnAnalytics.Group("=cmd,\"x\"", "CNY", 1, 2, new BigDecimal("20.00"), 1, 0, 0, 0, 0,
                new BigDecimal("1.0000"), 2, new BigDecimal("20.00"), 1, new BigDecimal("10.00"), null, null,
                new ReturnAnalytics.Stages(stage(1, "2.00", "2.00"), new ReturnAnalytics.Stage(0, null, null),
                        new ReturnAnalytics.Stage(0, null, null), new ReturnAnalytics.Stage(0, null, null)),
                new BigDecimal("4.00"), 1);

        String csv = AnalyticsCsv.write(new ReturnAnalytics("category", null, null, "Asia/Shanghai",
                List.of(group)));

        assertThat(csv).isEqualTo("category,currency,requests,units,value,approved,autoApproved,rejected,"
                + "cancelled,expired,approvalRate,unitsApproved,valueApproved,unitsCredited,valueCredited,"
                + "shippedUnits,returnRate,reviewCount,reviewMedianHours,reviewP90Hours,shippingBackCount,"
                + "shippingBackMedianHours,shippingBackP90Hours,inspectionCount,inspectionMedianHours,"
                + "inspectionP90Hours,settlementCount,settlementMedianHours,settlementP90Hours,averageFeedback,"
                + "feedbackCount\r\n"
                + "\"'=cmd,\"\"x\"\"\",CNY,1,2,20.00,1,0,0,0,0,1.0000,2,20.00,1,10.00,,,1,2.00,2.00,0,,,0,,,0,,,"
                + "4.00,1\r\n");
    }

    private static ReturnAnalytics.Stage stage(long count, String median, String p90) {
        return new ReturnAnalytics.Stage(count, new BigDecimal(median), new BigDecimal(p90));
    }

    private static Instant hours(long hours) {
        return T0.plusSeconds(hours * 3_600);
    }

    private static ReturnFact.Line line(String sku, String category, String price, int requested, int approved,
                                        int credited) {
        return new ReturnFact.Line(0, sku, category, new BigDecimal(price), requested, approved, credited);
    }

    private static FactBuilder fact(String id, String reason, Instant requestedAt, boolean yen,
                                    ReturnFact.Line... lines) {
        var builder = new FactBuilder();
        builder.id = id;
        builder.reason = reason;
        builder.requestedAt = requestedAt;
        builder.currency = yen ? "JPY" : "CNY";
        builder.lines = List.of(lines);
        return builder;
    }

    private static final class FactBuilder {
        String id;
        String reason;
        String currency;
        Instant requestedAt;
        List<ReturnFact.Line> lines;
        boolean auto;
        boolean keepItem;
        Instant approvedAt;
        Instant rejectedAt;
        Instant cancelledAt;
        Instant receivedAt;
        Instant inspectedAt;
        Instant settledAt;
        Integer rating;

        FactBuilder approved(Instant at, boolean automatic) {
            approvedAt = at;
            auto = automatic;
            return this;
        }

        FactBuilder rejected(Instant at) {
            rejectedAt = at;
            return this;
        }

        FactBuilder cancelled(Instant at) {
            cancelledAt = at;
            return this;
        }

        FactBuilder keepItem() {
            keepItem = true;
            return this;
        }

        FactBuilder received(Instant at) {
            receivedAt = at;
            return this;
        }

        FactBuilder inspected(Instant at) {
            inspectedAt = at;
            return this;
        }

        FactBuilder settled(Instant at) {
            settledAt = at;
            return this;
        }

        FactBuilder feedback(int stars) {
            rating = stars;
            return this;
        }

        ReturnFact build() {
            return new ReturnFact(id, 1, currency, reason, "HOTLINE", "C-1", requestedAt, lines, auto, approvedAt,
                    rejectedAt, cancelledAt, null, keepItem, receivedAt, inspectedAt, settledAt, rating);
        }
    }
}

package com.jxc.returns.app.audit;

import com.jxc.returns.app.testing.ServiceOverHttp;
import com.jxc.returns.app.testing.ServiceTest;
import com.jxc.returns.app.testing.TestClock;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static com.jxc.returns.app.audit.BacktestReturns.returnOf;
import static com.jxc.returns.app.audit.BacktestReturns.settle;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three returns decided under the default policy (30 days, 15 % fee waived for seller faults, auto-approval up to
 * 500 for seller faults, keep-item below 20) replayed against a draft: 4-day window (90 for quality defects), 10 %
 * fee waived for quality defects only, auto-approval up to 400 also for dissatisfied customers, keep-item below
 * 300.01. Expected figures computed by hand:
 * <ul>
 * <li>A: quality defect, 2 × 249.00 = 498.00, auto-approved, refunded 498.00 without fee. Draft: 498.00 &gt; 400
 * needs review; fee still waived, refund the same. Differs in auto-approval.</li>
 * <li>B: dissatisfied, shipped 3 days ago, 1 × 300.00, reviewed, refunded 300.00 − 15 % = 255.00. Draft: still in
 * the (shorter) window, auto-approved (300 ≤ 400, reason allowed), kept by the customer (300.00 &lt; 300.01), fee
 * 30.00, refund 270.00.</li>
 * <li>C: other reason, shipped 10 days ago, 1 × 50.00, waiting for review. Draft: outside the 4-day window.</li>
 * </ul>
 */
@ServiceTest
class PolicyBacktestHttpTest extends ServiceOverHttp {

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aDraftPolicyReplayedOverPastReturnsShowsWhatWouldHaveDifferedAndStoresNothing() {
        Instant from = TestClock.now().minus(Duration.ofMinutes(1));
        String a = returnOf(http, "SO-BT-A", 5, "249.00", 2, "QUALITY_DEFECT");
        settle(http, a, 2, false);
        String b = returnOf(http, "SO-BT-B", 3, "300.00", 1, "DISSATISFIED");
        settle(http, b, 1, true);
        String c = returnOf(http, "SO-BT-C", 10, "50.00", 1, "OTHER");
        Instant to = TestClock.now().plus(Duration.ofMinutes(1));
        long eventsBefore = events();

        var response = http.post("/api/return-policy/backtest", "auditor", """
                {"policy":{"windowDays":4,"windowDaysByReason":{"QUALITY_DEFECT":90},"restockingFeePercent":10,
                  "feeWaivedReasons":["QUALITY_DEFECT"],
                  "autoApproval":{"enabled":true,"requireWithinWindow":true,"maxValue":400,
                                  "reasons":["QUALITY_DEFECT","WRONG_ITEM","TRANSIT_DAMAGE","DISSATISFIED"]},
                  "receiptDeadlineDays":14,"keepItemThreshold":300.01,"timeZone":"Asia/Shanghai"},
                 "from":"%s","to":"%s"}""".formatted(from, to));

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        System.out.println("BACKTEST EXAMPLE " + response.body());
        JsonNode result = response.json();
        assertThat(result.get("returns")).hasSize(3);
        JsonNode ra = byId(result, a);
        assertThat(differences(ra)).containsExactly("auto-approval");
        assertThat(ra.at("/actual/autoApproved").asBoolean()).isTrue();
        assertThat(ra.at("/draft/autoApproved").asBoolean()).isFalse();
        assertThat(ra.at("/draft/reviewReasons/0").asText()).isEqualTo("value-above-auto-approval-threshold");
        assertThat(ra.at("/draft/settlement/refunded").decimalValue()).isEqualByComparingTo("498.00");
        JsonNode rb = byId(result, b);
        assertThat(differences(rb)).containsExactly("last-day-of-window", "auto-approval", "keep-item",
                "restocking-fee", "refunded");
        assertThat(rb.at("/actual/settlement/restockingFee").decimalValue()).isEqualByComparingTo("45.00");
        assertThat(rb.at("/actual/settlement/refunded").decimalValue()).isEqualByComparingTo("255.00");
        assertThat(rb.at("/draft/settlement/restockingFee").decimalValue()).isEqualByComparingTo("30.00");
        assertThat(rb.at("/draft/settlement/refunded").decimalValue()).isEqualByComparingTo("270.00");
        assertThat(rb.at("/actual/keepItem").asBoolean()).isFalse();
        assertThat(rb.at("/draft/keepItem").asBoolean()).isTrue();
        JsonNode rc = byId(result, c);
        assertThat(differences(rc)).containsExactly("window");
        assertThat(rc.at("/draft/keepItem").isMissingNode() || rc.at("/draft/keepItem").isNull()).isTrue();
        assertThat(rc.at("/draft/settlement").isMissingNode() || rc.at("/draft/settlement").isNull()).isTrue();

        JsonNode totals = result.at("/totals/0");
        assertThat(totals.get("currency").asText()).isEqualTo("CNY");
        assertThat(totals.get("returns").asInt()).isEqualTo(3);
        assertThat(totals.get("settled").asInt()).isEqualTo(2);
        assertThat(totals.get("reviewToAutoApproval").asInt()).isEqualTo(1);
        assertThat(totals.get("autoApprovalToReview").asInt()).isEqualTo(1);
        assertThat(totals.get("windowInToOut").asInt()).isEqualTo(1);
        assertThat(totals.get("windowOutToIn").asInt()).isZero();
        assertThat(totals.get("keepItemChanged").asInt()).isEqualTo(1);
        assertThat(totals.at("/actual/restockingFees").decimalValue()).isEqualByComparingTo("45.00");
        assertThat(totals.at("/actual/refunded").decimalValue()).isEqualByComparingTo("753.00");
        assertThat(totals.at("/draft/restockingFees").decimalValue()).isEqualByComparingTo("30.00");
        assertThat(totals.at("/draft/refunded").decimalValue()).isEqualByComparingTo("768.00");
        assertThat(totals.at("/draft/credit").decimalValue()).isEqualByComparingTo("768.00");

        assertThat(events()).isEqualTo(eventsBefore);
        assertThat(http.post("/api/return-policy/backtest", "cs", "{}").status()).isEqualTo(403);
        var invalid = http.post("/api/return-policy/backtest", "admin", """
                {"policy":{"windowDays":-1,"restockingFeePercent":10,"autoApproval":{"enabled":true,
                  "requireWithinWindow":true,"maxValue":400},"receiptDeadlineDays":14,"keepItemThreshold":20},
                 "from":"%s","to":"%s"}""".formatted(from, to));
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.isProblem()).isTrue();
    }

    private long events() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM DomainEventEntry", Long.class);
    }

    private static JsonNode byId(JsonNode result, String id) {
        for (JsonNode item : result.get("returns")) {
            if (item.get("returnId").asText().equals(id)) {
                return item;
            }
        }
        throw new AssertionError("no " + id);
    }

    private static List<String> differences(JsonNode outcome) {
        var names = new ArrayList<String>();
        outcome.get("differences").forEach(name -> names.add(name.asText()));
        return names;
    }
}

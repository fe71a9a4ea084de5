package com.jxc.returns.api.returnpolicy;

import com.jxc.returns.api.returnrequest.ReturnReason;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static com.jxc.returns.api.returnpolicy.PolicyTestTerms.standard;
import static com.jxc.returns.api.returnpolicy.PolicyTestTerms.terms;
import static org.assertj.core.api.Assertions.assertThat;

class ReturnWindowPolicyTest {

    /** 2026-01-31 20:00 UTC is already 2026-02-01 04:00 in Shanghai. */
    private static final Instant SHIPPED = Instant.parse("2026-01-31T20:00:00Z");
    private static final List<String> APPLIANCES = List.of("appliances");

    @Test
    void lastDayCountsInThePolicyTimeZone() {
        var check = ReturnWindowPolicy.check(standard(), SHIPPED, Instant.parse("2026-03-03T15:59:59Z"),
                ReturnReason.DISSATISFIED, APPLIANCES);

        assertThat(check.lastDay()).isEqualTo(LocalDate.of(2026, 3, 3));
        assertThat(check.within()).isTrue();
    }

    @Test
    void theDayAfterTheLastDayIsOutside() {
        // 2026-03-03T16:00Z is 2026-03-04 00:00 in Shanghai
        var check = ReturnWindowPolicy.check(standard(), SHIPPED, Instant.parse("2026-03-03T16:00:00Z"),
                ReturnReason.DISSATISFIED, APPLIANCES);

        assertThat(check.within()).isFalse();
        assertThat(check.lastDay()).isEqualTo(LocalDate.of(2026, 3, 3));
    }

    @Test
    void theSameInstantsFallOnOtherDaysInAnotherTimeZone() {
        var utc = terms(30, Map.of(), Map.of(), "UTC");

        var check = ReturnWindowPolicy.check(utc, SHIPPED, Instant.parse("2026-03-03T01:00:00Z"),
                ReturnReason.DISSATISFIED, APPLIANCES);

        assertThat(check.lastDay()).isEqualTo(LocalDate.of(2026, 3, 2));
        assertThat(check.within()).isFalse();
    }

    @Test
    void aRequestOnTheShippingDayIsInside() {
        var check = ReturnWindowPolicy.check(standard(), SHIPPED, SHIPPED, ReturnReason.OTHER, APPLIANCES);

        assertThat(check.within()).isTrue();
    }

    @Test
    void zeroDayWindowAllowsOnlyTheShippingDay() {
        var sameDay = terms(0, Map.of(), Map.of(), "Asia/Shanghai");

        assertThat(ReturnWindowPolicy.check(sameDay, SHIPPED, Instant.parse("2026-02-01T15:59:59Z"),
                ReturnReason.OTHER, APPLIANCES).within()).isTrue();
        assertThat(ReturnWindowPolicy.check(sameDay, SHIPPED, Instant.parse("2026-02-01T16:00:00Z"),
                ReturnReason.OTHER, APPLIANCES).within()).isFalse();
    }

    @Test
    void categoryOverrideShortensTheWindow() {
        var fresh = terms(30, Map.of(), Map.of("fresh-food", 7), "Asia/Shanghai");

        var lastDay = ReturnWindowPolicy.check(fresh, SHIPPED, Instant.parse("2026-02-08T15:59:59Z"),
                ReturnReason.DISSATISFIED, List.of("fresh-food"));
        var dayAfter = ReturnWindowPolicy.check(fresh, SHIPPED, Instant.parse("2026-02-08T16:00:00Z"),
                ReturnReason.DISSATISFIED, List.of("fresh-food"));

        assertThat(lastDay.lastDay()).isEqualTo(LocalDate.of(2026, 2, 8));
        assertThat(lastDay.within()).isTrue();
        assertThat(dayAfter.within()).isFalse();
    }

    @Test
    void categoryOverrideMayAlsoLengthenTheWindow() {
        var furniture = terms(30, Map.of(), Map.of("furniture", 60), "Asia/Shanghai");

        assertThat(ReturnWindowPolicy.windowDays(furniture, ReturnReason.DISSATISFIED, List.of("furniture")))
                .isEqualTo(60);
    }

    @Test
    void withSeveralCategoriesTheShortestWindowCounts() {
        var mixed = terms(30, Map.of(), Map.of("fresh-food", 7, "furniture", 60), "Asia/Shanghai");

        assertThat(ReturnWindowPolicy.windowDays(mixed, ReturnReason.DISSATISFIED,
                List.of("furniture", "fresh-food", "appliances"))).isEqualTo(7);
        assertThat(ReturnWindowPolicy.windowDays(mixed, ReturnReason.DISSATISFIED,
                List.of("furniture", "appliances"))).isEqualTo(30);
    }

    @Test
    void reasonOverrideLengthensTheWindow() {
        var check = ReturnWindowPolicy.check(standard(), SHIPPED, Instant.parse("2026-05-02T15:59:59Z"),
                ReturnReason.QUALITY_DEFECT, APPLIANCES);

        assertThat(check.lastDay()).isEqualTo(LocalDate.of(2026, 5, 2));
        assertThat(check.within()).isTrue();
        assertThat(ReturnWindowPolicy.check(standard(), SHIPPED, Instant.parse("2026-05-02T16:00:00Z"),
                ReturnReason.QUALITY_DEFECT, APPLIANCES).within()).isFalse();
    }

    @Test
    void reasonOverrideLengthensAShortCategoryWindow() {
        var fresh = terms(30, Map.of(ReturnReason.QUALITY_DEFECT, 90), Map.of("fresh-food", 7), "Asia/Shanghai");

        assertThat(ReturnWindowPolicy.windowDays(fresh, ReturnReason.QUALITY_DEFECT, List.of("fresh-food")))
                .isEqualTo(90);
    }

    @Test
    void reasonOverrideNeverShortensTheWindow() {
        var shortForOther = terms(30, Map.of(ReturnReason.OTHER, 10), Map.of(), "Asia/Shanghai");

        assertThat(ReturnWindowPolicy.windowDays(shortForOther, ReturnReason.OTHER, APPLIANCES)).isEqualTo(30);
    }

    @Test
    void withoutCategoriesTheDefaultWindowCounts() {
        assertThat(ReturnWindowPolicy.windowDays(standard(), ReturnReason.OTHER, List.of())).isEqualTo(30);
    }
}

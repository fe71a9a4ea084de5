package com.jxc.returns.api.returnpolicy;

import com.jxc.returns.api.common.Money;
import com.jxc.returns.api.returnrequest.ReturnReason;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Set;

import static com.jxc.returns.api.returnpolicy.PolicyTestTerms.autoApproval;
import static com.jxc.returns.api.returnpolicy.PolicyTestTerms.cny;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AutoApprovalPolicyTest {

    private static final AutoApprovalRules RULES = autoApproval(true, true, "500.00");

    @Test
    void valueExactlyAtTheThresholdIsAutoApproved() {
        var verdict = AutoApprovalPolicy.assess(RULES, true, cny("500.00"), ReturnReason.QUALITY_DEFECT);

        assertThat(verdict.autoApproved()).isTrue();
        assertThat(verdict.reviewReasons()).isEmpty();
    }

    @Test
    void oneFenAboveTheThresholdNeedsReview() {
        var verdict = AutoApprovalPolicy.assess(RULES, true, cny("500.01"), ReturnReason.QUALITY_DEFECT);

        assertThat(verdict.autoApproved()).isFalse();
        assertThat(verdict.reviewReasons()).containsExactly(AutoApprovalPolicy.ABOVE_THRESHOLD);
    }

    @Test
    void outsideTheWindowNeedsReviewWhenTheRulesRequireIt() {
        var verdict = AutoApprovalPolicy.assess(RULES, false, cny("10.00"), ReturnReason.QUALITY_DEFECT);

        assertThat(verdict.autoApproved()).isFalse();
        assertThat(verdict.reviewReasons()).containsExactly(AutoApprovalPolicy.OUTSIDE_WINDOW);
    }

    @Test
    void outsideTheWindowIsAutoApprovedWhenTheRulesDoNotRequireIt() {
        var verdict = AutoApprovalPolicy.assess(autoApproval(true, false, "500.00"), false, cny("10.00"),
                ReturnReason.QUALITY_DEFECT);

        assertThat(verdict.autoApproved()).isTrue();
    }

    @Test
    void aReasonNotListedNeedsReview() {
        var verdict = AutoApprovalPolicy.assess(RULES, true, cny("10.00"), ReturnReason.DISSATISFIED);

        assertThat(verdict.autoApproved()).isFalse();
        assertThat(verdict.reviewReasons()).containsExactly(AutoApprovalPolicy.REASON_NEEDS_REVIEW);
    }

    @Test
    void disabledAutoApprovalSendsEverythingToReview() {
        var verdict = AutoApprovalPolicy.assess(autoApproval(false, true, "500.00"), true, cny("1.00"),
                ReturnReason.QUALITY_DEFECT);

        assertThat(verdict.autoApproved()).isFalse();
        assertThat(verdict.reviewReasons()).containsExactly(AutoApprovalPolicy.DISABLED);
    }

    @Test
    void everyReasonForReviewIsListed() {
        var verdict = AutoApprovalPolicy.assess(autoApproval(false, true, "500.00"), false, cny("500.01"),
                ReturnReason.OTHER);

        assertThat(verdict.reviewReasons()).containsExactly(AutoApprovalPolicy.DISABLED,
                AutoApprovalPolicy.OUTSIDE_WINDOW, AutoApprovalPolicy.ABOVE_THRESHOLD,
                AutoApprovalPolicy.REASON_NEEDS_REVIEW);
    }

    @Test
    void thresholdAppliesInTheOrderCurrency() {
        var yen = Currency.getInstance("JPY");

        assertThat(AutoApprovalPolicy.assess(RULES, true, Money.of("500", yen), ReturnReason.WRONG_ITEM)
                .autoApproved()).isTrue();
        assertThat(AutoApprovalPolicy.assess(RULES, true, Money.of("501", yen), ReturnReason.WRONG_ITEM)
                .autoApproved()).isFalse();
    }

    @Test
    void zeroThresholdApprovesOnlyFreeReturns() {
        var nothing = new AutoApprovalRules(true, true, BigDecimal.ZERO, Set.of(ReturnReason.WRONG_ITEM));

        assertThat(AutoApprovalPolicy.assess(nothing, true, cny("0.00"), ReturnReason.WRONG_ITEM).autoApproved())
                .isTrue();
        assertThat(AutoApprovalPolicy.assess(nothing, true, cny("0.01"), ReturnReason.WRONG_ITEM).autoApproved())
                .isFalse();
    }

    @Test
    void rulesRefuseANegativeOrMissingThreshold() {
        assertThatThrownBy(() -> new AutoApprovalRules(true, true, new BigDecimal("-0.01"), Set.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AutoApprovalRules(true, true, null, Set.of()))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void missingReasonsMeanNoReasonQualifies() {
        var none = new AutoApprovalRules(true, true, new BigDecimal("500"), null);

        assertThat(AutoApprovalPolicy.assess(none, true, cny("1.00"), ReturnReason.QUALITY_DEFECT).reviewReasons())
                .containsExactly(AutoApprovalPolicy.REASON_NEEDS_REVIEW);
    }
}

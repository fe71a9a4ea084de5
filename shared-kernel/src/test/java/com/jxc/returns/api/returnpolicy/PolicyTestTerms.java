package com.jxc.returns.api.returnpolicy;

import com.jxc.returns.api.common.Money;
import com.jxc.returns.api.returnrequest.ReturnReason;

import java.math.BigDecimal;
import java.util.EnumSet;
import java.util.Map;

/** Terms spelled out in full, so the tests do not depend on what {@link ReturnPolicyTerms#defaults()} says today. */
final class PolicyTestTerms {

    private PolicyTestTerms() {
    }

    static final EnumSet<ReturnReason> SELLER_AT_FAULT =
            EnumSet.of(ReturnReason.QUALITY_DEFECT, ReturnReason.WRONG_ITEM, ReturnReason.TRANSIT_DAMAGE);

    static AutoApprovalRules autoApproval(boolean enabled, boolean requireWithinWindow, String maxValue) {
        return new AutoApprovalRules(enabled, requireWithinWindow, new BigDecimal(maxValue), SELLER_AT_FAULT);
    }

    static ReturnPolicyTerms terms(int windowDays, Map<ReturnReason, Integer> byReason,
                                   Map<String, Integer> byCategory, String timeZone) {
        return new ReturnPolicyTerms(windowDays, byReason, byCategory, new BigDecimal("15"), SELLER_AT_FAULT,
                autoApproval(true, true, "500.00"), 14, new BigDecimal("20.00"), timeZone);
    }

    static ReturnPolicyTerms standard() {
        return terms(30, Map.of(ReturnReason.QUALITY_DEFECT, 90), Map.of(), "Asia/Shanghai");
    }

    static Money cny(String amount) {
        return Money.of(amount, Money.CNY);
    }
}

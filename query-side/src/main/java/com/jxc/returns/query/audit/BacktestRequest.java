package com.jxc.returns.query.audit;

import com.jxc.returns.api.query.FindPolicyBacktestQuery;
import com.jxc.returns.api.returnpolicy.AutoApprovalRules;
import com.jxc.returns.api.returnpolicy.ReturnPolicyTerms;
import com.jxc.returns.api.returnrequest.ReturnReason;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * A backtest as {@code POST /api/return-policy/backtest} and the console's policy page take it: a draft policy (the
 * shape of {@code PUT /api/return-policy}, with the same limits) and the range [{@code from}, {@code to}) of request
 * times to replay. Validate it (Bean Validation) before {@link #toQuery()}.
 */
public record BacktestRequest(@NotNull @Valid DraftPolicy policy, @NotNull Instant from, @NotNull Instant to) {

    /** The query both entry points send; the terms and the range check themselves again on construction. */
    public FindPolicyBacktestQuery toQuery() {
        return new FindPolicyBacktestQuery(policy.toTerms(), from, to);
    }

    public record DraftAutoApproval(boolean enabled, boolean requireWithinWindow,
                                    @NotNull @DecimalMin("0") @Digits(integer = 12, fraction = 4) BigDecimal maxValue,
                                    @Size(max = 10) Set<@NotNull ReturnReason> reasons) {
    }

    /** The shape of {@code PUT /api/return-policy}, with the same limits. */
    public record DraftPolicy(@Min(0) @Max(ReturnPolicyTerms.MAX_DAYS) int windowDays,
                              @Size(max = 10) Map<@NotNull ReturnReason, @NotNull @Min(0) @Max(ReturnPolicyTerms.MAX_DAYS) Integer> windowDaysByReason,
                              @Size(max = 500) Map<@NotNull @Size(min = 1, max = 100) String, @NotNull @Min(0) @Max(ReturnPolicyTerms.MAX_DAYS) Integer> windowDaysByCategory,
                              @NotNull @DecimalMin("0") @DecimalMax("100") @Digits(integer = 3, fraction = 4) BigDecimal restockingFeePercent,
                              @Size(max = 10) Set<@NotNull ReturnReason> feeWaivedReasons,
                              @NotNull @Valid DraftAutoApproval autoApproval,
                              @Min(1) @Max(ReturnPolicyTerms.MAX_DAYS) int receiptDeadlineDays,
                              @NotNull @DecimalMin("0") @Digits(integer = 12, fraction = 4) BigDecimal keepItemThreshold,
                              @Size(max = 64) String timeZone) {
        public ReturnPolicyTerms toTerms() {
            return new ReturnPolicyTerms(windowDays, windowDaysByReason, windowDaysByCategory, restockingFeePercent,
                    feeWaivedReasons, new AutoApprovalRules(autoApproval.enabled(), autoApproval.requireWithinWindow(),
                    autoApproval.maxValue(), autoApproval.reasons()), receiptDeadlineDays, keepItemThreshold, timeZone);
        }
    }
}

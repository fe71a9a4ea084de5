package com.jxc.returns.query.audit;

import com.jxc.returns.api.query.FindPolicyBacktestQuery;
import com.jxc.returns.api.query.PolicyBacktest;
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
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * What a draft policy would have changed: the draft (same shape as {@code PUT /api/return-policy}) replayed against
 * the returns requested in [{@code from}, {@code to}). Reads only; defines nothing.
 */
@RestController
@RequestMapping("/api/return-policy")
class PolicyBacktestController {

    private final QueryGateway queries;

    PolicyBacktestController(QueryGateway queries) {
        this.queries = queries;
    }

    @PostMapping("/backtest")
    PolicyBacktest backtest(@Valid @RequestBody BacktestRequest request) {
        return queries.query(new FindPolicyBacktestQuery(request.policy().toTerms(), request.from(), request.to()),
                ResponseTypes.instanceOf(PolicyBacktest.class)).join();
    }

    record BacktestRequest(@NotNull @Valid DraftPolicy policy, @NotNull Instant from, @NotNull Instant to) {
    }

    record DraftAutoApproval(boolean enabled, boolean requireWithinWindow,
                             @NotNull @DecimalMin("0") @Digits(integer = 12, fraction = 4) BigDecimal maxValue,
                             @Size(max = 10) Set<@NotNull ReturnReason> reasons) {
    }

    /** The shape of {@code PUT /api/return-policy}, with the same limits. */
    record DraftPolicy(@Min(0) @Max(ReturnPolicyTerms.MAX_DAYS) int windowDays,
                       @Size(max = 10) Map<@NotNull ReturnReason, @NotNull @Min(0) @Max(ReturnPolicyTerms.MAX_DAYS) Integer> windowDaysByReason,
                       @Size(max = 500) Map<@NotNull @Size(min = 1, max = 100) String, @NotNull @Min(0) @Max(ReturnPolicyTerms.MAX_DAYS) Integer> windowDaysByCategory,
                       @NotNull @DecimalMin("0") @DecimalMax("100") @Digits(integer = 3, fraction = 4) BigDecimal restockingFeePercent,
                       @Size(max = 10) Set<@NotNull ReturnReason> feeWaivedReasons,
                       @NotNull @Valid DraftAutoApproval autoApproval,
                       @Min(1) @Max(ReturnPolicyTerms.MAX_DAYS) int receiptDeadlineDays,
                       @NotNull @DecimalMin("0") @Digits(integer = 12, fraction = 4) BigDecimal keepItemThreshold,
                       @Size(max = 64) String timeZone) {
        ReturnPolicyTerms toTerms() {
            return new ReturnPolicyTerms(windowDays, windowDaysByReason, windowDaysByCategory, restockingFeePercent,
                    feeWaivedReasons, new AutoApprovalRules(autoApproval.enabled(), autoApproval.requireWithinWindow(),
                    autoApproval.maxValue(), autoApproval.reasons()), receiptDeadlineDays, keepItemThreshold, timeZone);
        }
    }
}

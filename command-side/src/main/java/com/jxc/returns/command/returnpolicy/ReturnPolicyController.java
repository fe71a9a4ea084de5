package com.jxc.returns.command.returnpolicy;

import com.jxc.returns.api.common.Role;
import com.jxc.returns.api.common.UserId;
import com.jxc.returns.api.returnpolicy.AutoApprovalRules;
import com.jxc.returns.api.returnpolicy.DefineReturnPolicyCommand;
import com.jxc.returns.api.returnpolicy.ReturnPolicyId;
import com.jxc.returns.api.returnpolicy.ReturnPolicyTerms;
import com.jxc.returns.api.returnrequest.ReturnReason;
import com.jxc.returns.command.web.CommandDispatcher;
import com.jxc.returns.command.web.RequestShapes;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.Map;
import java.util.Set;

/** Administrators define a new version of the return policy; reading it is on the query side. */
@RestController
@RequestMapping("/api/return-policy")
class ReturnPolicyController {

    private final CommandDispatcher commands;
    private final Clock clock;
    private final BigDecimal defaultDualControlThreshold;

    ReturnPolicyController(CommandDispatcher commands, Clock clock,
                           SettlementProperties settlement) {
        this.commands = commands;
        this.clock = clock;
        this.defaultDualControlThreshold = settlement.dualControlThreshold();
    }

    @PutMapping
    Map<String, Integer> define(@Valid @RequestBody PolicyRequest request) {
        var definedBy = new UserId(SecurityContextHolder.getContext().getAuthentication().getName());
        int version = commands.send(new DefineReturnPolicyCommand(ReturnPolicyId.CURRENT,
                request.toTerms(defaultDualControlThreshold),
                definedBy, clock.instant()), Role.ADMIN);
        return Map.of("version", version);
    }

    record AutoApprovalRequest(boolean enabled, boolean requireWithinWindow,
                               @NotNull @DecimalMin("0") @Digits(integer = 12, fraction = 4) BigDecimal maxValue,
                               @Size(max = 10) Set<@NotNull ReturnReason> reasons) {
    }

    record PolicyRequest(@Min(0) @Max(ReturnPolicyTerms.MAX_DAYS) int windowDays,
                         @Size(max = 10) Map<@NotNull ReturnReason, @NotNull @Min(0) @Max(ReturnPolicyTerms.MAX_DAYS) Integer> windowDaysByReason,
                         @Size(max = 500) Map<@NotNull @Size(min = 1, max = 100) @Pattern(regexp = RequestShapes.CATEGORY) String, @NotNull @Min(0) @Max(ReturnPolicyTerms.MAX_DAYS) Integer> windowDaysByCategory,
                         @NotNull @DecimalMin("0") @DecimalMax("100") @Digits(integer = 3, fraction = 4) BigDecimal restockingFeePercent,
                         @Size(max = 10) Set<@NotNull ReturnReason> feeWaivedReasons,
                         @NotNull @Valid AutoApprovalRequest autoApproval,
                         @Min(1) @Max(ReturnPolicyTerms.MAX_DAYS) int receiptDeadlineDays,
                         @NotNull @DecimalMin("0") @Digits(integer = 12, fraction = 4) BigDecimal keepItemThreshold,
                         @Size(max = 64) String timeZone,
                         @DecimalMin("0") @Digits(integer = 11, fraction = 4) BigDecimal dualControlThreshold) {
        /** Without a dual-control threshold the configured default applies (returns.settlement.dual-control-threshold). */
        ReturnPolicyTerms toTerms(BigDecimal defaultDualControlThreshold) {
            return new ReturnPolicyTerms(windowDays, windowDaysByReason, windowDaysByCategory, restockingFeePercent,
                    feeWaivedReasons, new AutoApprovalRules(autoApproval.enabled(), autoApproval.requireWithinWindow(),
                    autoApproval.maxValue(), autoApproval.reasons()), receiptDeadlineDays, keepItemThreshold, timeZone,
                    dualControlThreshold == null ? defaultDualControlThreshold : dualControlThreshold);
        }
    }
}

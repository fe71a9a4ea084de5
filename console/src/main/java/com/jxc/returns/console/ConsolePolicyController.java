package com.jxc.returns.console;

import com.jxc.returns.api.query.FindPolicyVersionsQuery;
import com.jxc.returns.api.query.PolicyBacktest;
import com.jxc.returns.api.query.PolicyVersions;
import com.jxc.returns.api.returnpolicy.ReturnPolicyTerms;
import com.jxc.returns.api.returnrequest.ReturnReason;
import com.jxc.returns.query.audit.BacktestRequest;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import java.time.Clock;
import java.util.List;

/** The return policy: its versions, the terms in force, and a draft replayed over past returns (backtest). */
@Profile("!command")
@Controller
class ConsolePolicyController {

    /** Rows of "returns decided differently" on one page; the totals always cover every return. */
    static final int BACKTEST_ROWS = 200;

    private final QueryGateway queries;
    private final ConsoleErrors errors;
    private final Validator validator;
    private final Clock clock;

    ConsolePolicyController(QueryGateway queries, ConsoleErrors errors, Validator validator, Clock clock) {
        this.queries = queries;
        this.errors = errors;
        this.validator = validator;
        this.clock = clock;
    }

    @GetMapping("/console/policy")
    String policy(Model model) {
        model.addAttribute("bt", PolicyBacktestForm.of(inForce(policyVersions(model))));
        return "console/policy";
    }

    /**
     * The draft on the form replayed over past returns: the API's own request (same validation) and query, so the
     * page shows what {@code POST /api/return-policy/backtest} answers for the same draft and period.
     */
    @PostMapping("/console/policy/backtest")
    String backtest(@RequestParam MultiValueMap<String, String> form, Model model) {
        PolicyVersions versions = policyVersions(model);
        model.addAttribute("bt", PolicyBacktestForm.of(inForce(versions)));
        try {
            PolicyBacktestForm draft = PolicyBacktestForm.read(form);
            model.addAttribute("bt", draft);
            BacktestRequest request = draft.toRequest(clock);
            var violations = validator.validate(request);
            if (!violations.isEmpty()) {
                throw new ConstraintViolationException(violations);
            }
            PolicyBacktest result = queries.query(request.toQuery(), ResponseTypes.instanceOf(PolicyBacktest.class))
                    .join();
            List<PolicyBacktest.ReturnOutcome> changed = result.returns().stream()
                    .filter(outcome -> !outcome.differences().isEmpty()).toList();
            model.addAttribute("backtest", result);
            model.addAttribute("changedCount", changed.size());
            model.addAttribute("changed", changed.subList(0, Math.min(changed.size(), BACKTEST_ROWS)));
        } catch (Exception e) {
            model.addAttribute("actionError", errors.explain(e));
        }
        return "console/policy";
    }

    /** The form posts here; a GET (the language switch, a reload) goes back to the page. */
    @GetMapping("/console/policy/backtest")
    String backtestPage() {
        return "redirect:/console/policy";
    }

    /** The form starts from the terms in force (the kernel's defaults before any version is defined). */
    private static ReturnPolicyTerms inForce(PolicyVersions versions) {
        return versions.versions().isEmpty() ? ReturnPolicyTerms.defaults() : versions.versions().get(0).terms();
    }

    private PolicyVersions policyVersions(Model model) {
        PolicyVersions versions = queries.query(new FindPolicyVersionsQuery(false),
                ResponseTypes.instanceOf(PolicyVersions.class)).join();
        model.addAttribute("versions", versions.versions());
        model.addAttribute("current", versions.versions().isEmpty() ? null : versions.versions().get(0));
        model.addAttribute("reasons", ReturnReason.values());
        return versions;
    }
}

package com.jxc.returns.console;

import org.springframework.context.annotation.Profile;
import com.jxc.returns.api.common.Money;
import com.jxc.returns.api.query.FindPolicyVersionsQuery;
import com.jxc.returns.api.query.PolicyVersionView;
import com.jxc.returns.api.query.PolicyVersions;
import com.jxc.returns.api.returnpolicy.AutoApprovalPolicy;
import com.jxc.returns.api.returnpolicy.KeepItemPolicy;
import com.jxc.returns.api.returnpolicy.RestockingFeePolicy;
import com.jxc.returns.api.returnpolicy.ReturnWindowPolicy;
import com.jxc.returns.api.returnrequest.ReturnReason;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the policy in force will say about a request before it is submitted, computed with the kernel's own policy
 * objects. A forecast: the order aggregate evaluates the policy again, and decides, on submission.
 */
@Profile("!command")
@Component
class PolicyPreview {

    private final QueryGateway queries;
    private final Clock clock;

    PolicyPreview(QueryGateway queries, Clock clock) {
        this.queries = queries;
        this.clock = clock;
    }

    record Verdict(int policyVersion, boolean withinWindow, LocalDate lastDay, BigDecimal value, String currency,
                   boolean autoApproved, List<String> reviewReasons, boolean feeWaived, BigDecimal fee,
                   BigDecimal estimatedCredit, boolean keepItem) {
    }

    Optional<PolicyVersionView> current() {
        PolicyVersions versions = queries.query(new FindPolicyVersionsQuery(true),
                ResponseTypes.instanceOf(PolicyVersions.class)).join();
        return versions.versions().stream().findFirst();
    }

    /** {@code quantities} by order line number; lines with 0 are left out. Empty when nothing is selected. */
    Optional<Verdict> assess(OrderLookup.Order order, Map<Integer, Integer> quantities, ReturnReason reason) {
        if (reason == null || quantities.values().stream().noneMatch(q -> q > 0)) {
            return Optional.empty();
        }
        return current().map(policy -> {
            var terms = policy.terms();
            Currency currency = Currency.getInstance(order.currency());
            Money value = Money.zero(currency);
            var categories = new java.util.ArrayList<String>();
            for (OrderLookup.Line line : order.lines()) {
                int quantity = quantities.getOrDefault(line.lineNo(), 0);
                if (quantity > 0) {
                    value = value.plus(new Money(line.unitPrice(), currency).times(quantity));
                    categories.add(line.category());
                }
            }
            var window = ReturnWindowPolicy.check(terms, order.shippedAt(), clock.instant(), reason, categories);
            var verdict = AutoApprovalPolicy.assess(terms.autoApproval(), window.within(), value, reason);
            Money fee = RestockingFeePolicy.fee(terms, reason, value);
            return new Verdict(policy.version(), window.within(), window.lastDay(), value.amount(),
                    currency.getCurrencyCode(), verdict.autoApproved(), verdict.reviewReasons(),
                    RestockingFeePolicy.isWaived(terms, reason), fee.amount(), value.minus(fee).amount(),
                    KeepItemPolicy.keepsItem(terms, value));
        });
    }
}

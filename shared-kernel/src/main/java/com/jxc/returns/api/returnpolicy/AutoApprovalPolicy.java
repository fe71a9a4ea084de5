package com.jxc.returns.api.returnpolicy;

import com.jxc.returns.api.common.Money;
import com.jxc.returns.api.returnrequest.ReturnReason;

import java.util.ArrayList;
import java.util.List;

/** Decides whether a request may skip review (自动审核), and if not, says why. */
public final class AutoApprovalPolicy {

    public static final String DISABLED = "auto-approval-disabled";
    public static final String OUTSIDE_WINDOW = "outside-return-window";
    public static final String ABOVE_THRESHOLD = "value-above-auto-approval-threshold";
    public static final String REASON_NEEDS_REVIEW = "reason-needs-review";

    private AutoApprovalPolicy() {
    }

    public record Verdict(boolean autoApproved, List<String> reviewReasons) {
        public Verdict {
            reviewReasons = List.copyOf(reviewReasons);
        }
    }

    public static Verdict assess(AutoApprovalRules rules, boolean withinWindow, Money value, ReturnReason reason) {
        var reasons = new ArrayList<String>();
        if (!rules.enabled()) {
            reasons.add(DISABLED);
        }
        if (rules.requireWithinWindow() && !withinWindow) {
            reasons.add(OUTSIDE_WINDOW);
        }
        if (value.amount().compareTo(rules.maxValue()) > 0) {
            reasons.add(ABOVE_THRESHOLD);
        }
        if (!rules.reasons().contains(reason)) {
            reasons.add(REASON_NEEDS_REVIEW);
        }
        return new Verdict(reasons.isEmpty(), reasons);
    }
}

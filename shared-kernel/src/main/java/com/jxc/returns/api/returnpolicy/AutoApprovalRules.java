package com.jxc.returns.api.returnpolicy;

import com.jxc.returns.api.returnrequest.ReturnReason;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * When a request is approved without a reviewer (自动审核): all of the enabled conditions must hold.
 * {@code maxValue} is in the order's currency.
 */
public record AutoApprovalRules(boolean enabled, boolean requireWithinWindow, BigDecimal maxValue,
                                Set<ReturnReason> reasons) {
    public AutoApprovalRules {
        Objects.requireNonNull(maxValue, "auto-approval maximum value is required");
        if (maxValue.signum() < 0) {
            throw new IllegalArgumentException("auto-approval maximum value must not be negative");
        }
        // in enum order: Set.copyOf iterates in an order that differs from one JVM run to the next, and the sets
        // end up as arrays in read models and answers
        reasons = reasons == null || reasons.isEmpty() ? Set.of()
                : Collections.unmodifiableSet(EnumSet.copyOf(reasons));
    }
}

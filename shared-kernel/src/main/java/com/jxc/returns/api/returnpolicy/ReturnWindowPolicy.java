package com.jxc.returns.api.returnpolicy;

import com.jxc.returns.api.returnrequest.ReturnReason;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;

/**
 * Is a request inside the return window (退货期限)? Each product category may set its own window, replacing the
 * default; a reason with its own window (e.g. quality defects) can only lengthen it. With several categories the
 * shortest window counts. Days are calendar days in the policy's time zone, the last day included.
 */
public final class ReturnWindowPolicy {

    private ReturnWindowPolicy() {
    }

    public record WindowCheck(boolean within, LocalDate lastDay) {
    }

    public static WindowCheck check(ReturnPolicyTerms terms, Instant shippedAt, Instant requestedAt,
                                    ReturnReason reason, Collection<String> categories) {
        int days = windowDays(terms, reason, categories);
        LocalDate lastDay = shippedAt.atZone(terms.zone()).toLocalDate().plusDays(days);
        LocalDate requestDay = requestedAt.atZone(terms.zone()).toLocalDate();
        return new WindowCheck(!requestDay.isAfter(lastDay), lastDay);
    }

    static int windowDays(ReturnPolicyTerms terms, ReturnReason reason, Collection<String> categories) {
        int base = categories.stream()
                .mapToInt(category -> terms.windowDaysByCategory().getOrDefault(category, terms.windowDays()))
                .min().orElse(terms.windowDays());
        Integer forReason = terms.windowDaysByReason().get(reason);
        return forReason == null ? base : Math.max(base, forReason);
    }
}

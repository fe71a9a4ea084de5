package com.jxc.returns.api.returnpolicy;

import com.jxc.returns.api.returnrequest.ReturnReason;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.Map;
import java.util.Collections;
import java.util.Objects;
import java.util.Set;

/**
 * The rules a return is decided under (退货政策). Window days count calendar days in {@code timeZone} from the day
 * the order shipped; the last day is inside the window. A settlement paying out more than
 * {@code dualControlThreshold} (in the order's currency) needs a second finance user to confirm it (four eyes);
 * versions stored before the threshold existed read as {@link #DEFAULT_DUAL_CONTROL_THRESHOLD}.
 */
public record ReturnPolicyTerms(int windowDays, Map<ReturnReason, Integer> windowDaysByReason,
                                Map<String, Integer> windowDaysByCategory, BigDecimal restockingFeePercent,
                                Set<ReturnReason> feeWaivedReasons, AutoApprovalRules autoApproval,
                                int receiptDeadlineDays, BigDecimal keepItemThreshold, String timeZone,
                                BigDecimal dualControlThreshold) {

    public static final int MAX_DAYS = 3650;
    public static final BigDecimal DEFAULT_DUAL_CONTROL_THRESHOLD = new BigDecimal("5000.00");

    public ReturnPolicyTerms {
        requireDays(windowDays, "return window days");
        windowDaysByReason = windowDaysByReason == null ? Map.of() : Map.copyOf(windowDaysByReason);
        windowDaysByCategory = windowDaysByCategory == null ? Map.of() : Map.copyOf(windowDaysByCategory);
        windowDaysByReason.values().forEach(days -> requireDays(days, "return window days per reason"));
        windowDaysByCategory.forEach((category, days) -> {
            if (category == null || category.isBlank() || category.length() > 100) {
                throw new IllegalArgumentException("product categories must be 1-100 characters");
            }
            // a category is a field name in the policy's read-model document
            if (category.startsWith("$") || category.contains(".") || category.chars().anyMatch(Character::isISOControl)) {
                throw new IllegalArgumentException("product categories may not start with '$' or contain '.' or "
                        + "control characters");
            }
            requireDays(days, "return window days per category");
        });
        Objects.requireNonNull(restockingFeePercent, "restocking fee percent is required");
        if (restockingFeePercent.signum() < 0 || restockingFeePercent.compareTo(BigDecimal.valueOf(100)) > 0) {
            throw new IllegalArgumentException("restocking fee percent must be between 0 and 100");
        }
        // in enum order: Set.copyOf iterates in an order that differs from one JVM run to the next, and the sets
        // end up as arrays in read models and answers
        feeWaivedReasons = feeWaivedReasons == null || feeWaivedReasons.isEmpty() ? Set.of()
                : Collections.unmodifiableSet(EnumSet.copyOf(feeWaivedReasons));
        Objects.requireNonNull(autoApproval, "auto-approval rules are required");
        requireDays(receiptDeadlineDays, "receipt deadline days");
        if (receiptDeadlineDays == 0) {
            throw new IllegalArgumentException("receipt deadline days must be at least 1");
        }
        Objects.requireNonNull(keepItemThreshold, "keep-item threshold is required");
        if (keepItemThreshold.signum() < 0) {
            throw new IllegalArgumentException("keep-item threshold must not be negative");
        }
        dualControlThreshold = dualControlThreshold == null ? DEFAULT_DUAL_CONTROL_THRESHOLD : dualControlThreshold;
        if (dualControlThreshold.signum() < 0) {
            throw new IllegalArgumentException("dual-control threshold must not be negative");
        }
        timeZone = timeZone == null ? "Asia/Shanghai" : timeZone;
        try {
            ZoneId.of(timeZone);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("unknown time zone " + timeZone);
        }
    }

    /** Terms without a dual-control threshold of their own: the default applies. */
    public ReturnPolicyTerms(int windowDays, Map<ReturnReason, Integer> windowDaysByReason,
                             Map<String, Integer> windowDaysByCategory, BigDecimal restockingFeePercent,
                             Set<ReturnReason> feeWaivedReasons, AutoApprovalRules autoApproval,
                             int receiptDeadlineDays, BigDecimal keepItemThreshold, String timeZone) {
        this(windowDays, windowDaysByReason, windowDaysByCategory, restockingFeePercent, feeWaivedReasons,
                autoApproval, receiptDeadlineDays, keepItemThreshold, timeZone, null);
    }

    /** The same terms with another dual-control threshold (null = the default). */
    public ReturnPolicyTerms withDualControlThreshold(BigDecimal threshold) {
        return new ReturnPolicyTerms(windowDays, windowDaysByReason, windowDaysByCategory, restockingFeePercent,
                feeWaivedReasons, autoApproval, receiptDeadlineDays, keepItemThreshold, timeZone, threshold);
    }

    /** Whether a settlement paying out {@code amount} needs a second finance user to confirm it. */
    public boolean needsDualControl(BigDecimal amount) {
        return amount.compareTo(dualControlThreshold) > 0;
    }

    /** What a new installation starts with: 30 days, 15 % restocking fee waived where the seller is at fault. */
    public static ReturnPolicyTerms defaults() {
        return new ReturnPolicyTerms(30, Map.of(ReturnReason.QUALITY_DEFECT, 90), Map.of(), new BigDecimal("15"),
                EnumSet.of(ReturnReason.QUALITY_DEFECT, ReturnReason.WRONG_ITEM, ReturnReason.TRANSIT_DAMAGE),
                new AutoApprovalRules(true, true, new BigDecimal("500.00"),
                        EnumSet.of(ReturnReason.QUALITY_DEFECT, ReturnReason.WRONG_ITEM, ReturnReason.TRANSIT_DAMAGE)),
                14, new BigDecimal("20.00"), "Asia/Shanghai");
    }

    public ZoneId zone() {
        return ZoneId.of(timeZone);
    }

    private static void requireDays(int days, String what) {
        if (days < 0 || days > MAX_DAYS) {
            throw new IllegalArgumentException(what + " must be between 0 and " + MAX_DAYS);
        }
    }
}

package com.jxc.returns.console;

import com.jxc.returns.api.returnpolicy.ReturnPolicyTerms;
import com.jxc.returns.api.returnrequest.ReturnReason;
import com.jxc.returns.query.audit.BacktestRequest;
import org.springframework.util.MultiValueMap;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The policy page's backtest form as typed, so that a refused draft is shown again exactly as it was entered; pre-filled
 * from the policy in force. It only parses text into the API's own {@link BacktestRequest}: the limits are that
 * request's Bean Validation constraints and the kernel's terms, checked by the caller, not repeated here.
 * Reasons are keyed by their enum name; {@code from} and {@code to} are optional days (Shanghai), {@code to} exclusive.
 */
record PolicyBacktestForm(String windowDays, Map<String, String> windowDaysByReason, String windowDaysByCategory,
                          String restockingFeePercent, Set<String> feeWaivedReasons, boolean autoEnabled,
                          boolean autoWithinWindow, String autoMaxValue, Set<String> autoReasons,
                          String receiptDeadlineDays, String keepItemThreshold, String timeZone, String from,
                          String to) {

    /** Plain decimals only (no exponent, no grouping): what {@code <input type="number">} sends. */
    private static final Pattern DECIMAL = Pattern.compile("-?[0-9]{1,20}(\\.[0-9]{1,12})?");
    private static final Pattern WHOLE = Pattern.compile("-?[0-9]{1,9}");
    private static final int MAX_TEXT = 40_000;

    /** The terms in force, as the form shows them; no period (everything up to now). */
    static PolicyBacktestForm of(ReturnPolicyTerms terms) {
        var byReason = new LinkedHashMap<String, String>();
        for (ReturnReason reason : ReturnReason.values()) {
            Integer days = terms.windowDaysByReason().get(reason);
            byReason.put(reason.name(), days == null ? "" : days.toString());
        }
        String byCategory = terms.windowDaysByCategory().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("\n"));
        return new PolicyBacktestForm(Integer.toString(terms.windowDays()), byReason, byCategory,
                terms.restockingFeePercent().toPlainString(), names(terms.feeWaivedReasons()),
                terms.autoApproval().enabled(), terms.autoApproval().requireWithinWindow(),
                terms.autoApproval().maxValue().toPlainString(), names(terms.autoApproval().reasons()),
                Integer.toString(terms.receiptDeadlineDays()), terms.keepItemThreshold().toPlainString(),
                terms.timeZone(), "", "");
    }

    /** The submitted fields; an unticked box is simply absent, so absent means false / not chosen. */
    static PolicyBacktestForm read(MultiValueMap<String, String> form) {
        var byReason = new LinkedHashMap<String, String>();
        for (ReturnReason reason : ReturnReason.values()) {
            byReason.put(reason.name(), field(form, "windowDaysByReason." + reason.name()));
        }
        return new PolicyBacktestForm(field(form, "windowDays"), byReason, field(form, "windowDaysByCategory"),
                field(form, "restockingFeePercent"), chosen(form, "feeWaivedReasons"),
                form.containsKey("autoApproval.enabled"), form.containsKey("autoApproval.requireWithinWindow"),
                field(form, "autoApproval.maxValue"), chosen(form, "autoApproval.reasons"),
                field(form, "receiptDeadlineDays"), field(form, "keepItemThreshold"), field(form, "timeZone"),
                field(form, "from"), field(form, "to"));
    }

    /**
     * The API's request for these fields. Text that is not a number or a day is refused here (naming the field as
     * the API's validation does); everything else is left to the request's constraints and the terms.
     * No {@code from}: from the first return; no {@code to}: up to the end of today.
     */
    BacktestRequest toRequest(Clock clock) {
        var byReason = new LinkedHashMap<ReturnReason, Integer>();
        windowDaysByReason.forEach((reason, days) -> {
            if (!days.isBlank()) {
                byReason.put(ReturnReason.valueOf(reason), whole("policy.windowDaysByReason[" + reason + "]", days));
            }
        });
        var policy = new BacktestRequest.DraftPolicy(whole("policy.windowDays", windowDays), byReason,
                categories(windowDaysByCategory), decimal("policy.restockingFeePercent", restockingFeePercent),
                reasons(feeWaivedReasons), new BacktestRequest.DraftAutoApproval(autoEnabled, autoWithinWindow,
                decimal("policy.autoApproval.maxValue", autoMaxValue), reasons(autoReasons)),
                whole("policy.receiptDeadlineDays", receiptDeadlineDays),
                decimal("policy.keepItemThreshold", keepItemThreshold), timeZone.isBlank() ? null : timeZone);
        Instant start = from.isBlank() ? Instant.EPOCH : day("from", from);
        Instant end = to.isBlank() ? LocalDate.now(clock.withZone(ConsoleFormat.ZONE)).plusDays(1)
                .atStartOfDay(ConsoleFormat.ZONE).toInstant() : day("to", to);
        return new BacktestRequest(policy, start, end);
    }

    public boolean feeWaived(String reason) {
        return feeWaivedReasons.contains(reason);
    }

    public boolean autoReason(String reason) {
        return autoReasons.contains(reason);
    }

    // ---------------------------------------------------------------- parsing

    private static String field(MultiValueMap<String, String> form, String name) {
        String value = form.getFirst(name);
        if (value == null) {
            return "";
        }
        if (value.length() > MAX_TEXT) {
            throw new IllegalArgumentException(name + ": too long");
        }
        return value.strip();
    }

    /** Known reason names only; anything else is not a choice the form offers. */
    private static Set<String> chosen(MultiValueMap<String, String> form, String name) {
        List<String> values = form.getOrDefault(name, List.of());
        var chosen = new TreeSet<String>();
        for (ReturnReason reason : ReturnReason.values()) {
            if (values.contains(reason.name())) {
                chosen.add(reason.name());
            }
        }
        return chosen;
    }

    private static Set<String> names(Set<ReturnReason> reasons) {
        return reasons.stream().map(Enum::name).collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<ReturnReason> reasons(Set<String> names) {
        var reasons = EnumSet.noneOf(ReturnReason.class);
        names.forEach(name -> reasons.add(ReturnReason.valueOf(name)));
        return reasons;
    }

    private static int whole(String field, String value) {
        if (!WHOLE.matcher(value).matches()) {
            throw new IllegalArgumentException(field + ": " + (value.isBlank() ? "required" : "not a whole number"));
        }
        return Integer.parseInt(value);
    }

    private static BigDecimal decimal(String field, String value) {
        if (!DECIMAL.matcher(value).matches()) {
            throw new IllegalArgumentException(field + ": " + (value.isBlank() ? "required" : "not a number"));
        }
        return new BigDecimal(value);
    }

    /** One {@code category=days} per line; blank lines are ignored. */
    private static Map<String, Integer> categories(String text) {
        var days = new LinkedHashMap<String, Integer>();
        int lineNo = 0;
        for (String line : text.split("\\R")) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            int eq = line.lastIndexOf('=');
            String field = "policy.windowDaysByCategory (line " + lineNo + ")";
            if (eq <= 0) {
                throw new IllegalArgumentException(field + ": expected category=days");
            }
            String category = line.substring(0, eq).strip();
            if (days.put(category, whole(field, line.substring(eq + 1).strip())) != null) {
                throw new IllegalArgumentException(field + ": category " + category + " given twice");
            }
        }
        return days;
    }

    private static Instant day(String field, String value) {
        try {
            return LocalDate.parse(value).atStartOfDay(ConsoleFormat.ZONE).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(field + ": not a day (yyyy-MM-dd)");
        }
    }
}

package com.jxc.returns.command.lines;

import com.jxc.returns.api.common.Quantity;
import com.jxc.returns.api.common.RuleViolation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.IntPredicate;
import java.util.function.ToIntFunction;

/**
 * The lines a command names by their line number, checked the same way wherever a command carries such a list
 * (reserving on the order, approving, receiving, inspecting): every line is one the aggregate knows, none is named
 * twice and, where a limit applies, none asks for more units than its line allows. Lines keep the command's order.
 * The names are checked for the whole list before any quantity.
 */
public final class NamedLines<T> {

    /** The text of a refusal for a line that asks for more than it allows. */
    @FunctionalInterface
    public interface Excess {
        String describe(int lineNo, Quantity asked, Quantity allowed);
    }

    private final Map<Integer, T> byLineNo;

    private NamedLines(Map<Integer, T> byLineNo) {
        this.byLineNo = byLineNo;
    }

    /**
     * @param known          whether the aggregate has a line with this number
     * @param unknownRule    the rule a line the aggregate does not know breaks
     * @param unknownMessage what is said about such a line, given its number
     */
    public static <T> NamedLines<T> check(List<T> lines, ToIntFunction<T> lineNo, IntPredicate known,
                                          String unknownRule, IntFunction<String> unknownMessage) {
        var byLineNo = new LinkedHashMap<Integer, T>();
        for (T line : lines) {
            int number = lineNo.applyAsInt(line);
            if (!known.test(number)) {
                throw RuleViolation.invalid(unknownRule, unknownMessage.apply(number));
            }
            if (byLineNo.put(number, line) != null) {
                throw RuleViolation.invalid("duplicate-line", "line " + number + " appears twice");
            }
        }
        return new NamedLines<>(byLineNo);
    }

    /** Refuses the first line that asks for more units than its line allows. */
    public NamedLines<T> noneExceeds(Function<T, Quantity> asked, IntFunction<Quantity> allowed, String rule,
                                     Excess message) {
        byLineNo.forEach((lineNo, line) -> {
            Quantity quantity = asked.apply(line);
            Quantity limit = allowed.apply(lineNo);
            if (quantity.exceeds(limit)) {
                throw RuleViolation.invalid(rule, message.describe(lineNo, quantity, limit));
            }
        });
        return this;
    }

    /** The line the command names with this number, or null when it names none. */
    public T get(int lineNo) {
        return byLineNo.get(lineNo);
    }

    /** The named lines, in the command's order. */
    public List<T> lines() {
        return List.copyOf(byLineNo.values());
    }
}

package com.jxc.returns.command;

import com.jxc.returns.api.common.RuleViolation;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;

/** Matches a {@link RuleViolation} by its stable rule name and kind. */
public final class Violations {

    private Violations() {
    }

    /** A command that can never succeed as given. */
    public static Matcher<RuleViolation> invalid(String rule) {
        return violation(rule, false);
    }

    /** A command that does not fit the current state. */
    public static Matcher<RuleViolation> conflict(String rule) {
        return violation(rule, true);
    }

    private static Matcher<RuleViolation> violation(String rule, boolean conflict) {
        return new TypeSafeMatcher<>(RuleViolation.class) {
            @Override
            protected boolean matchesSafely(RuleViolation violation) {
                return violation.rule().equals(rule) && violation.isConflict() == conflict;
            }

            @Override
            public void describeTo(Description description) {
                description.appendText((conflict ? "conflict " : "invalid ") + "rule violation '" + rule + "'");
            }

            @Override
            protected void describeMismatchSafely(RuleViolation item, Description mismatch) {
                mismatch.appendText("was " + (item.isConflict() ? "conflict " : "invalid ") + "'" + item.rule()
                        + "': " + item.getMessage());
            }
        };
    }
}

package com.jxc.returns.api.common;

/**
 * A command refused because it breaks a business rule or does not fit the current state.
 * {@code rule} is a stable kebab-case name a client can branch on; {@code conflict} tells a state conflict
 * (the same command could succeed at another time) from a command that can never succeed as given.
 */
public class RuleViolation extends RuntimeException {

    private final String rule;
    private final boolean conflict;

    private RuleViolation(String rule, boolean conflict, String message) {
        super(message, null, false, false);
        this.rule = rule;
        this.conflict = conflict;
    }

    /** The command does not fit the state the target is in now. */
    public static RuleViolation conflict(String rule, String message) {
        return new RuleViolation(rule, true, message);
    }

    /** The command breaks a rule whatever the state. */
    public static RuleViolation invalid(String rule, String message) {
        return new RuleViolation(rule, false, message);
    }

    public String rule() {
        return rule;
    }

    public boolean isConflict() {
        return conflict;
    }
}
